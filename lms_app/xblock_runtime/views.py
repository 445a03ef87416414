"""XBlock handler calls and block assets over HTTP."""
import json
import mimetypes
from io import BytesIO

import webob
from flask import Blueprint, Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from xblock.core import XBlock
from xblock.exceptions import DisallowedFileError, NoSuchHandlerError, NoSuchUsage
from xblock.plugin import PluginMissingError

from ..accounts.models import User
from ..assets import ONE_YEAR
from ..extensions import csrf, db
from ..facilitate.schedule import opening_date_if_locked
from ..learn.models import Attempt
from ..learn.progress import record_attempt
from .field_data import FieldTooLarge
from .loading import find_published_block, runtime_for_blocks
from .runtime import anchor_for
from .tokens import TokenRefused, check_handler_token

bp = Blueprint("xblock", __name__)

IDEMPOTENCY_KEY_MAX = 64
ANSWER_TRIES = 3  # see the IntegrityError in handle()
RECORDED_EVENTS = ("grade", "completion")


class SubmissionRefused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _wants_json() -> bool:
    return request.is_json or request.accept_mimetypes.best == "application/json"


def _idempotency_key() -> str | None:
    if request.is_json:
        payload = request.get_json(silent=True)
        if not isinstance(payload, dict):
            raise SubmissionRefused(400, _("The answer could not be read. Reload the page and try again."))
        key = payload.get("idempotency_key")
    else:
        key = request.form.get("idempotency_key")
    if key is not None and (not isinstance(key, str) or not 8 <= len(key) <= IDEMPOTENCY_KEY_MAX):
        raise SubmissionRefused(400, _("The answer could not be read. Reload the page and try again."))
    return key


def _webob_request(suffix: str) -> webob.Request:
    body = request.get_data(cache=True)
    environ = dict(request.environ)
    environ["wsgi.input"] = BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    # The block always answers this runtime in JSON; the runtime decides
    # whether the browser gets JSON or a redirect back to the page (no-JS).
    environ["HTTP_ACCEPT"] = "application/json"
    return webob.Request(environ)


def _replayed(key: str) -> Attempt | None:
    return db.session.scalar(db.select(Attempt).where(Attempt.user_id == current_user.id,
                                                      Attempt.idempotency_key == key))


def _serialise_submissions(user_id: int) -> None:
    """Make this learner's submissions run one at a time until this transaction ends.

    Attempt limits and replays are then decided on state no other request
    is changing (tests/xblock_runtime/test_attempt_limits.py). PostgreSQL:
    a lock on the learner's row. SQLite: nothing to do, the transaction of
    a POST began with BEGIN IMMEDIATE (lms_app/database.py) and already
    holds the database's only write lock; SQLite has no FOR UPDATE, so the
    query would be a round trip for nothing on every submission.
    """
    if db.engine.dialect.name != "sqlite":
        db.session.execute(db.select(User.id).where(User.id == user_id).with_for_update())


def _respond(payload: dict | None, status: int, module_url: str, anchor: str, body: bytes = b"",
             content_type: str = "application/json"):
    """JSON for the page script; a 303 back to the block for a plain form post."""
    if _wants_json():
        if payload is not None:
            return Response(json.dumps(payload), status=status, content_type="application/json")
        return Response(body, status=status, content_type=content_type)
    if status >= 400 and payload and payload.get("error"):
        flash(payload["error"], "error")
    return redirect(f"{module_url}#{anchor}", code=303)


def _respond_to_replay(first: Attempt, module_url: str, anchor: str):
    """What the first submission got; past REPLAY_DAYS (xblock_runtime/replays.py), that it was recorded."""
    if first.response is None:
        return _respond({"ok": False, "error": _("This answer was already recorded. Reload the page to see it.")},
                        200, module_url, anchor)
    return _respond(first.response, 200, module_url, anchor)


