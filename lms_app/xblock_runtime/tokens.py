"""Signed handler URLs: the CSRF protection of XBlock handler calls.

A token names the user (and their session generation), the block, and
when it was issued; a handler call is refused when any of these does not
match, or when the token is older than the window.
"""
from functools import lru_cache

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

# A learner may keep a module open for a long time on a slow connection.
TOKEN_MAX_AGE = 24 * 3600


@lru_cache(maxsize=4)
def _serializer_for(secret_key: str) -> URLSafeTimedSerializer:
    # Built once per key rather than for each of a page's handler URLs;
    # it keeps no state between calls, so threads can share it.
    return URLSafeTimedSerializer(secret_key, salt="xblock-handler")


def _serializer() -> URLSafeTimedSerializer:
    return _serializer_for(current_app.config["SECRET_KEY"])


def sign_handler_token(user, usage_id: str) -> str:
    return _serializer().dumps([user.id, user.session_token, usage_id])


class TokenRefused(Exception):
    """The token is missing, tampered with, expired or not this user's or block's."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def check_handler_token(token: str | None, user, usage_id: str, max_age: int = TOKEN_MAX_AGE) -> None:
    if not token:
        raise TokenRefused("missing")
    try:
        user_id, session_token, signed_usage = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise TokenRefused("expired") from None
    except (BadSignature, ValueError, TypeError):
        raise TokenRefused("invalid") from None
    if user_id != user.id or session_token != user.session_token or signed_usage != usage_id:
        raise TokenRefused("foreign")
