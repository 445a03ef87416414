"""HTTP security headers, the session cookie's Secure flag, and requests refused before any view."""
from datetime import datetime, timedelta, timezone
from urllib.parse import unquote_to_bytes

from flask import Flask, abort, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature

# No inline script or style anywhere, no third-party origin: learners'
# browsers talk to this site only.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    # data: only for the empty favicon link, which saves phones a request.
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
])


class SessionCookieInterface(SecureCookieSessionInterface):
    """The signed session cookie: Secure whenever the request came over HTTPS, re-sent at most once a day.

    A signed-in session is permanent and its expiry slides with use
    (SESSION_REFRESH_EACH_REQUEST). Flask slides it by signing and sending
    the cookie again with every response: some 330 bytes of Set-Cookie on
    each page, each quiz answer and each JSON reply, on 2G, and a fifth of
    the server's work for a page that is already rendered. Here the cookie
    is sent again when the session changed or when it was signed more than
    REFRESH_AFTER ago, so an active session still lasts its full lifetime
    from the last day it was used.
    """

    REFRESH_AFTER = timedelta(days=1)

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)

    def open_session(self, app: Flask, request) -> SecureCookieSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return self.session_class()
        try:
            data, signed_at = serializer.loads(cookie, max_age=int(app.permanent_session_lifetime.total_seconds()),
                                               return_timestamp=True)
        except BadSignature:
            return self.session_class()
        opened = self.session_class(data)
        opened.signed_at = signed_at
        return opened

    def should_set_cookie(self, app: Flask, session: SecureCookieSession) -> bool:
        if session.modified:
            return True
        if not (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            return False
        signed_at = getattr(session, "signed_at", None)
        return signed_at is None or datetime.now(timezone.utc) - signed_at >= self.REFRESH_AFTER


# Pages whose form a visitor fills in before signing in, and whose answer
# may name the account: never kept by a browser or a proxy either.
PRIVATE_PAGES = frozenset({"auth.signin", "auth.signup", "auth.forgot_password", "auth.reset_password_link",
                           "auth.reset_password"})


def add_security_headers(response):
    headers = response.headers
    # A response that states its own caching keeps it: static files and
    # block assets are public and cached for a year (their URLs carry a
    # content hash), exports are already no-store. Everything else a
    # signed-in person gets is theirs: on a shared phone the Back button
    # after sign-out, or a proxy, must not show it to the next person.
    # The session is read, not the user: no database query for this.
    if "Cache-Control" not in headers and (request.endpoint in PRIVATE_PAGES or session.get("_user_id")):
        headers["Cache-Control"] = "no-store"
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def refuse_nul_bytes():
    """Refuse a NUL byte anywhere in the address or a posted form or JSON: 404 in the path, 400 elsewhere.

    No page, file name or text of ours contains one. PostgreSQL cannot
    store it in a text column and file functions raise on it, so it used
    to become a 500 deep inside a view (a display name at sign-up, a block
    file name).
    """
    if "\x00" in request.path:
        abort(404)
    if b"\x00" in unquote_to_bytes(request.query_string):
        abort(400)
    if request.mimetype in _FORM_TYPES:
        # Cached first: the XBlock runtime hands the raw body to the block
        # after this, and parsing from the cache leaves it readable.
        request.get_data(cache=True)
        for key, values in request.form.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                abort(400)
    elif request.is_json and _holds_nul(request.get_json(silent=True)):
        # A handler's idempotency key with a NUL was a 500 on PostgreSQL.
        abort(400)


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False
