"""Password reset by e-mail: a signed link that works once, for a limited time.

The link carries a token signed with the app's secret key (itsdangerous,
with a salt of its own so that no other signed value of the app can pass
for it). It holds the user id and a fingerprint of the account's current
password hash and e-mail address: the first password set with it changes
the hash (argon2 draws a new salt every time), so the link dies once used;
it also dies if the address changes, and after PASSWORD_RESET_MINUTES.
Nothing is stored on the server.

Asking for a link must not tell whether an account exists: the answer is
the same page for every name, and the request does the same work for every
name: it only queues what was typed. The lookup, the token and the mail
happen in a background task (lms_app/tasks.py), after the answer, where
their time cannot be seen; the queue also retries when the mail server
is down.
"""
import hashlib
import hmac

from flask import current_app, render_template, request
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import or_

from ..config import LANGUAGES
from ..extensions import db
from ..mail import send_mail
from ..tasks import enqueue, external_url, task
from .models import User
from .service import normalise_username, set_own_password

SALT = "password-reset"


class ResetLinkError(ValueError):
    """A reset token that cannot be used; `code` is "expired" or "invalid" (forged, used, or for no account)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _fingerprint(password_hash: str, email: str | None) -> str:
    """A digest of what the link must still match; the hash itself never leaves the database."""
    digest = hashlib.sha256(f"{password_hash}\x00{email or ''}".encode()).hexdigest()
    return digest[:32]


def max_age_seconds() -> int:
    return int(current_app.config["PASSWORD_RESET_MINUTES"]) * 60


def reset_token(user: User) -> str:
    """A token that lets `user` set a new password once, within the configured minutes."""
    return _serializer().dumps([user.id, _fingerprint(user.password_hash, user.email)])


def user_for_token(token: str) -> User:
    """The account a token may reset, or ResetLinkError("expired" or "invalid")."""
    serializer = _serializer()
    try:
        user_id, fingerprint = serializer.loads(token, max_age=max_age_seconds())
    except SignatureExpired:
        return _expired_or_invalid(serializer, token)
    except (BadSignature, ValueError, TypeError):
        raise ResetLinkError("invalid") from None
    if not isinstance(user_id, int) or not isinstance(fingerprint, str):
        raise ResetLinkError("invalid")
    user = db.session.get(User, user_id)
    if user is None or user.deleted_at is not None or not hmac.compare_digest(
            fingerprint, _fingerprint(user.password_hash, user.email)):
        raise ResetLinkError("invalid")
    return user


def _expired_or_invalid(serializer: URLSafeTimedSerializer, token: str):
    """An expired link that was already used is "invalid": the learner should not be told to hurry."""
    try:
        user_id, fingerprint = serializer.loads_unsafe(token)[1]
        user = db.session.get(User, int(user_id))
        still_matches = user is not None and hmac.compare_digest(
            str(fingerprint), _fingerprint(user.password_hash, user.email))
    except (TypeError, ValueError):
        still_matches = False
    raise ResetLinkError("expired" if still_matches else "invalid")


def set_password_with_token(token: str, new_password: str) -> User:
    """Set a new password through a reset link and sign the account out everywhere.

    Raises ResetLinkError when the link cannot be used, AccountError
    ("password_*") when the new password breaks the sign-up rules.
    """
    user = user_for_token(token)
    set_own_password(user, new_password)
    return user


def _account_for(login: str) -> User | None:
    """The live account with this username or e-mail address, in one query whatever was typed."""
    return db.session.scalar(db.select(User).where(
        or_(User.username == normalise_username(login), User.email == login.strip().lower()),
        User.deleted_at.is_(None)))


def request_reset(login: str) -> None:
    """Queue a reset link for the account named by `login` (username or e-mail), if it has an address.

    Says nothing, and spends the same time, whether or not such an account
    exists: the same task is queued for every name, and the task decides.
    """
    url_root = request.url_root
    # Behind a proxy that does not pass the scheme on (no X-Forwarded-Proto),
    # the request looks like plain HTTP; a site configured for HTTPS links
    # must not mail an http:// link.
    if current_app.config.get("PREFERRED_URL_SCHEME") == "https" and url_root.startswith("http://"):
        url_root = "https://" + url_root[len("http://"):]
    # The request's transaction (SQLite's write lock of a POST) ends before
    # queueing: a task run at once (TASKS_IMMEDIATE) has a session of its own.
    db.session.commit()
    enqueue(send_reset_link, login.strip()[:254], url_root, str(get_locale()))


# A few retries over about half an hour: after that the link would be of
# little use, and the learner can ask again.
@task(retries=4, retry_delay=60, retry_backoff=2)
def send_reset_link(login: str, url_root: str, request_language: str) -> None:
    """Mail a reset link to the account named by `login`, in its language, if it has an e-mail address.

    `url_root` is the site's address as the asking request saw it (after
    ProxyFix); `request_language` the language of the page the link was
    asked from, used when the account has none of its own.
    """
    user = _account_for(login)
    if user is None or not user.email:
        return
    language = user.locale if user.locale in LANGUAGES else request_language
    with force_locale(language):
        link = external_url(url_root, "auth.reset_password_link", token=reset_token(user))
        subject = _("Reset your CP Learn password")
        body = render_template("accounts/password_reset_mail.txt", user=user, link=link,
                               minutes=current_app.config["PASSWORD_RESET_MINUTES"])
    # A failure raises and the queue retries; its log holds neither the
    # address nor the message, which carries a live link.
    send_mail(user.email, subject, body)