@bp.route("/xblock/<path:usage_id>/handler/<handler>", methods=["POST"], defaults={"suffix": ""})
@bp.route("/xblock/<path:usage_id>/handler/<handler>/<path:suffix>", methods=["POST"])
@csrf.exempt  # the signed handler token is the CSRF protection of block calls
@login_required
def handle(usage_id: str, handler: str, suffix: str):
    """Call a block's handler for the signed-in learner, in one transaction."""
    try:
        check_handler_token(request.args.get("t"), current_user, usage_id)
    except TokenRefused:
        abort(403)
    published = find_published_block(usage_id, current_user.id)
    if published is None:
        abort(404)
    if published.enrollment is None:
        abort(403)
    if opening_date_if_locked(published.enrollment.cohort_id, published.module.slug) is not None:
        abort(403)  # the learner's cohort has not opened this module yet
    module_url = url_for("learn.module", course_slug=published.course.slug, module_slug=published.module.slug)
    anchor = anchor_for(usage_id)
    # Read the raw body before the form is parsed, so the block gets it too.
    request.get_data(cache=True)
    try:
        key = _idempotency_key()
    except SubmissionRefused as refused:
        return _respond({"ok": False, "error": refused.message}, 400, module_url, anchor)

    for tries_left in reversed(range(ANSWER_TRIES)):
        try:
            return _answer(published, usage_id, handler, suffix, key, module_url, anchor)
        except IntegrityError:
            db.session.rollback()
            # The same key won a race in another transaction: answer as it was answered.
            first = _replayed(key) if key else None
            if first is not None:
                return _respond_to_replay(first, module_url, anchor)
            # Else another request created a row this one meant to create:
            # two learners' first votes in a poll both insert its shared
            # tally, which no FOR UPDATE could lock before it existed. Once
            # more: the row exists now, and is locked and read like any other.
            if not tries_left:
                raise


def _answer(published, usage_id: str, handler: str, suffix: str, key: str | None, module_url: str, anchor: str):
    """Call the handler and store what it changed, in one transaction that the caller may run again."""
    _serialise_submissions(current_user.id)
    if key:
        first = _replayed(key)
        if first is not None:
            db.session.rollback()
            return _respond_to_replay(first, module_url, anchor)

    language = str(get_locale())
    runtime = runtime_for_blocks(current_user, language, published.version.default_language,
                                 [published.block], for_update=True)
    try:
        block = runtime.get_block(usage_id)
        response = runtime.handle(block, handler, _webob_request(suffix), suffix)
    except (NoSuchHandlerError, NoSuchUsage, PluginMissingError):
        db.session.rollback()
        abort(404)
    except FieldTooLarge:
        db.session.rollback()
        return _respond({"ok": False, "error": _("This answer is too long to be saved. Please shorten it.")},
                        413, module_url, anchor)

    events = [e for e in runtime.events if e.event_type in RECORDED_EVENTS]
    payload = None
    if response.content_type == "application/json":
        try:
            payload = json.loads(response.body or b"null")
        except ValueError:
            payload = None
    if events:
        if not key:
            db.session.rollback()
            return _respond({"ok": False, "error": _("The answer could not be read. Reload the page and try again.")},
                            400, module_url, anchor)
        event = events[-1]
        grade = event.data if event.event_type == "grade" else None
        earned = float(grade["value"]) if grade else None
        possible = float(grade["max_value"]) if grade else None
        attempt = Attempt(
            user_id=current_user.id, course_id=published.course.id, module_slug=published.module.slug,
            usage_id=usage_id, quiz_id=published.block.quiz_id, idempotency_key=key,
            answer=getattr(event.block, "answer", None), score=earned, max_score=possible,
            correct=None if grade is None else earned >= possible, response=payload,
        )
        record_attempt(published.enrollment, published.version, published.module, attempt)
    db.session.commit()
    return _respond(payload, response.status_code, module_url, anchor, response.body, response.content_type)


@bp.route("/xblock/resource/<block_type>/<path:uri>")
def resource(block_type: str, uri: str):
    """A file from an allowed block's `public/` folder, cached for a year (URLs carry a version)."""
    if block_type not in current_app.config["XBLOCK_ALLOWED"]:
        abort(404)
    try:
        block_class = XBlock.load_class(block_type)
        stream = block_class.open_local_resource(uri)
    except (PluginMissingError, DisallowedFileError, FileNotFoundError, OSError):
        abort(404)
    with stream:
        data = stream.read()
    mimetype = mimetypes.guess_type(uri)[0] or "application/octet-stream"
    response = Response(data, mimetype=mimetype)
    response.cache_control.public = True
    response.cache_control.max_age = ONE_YEAR
    response.add_etag()
    return response.make_conditional(request)


@bp.route("/xblock/bundle.<kind>")
def bundle(kind: str):
    """The page's block CSS or JS in one response, cached for a year (the URL carries a version)."""
    from .bundles import BUNDLE_KINDS, bundle_body, parts_from_query

    if kind not in BUNDLE_KINDS:
        abort(404)
    try:
        body = bundle_body(kind, parts_from_query(request.args.get("p", "")))
    except (PluginMissingError, DisallowedFileError, FileNotFoundError, OSError):
        abort(404)
    response = Response(body, mimetype=BUNDLE_KINDS[kind])
    response.cache_control.public = True
    response.cache_control.max_age = ONE_YEAR
    response.add_etag()
    return response.make_conditional(request)
