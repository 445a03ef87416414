"""Error pages in the site's layout, in the visitor's language."""
from flask import Flask, g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db, login_manager

MESSAGES = {
    400: (_l("Something in this request was not right"),
          _l("The form or link you used was incomplete or out of date. Go back, reload the page and try again.")),
    403: (_l("You do not have access to this page"),
          _l("If you think you should, ask your facilitator or the site administrator.")),
    404: (_l("Page not found"),
          _l("The address may be mistyped, or the page was moved or removed.")),
    405: (_l("This action is not possible here"),
          _l("Go back to the previous page and use its buttons.")),
    413: (_l("What you sent is too large"),
          _l("Send a smaller file or a shorter text.")),
    429: (_l("Too many attempts"),
          _l("For your safety, please wait a few minutes before trying again.")),
    500: (_l("Something went wrong on our side"),
          _l("Nothing you saved before is lost. Please try again in a moment.")),
    503: (_l("The service is busy"),
          _l("Nothing you saved before is lost. Please try again in a moment.")),
}


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def _who_is_signed_in_or_a_visitor() -> None:
    """Load the signed-in user for the layout; when the database cannot say, show the page to a visitor.

    The layout asks who is signed in, which needs the database: with the
    database down, a signed-in learner's error page failed in turn and
    became the server's bare 500 instead of the friendly 503.
    """
    try:
        current_user._get_current_object()
    except OperationalError:
        db.session.rollback()
        g._login_user = login_manager.anonymous_user()


def render_error(status: int, detail: str | None = None):
    title, hint = MESSAGES.get(status, MESSAGES[500])
    _who_is_signed_in_or_a_visitor()
    if _wants_json():
        return {"ok": False, "error": str(detail or title)}, status
    return render_template("errors/error.html", status=status, title=title, hint=detail or hint), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        # Kept lazy: translating needs the locale, which needs the user, which needs the database.
        return render_error(400, _l("This form has expired or was not sent from this site. "
                                    "Reload the page and try again."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code in (301, 302, 303, 307, 308):
            return error
        return render_error(error.code if error.code in MESSAGES else 400)

    @app.errorhandler(OperationalError)
    def database_unavailable(error):
        # The database went away for a moment: say so and let the learner
        # retry; the transaction was rolled back, nothing half-written stays.
        db.session.rollback()
        app.logger.warning("database unavailable: %s", error)
        return render_error(503)

    @app.errorhandler(InternalServerError)
    def internal_error(error):
        db.session.rollback()
        return render_error(500)
