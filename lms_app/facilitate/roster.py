"""Importing a cohort's roster from a CSV file.

A line names a learner by username or email, with a display name. An
existing account is put in the cohort; otherwise an account is created
with a one-time password that the facilitator prints and hands out (the
learner must choose their own at first sign-in; the password is never
stored in clear and never shown again).

The file is checked first, every line, then applied in one transaction:
each line is done or refused with its reason, and an error in the middle
leaves nothing half-imported. Files come from spreadsheets, so UTF-8 with
or without a byte order mark, Latin-1, commas or semicolons are all read;
cells that a spreadsheet would run as a formula are refused.
"""
import csv
import io
import unicodedata
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from ..accounts.models import User
from ..accounts.passwords import one_time_password
from ..accounts.service import USERNAME_RE, AccountError, new_user, normalise_username
from ..database import write_transaction
from ..extensions import db
from .cohorts import CohortError, add_learner
from .models import Cohort

MAX_BYTES = 256 * 1024
MAX_LINES = 1000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADERS = {
    "username": {"username", "user", "login", "nom d'utilisateur", "identifiant", "usuario", "nombre de usuario",
                 "اسم المستخدم"},
    "email": {"email", "e-mail", "mail", "courriel", "correo", "correo electrónico", "البريد الإلكتروني"},
    "display_name": {"display name", "display_name", "name", "full name", "nom", "nom affiché", "nombre",
                     "الاسم"},
}

# Outcomes of a line.
CREATED = "created"
ENROLLED = "enrolled"
ALREADY = "already"
REFUSED = "refused"


class RosterFileError(ValueError):
    """The whole file is refused; `code` names why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass
class RosterLine:
    number: int
    username: str
    email: str
    display_name: str
    outcome: str = ""
    reason: str = ""  # a code the view words, for refused lines
    password: str = ""  # the one-time password of a created account, shown once


def decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise RosterFileError("too_large")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Spreadsheets on Windows in French or Spanish save in Latin-1 by default.
        return data.decode("latin-1")


def parse(data: bytes) -> list[RosterLine]:
    """The lines of the file, or RosterFileError (empty, too_large, too_many_lines, no_header, unreadable)."""
    text = decode(data)
    if not text.strip():
        raise RosterFileError("empty")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error:  # a cell over csv's field size limit, a stray NUL byte
        raise RosterFileError("unreadable") from None
    header = [unicodedata.normalize("NFKC", cell).strip().casefold() for cell in rows[0]]
    columns = {}
    for name, synonyms in HEADERS.items():
        for index, cell in enumerate(header):
            if cell in synonyms and name not in columns:
                columns[name] = index
    if "username" not in columns and "email" not in columns:
        raise RosterFileError("no_header")
    body = rows[1:]
    if len(body) > MAX_LINES:
        raise RosterFileError("too_many_lines")

    def cell(row: list[str], name: str) -> str:
        index = columns.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    return [RosterLine(number, cell(row, "username"), cell(row, "email"), cell(row, "display_name"))
            for number, row in enumerate(body, start=2) if any(c.strip() for c in row)]


def _refusal(line: RosterLine, seen: set) -> str | None:
    """Why a line cannot be imported, checked before anything is written; None if it can."""
    for value in (line.username, line.email, line.display_name):
        if value.startswith(FORMULA_START):
            return "formula"
    if not line.username and not line.email:
        return "no_identity"
    if line.username and not USERNAME_RE.match(normalise_username(line.username)):
        return "username_invalid"
    if line.email:
        try:
            line.email = validate_email(line.email, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            return "email_invalid"
    if len(line.display_name) > 80:
        return "name_too_long"
    key = normalise_username(line.username) if line.username else line.email
    if key in seen:
        return "duplicate"
    seen.add(key)
    return None


def _find_account(line: RosterLine) -> User | None:
    if line.username:
        user = db.session.scalar(db.select(User).where(User.username == normalise_username(line.username)))
        if user is not None:
            return user
    if line.email:
        return db.session.scalar(db.select(User).where(User.email == line.email))
    return None


def _username_for(line: RosterLine) -> str:
    """The username of a new account: the one given, else made from the email's local part."""
    if line.username:
        return normalise_username(line.username)
    base = "".join(ch for ch in normalise_username(line.email.split("@")[0]) if ch.isalnum() or ch in ".-_")
    base = (base or "learner")[:30].ljust(3, "0")
    candidate, n = base, 1
    while db.session.scalar(db.select(User.id).where(User.username == candidate)) is not None:
        n += 1
        candidate = f"{base}{n}"
    return candidate


def import_roster(cohort: Cohort, data: bytes, language: str) -> list[RosterLine]:
    """Check every line, then apply the good ones in one transaction; returns every line with its outcome."""
    lines = parse(data)
    seen: set = set()
    for line in lines:
        reason = _refusal(line, seen)
        if reason:
            line.outcome, line.reason = REFUSED, reason
    with write_transaction() as session:
        for line in lines:
            if line.outcome == REFUSED:
                continue
            user = _find_account(line)
            created = False
            if user is not None and user.deleted_at is not None:
                line.outcome, line.reason = REFUSED, "deleted"
                continue
            if user is None:
                password = one_time_password()
                try:
                    user = new_user(_username_for(line), line.display_name or line.username or "", password,
                                    email=line.email or None, locale=language)
                except AccountError as error:
                    line.outcome, line.reason = REFUSED, error.code
                    continue
                user.must_change_password = True
                session.add(user)
                session.flush()
                line.username, line.password, created = user.username, password, True
            try:
                outcome = add_learner(session, cohort, user.id)
            except CohortError as error:
                line.outcome, line.reason = REFUSED, error.code
                if created:
                    session.delete(user)
                    line.password = ""
                continue
            line.username = user.username
            line.outcome = CREATED if created else (ALREADY if outcome == "already" else ENROLLED)
    return lines
