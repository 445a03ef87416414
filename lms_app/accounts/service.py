"""Account operations, called by the views and the command line."""
import re
import unicodedata

from sqlalchemy.exc import IntegrityError

from ..database import write_transaction
from ..extensions import db
from .models import User
from .passwords import hash_password, needs_rehash, one_time_password, password_problem, verify_password

USERNAME_RE = re.compile(r"^[\w.\-]{3,40}$")


class AccountError(ValueError):
    """A refused account operation; `code` names the reason for the form."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def normalise_username(username: str) -> str:
    """NFKC + case-fold: 'Amina', 'amina' and 'ａｍｉｎａ' are one account."""
    return unicodedata.normalize("NFKC", username).strip().casefold()


def find_user(username: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.username == normalise_username(username)))


def new_user(
    username: str,
    display_name: str,
    password: str,
    *,
    email: str | None = None,
    organisation_type: str | None = None,
    work_role: str | None = None,
    country: str | None = None,
    locale: str | None = None,
    is_author: bool = False,
    is_admin: bool = False,
    is_facilitator: bool = False,
) -> User:
    """A checked, not yet stored account, or AccountError (username_invalid, password_*)."""
    key = normalise_username(username)
    if not USERNAME_RE.match(key):
        raise AccountError("username_invalid")
    problem = password_problem(password, key)
    if problem:
        raise AccountError(f"password_{problem}")
    user = User(
        username=key,
        display_name=display_name.strip() or key,
        email=(email or "").strip().lower() or None,
        password_hash=hash_password(password),
        organisation_type=organisation_type or None,
        work_role=work_role or None,
        country=country or None,
        locale=locale or None,
        is_author=is_author,
        is_admin=is_admin,
        is_facilitator=is_facilitator,
    )
    return user


def create_user(username: str, display_name: str, password: str, **profile) -> User:
    """Create an account or raise AccountError (username_invalid, username_taken, email_taken, password_*)."""
    user = new_user(username, display_name, password, **profile)
    try:
        with write_transaction() as session:
            session.add(user)
    except IntegrityError as error:
        # The UNIQUE constraints decide, not a prior SELECT: two sign-ups
        # racing for one name cannot both win.
        message = str(error.orig).lower()
        raise AccountError("email_taken" if "email" in message else "username_taken") from None
    return user


def authenticate(username: str, password: str) -> User | None:
    """The user whose password this is, or None; same cost for unknown users."""
    user = find_user(username)
    if not verify_password(user.password_hash if user else None, password):
        return None
    if needs_rehash(user.password_hash):
        with write_transaction():
            user.password_hash = hash_password(password)
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password and sign out every other session of the user."""
    if not verify_password(user.password_hash, current):
        raise AccountError("password_wrong")
    set_own_password(user, new)


def set_own_password(user: User, new: str) -> None:
    """Set a password the user chose (sign-up rules apply) and sign out every session of theirs.

    Raises AccountError ("password_*") when the password breaks the rules.
    """
    problem = password_problem(new, user.username)
    if problem:
        raise AccountError(f"password_{problem}")
    with write_transaction():
        user.password_hash = hash_password(new)
        user.must_change_password = False
        user.revoke_sessions()


def give_one_time_password(user: User) -> str:
    """Replace the user's password with a one-time password, returned to be handed over once.

    The user is signed out everywhere and must choose their own password at
    the next sign-in; the one-time password is stored only as its hash.
    """
    password = one_time_password()
    with write_transaction():
        user.password_hash = hash_password(password)
        user.must_change_password = True
        user.revoke_sessions()
    return password


def end_all_sessions(user: User) -> None:
    """Sign the user out everywhere: every cookie carrying the old session token stops working."""
    with write_transaction():
        user.revoke_sessions()


def set_locale(user: User, locale: str) -> None:
    with write_transaction():
        user.locale = locale


def set_roles(user: User, *, is_author: bool, is_admin: bool, is_facilitator: bool) -> None:
    with write_transaction():
        user.is_author = is_author
        user.is_admin = is_admin
        user.is_facilitator = is_facilitator
