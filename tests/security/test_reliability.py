"""Nothing lost: the database going away, many learners at once, a worker killed mid-answer.

- A database that cannot be reached gives the friendly 503 page (or JSON
  for the quiz script), to visitors and signed-in learners alike, never a
  traceback or the server's bare 500; the learner's next try succeeds.
- A fault in the middle of an answer's transaction leaves nothing half
  written: no attempt, no block state, no progress.
- 32+ concurrent requests from 8 learners (double clicks, retries, two
  questions each) store every attempt exactly once, and progress agrees
  with the attempts.
- A gunicorn worker killed with SIGKILL in the middle of submissions loses
  no answered attempt and leaves progress consistent.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from lms_app import create_app
from lms_app.catalog.models import Course
from lms_app.database import write_transaction
from lms_app.extensions import db
from lms_app.learn.models import Attempt, Enrollment, ModuleProgress
from lms_app.xblock_runtime.models import XBlockField
from lms_app.xblock_runtime.tokens import sign_handler_token

from .conftest import COURSE_SLUG, MODULE_SLUG, database_snapshot, form_token, sign_in_directly

FRIENDLY_503 = "Nothing you saved before is lost"


# The database unavailable

@pytest.fixture(scope="module")
def app_without_database(tmp_path_factory):
    """The app pointed at a database that cannot be opened (a folder that does not exist)."""
    instance = tmp_path_factory.mktemp("no-database")
    return create_app({"TESTING": True, "SECRET_KEY": "tests-only-secret-key",
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'missing' / 'lms.sqlite3'}"},
                      instance_path=str(instance))


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed-in learner"])
@pytest.mark.parametrize("url", ["/", f"/courses/{COURSE_SLUG}", "/my-learning", "/account", "/admin/users"])
def test_database_down_gives_the_friendly_503_page(app_without_database, signed_in, url):
    client = app_without_database.test_client()
    if signed_in:
        with client.session_transaction() as session:
            session["_user_id"] = "1:some-session-token"
    response = client.get(url, headers={"Accept-Language": "en"})
    page = response.get_data(as_text=True)
    if response.status_code == 302:  # pages for the signed-in send visitors to sign in first
        assert not signed_in
        return
    assert response.status_code == 503, url
    assert FRIENDLY_503 in page and '<main id="main">' in page and "Traceback" not in page


def test_database_down_answers_the_quiz_script_in_json(app_without_database):
    client = app_without_database.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1:some-session-token"
    response = client.post("/xblock/c/m/q/handler/submit?t=x", json={"answer": "c1", "idempotency_key": "k" * 16},
                           headers={"Accept": "application/json"})
    assert response.status_code == 503
    assert response.get_json()["ok"] is False


def test_database_down_on_a_form_post_is_no_crash(app_without_database):
    """The CSRF refusal page also needs the layout, which asks who is signed in."""
    client = app_without_database.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1:some-session-token"
    response = client.post("/signout", data={})
    assert response.status_code == 400
    assert "Traceback" not in response.get_data(as_text=True)


def test_pages_without_the_database_still_work(app_without_database):
    client = app_without_database.test_client()
    assert client.get("/privacy").status_code == 200
    assert client.get("/static/style.css").status_code == 200


class DatabaseFault:
    """Makes the database fail on statements matching `when`, as a connection lost mid-request would."""

    def __init__(self, engine, when):
        self.engine, self.when, self.failures = engine, when, 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._fail)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._fail)

    def _fail(self, conn, cursor, statement, parameters, context, executemany):
        if self.when(statement):
            self.failures += 1
            raise OperationalError(statement, parameters, Exception("server closed the connection unexpectedly"))


@pytest.mark.parametrize("as_json", [True, False], ids=["json", "form"])
def test_answer_lost_to_the_database_mid_transaction_leaves_nothing_and_the_retry_succeeds(
        app, world, client_as, as_json):
    learner = client_as("learner")
    url = world.handler_url("learner")
    body = {"answer": "c1", "idempotency_key": "fault-retry-0001"}
    before = database_snapshot()
    # The attempt row fails after the block's state was already written in this transaction.
    with DatabaseFault(db.engine, lambda sql: sql.lstrip().upper().startswith("INSERT INTO ATTEMPT")) as fault:
        if as_json:
            failed = learner.post(url, json=body, headers={"Accept": "application/json"})
        else:
            failed = learner.post(url, data=body, headers={"Accept": "text/html"})
    assert fault.failures == 1
    assert failed.status_code == 503
    assert FRIENDLY_503 in failed.get_data(as_text=True) or failed.get_json()["ok"] is False
    assert database_snapshot() == before  # no attempt, no block state, no progress
    retried = learner.post(url, json=body, headers={"Accept": "application/json"})
    assert retried.status_code == 200 and retried.get_json()["result"]["correct"] is True
    assert db.session.scalar(db.select(db.func.count(Attempt.id))) == 1
    assert db.session.scalar(db.select(db.func.count(XBlockField.id)).where(XBlockField.user_key != "")) >= 1


def test_sign_in_during_an_outage_then_after_it(app, world, client_as):
    client = client_as("anonymous")
    token = form_token(client, "/signin")
    with DatabaseFault(db.engine, lambda sql: "FROM user" in sql or 'FROM "user"' in sql):
        failed = client.post("/signin", data={"username": "amina", "password": "correct horse battery staple",
                                              "csrf_token": token})
    assert failed.status_code == 503
    ok = client.post("/signin", data={"username": "amina", "password": "correct horse battery staple",
                                      "csrf_token": token})
    assert ok.status_code == 303


# Many learners at once

def _live_server(app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _post(base, path, cookie, body, as_json, timeout=60):
    if as_json:
        data, content_type = json.dumps(body).encode(), "application/json"
    else:
        data, content_type = "&".join(f"{k}={v}" for k, v in body.items()).encode(), "application/x-www-form-urlencoded"
    request = urllib.request.Request(f"{base}{path}", data=data, headers={
        "Content-Type": content_type, "Accept": "application/json" if as_json else "text/html",
        "Cookie": f"session={cookie}"})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _learners(app, make_user, count, prefix="learner"):
    """`count` learners enrolled in the world's course, with their session cookies."""
    course = db.session.scalar(db.select(Course).where(Course.slug == COURSE_SLUG))
    people = []
    for number in range(count):
        user = make_user(f"{prefix}{number:02d}", display_name=f"Learner {number}")
        with write_transaction():
            db.session.add(Enrollment(user_id=user.id, course_id=course.id))
        client = app.test_client()
        sign_in_directly(client, user)
        people.append((user, client.get_cookie("session").value))
    return people


def _progress_agrees_with_attempts(user_id, choice_usage_id):
    attempts = list(db.session.scalars(db.select(Attempt).where(Attempt.user_id == user_id).order_by(Attempt.id)))
    graded = [a for a in attempts if a.usage_id == choice_usage_id]
    progress = db.session.scalar(db.select(ModuleProgress).where(
        ModuleProgress.user_id == user_id, ModuleProgress.module_slug == MODULE_SLUG))
    if not graded:
        assert progress is None or progress.answered_count == 0
        return attempts
    assert progress is not None
    assert progress.answered_count == 1
    assert progress.score == graded[-1].score
    return attempts


def test_forty_concurrent_requests_from_eight_learners_store_each_attempt_once(app, world, make_user):
    learners = _learners(app, make_user, 8)
    plan = []  # (user, cookie, path, body, as_json)
    for user, cookie in learners:
        choice = f"/xblock/{world.choice_usage_id}/handler/submit?t={sign_handler_token(user, world.choice_usage_id)}"
        reflect = (f"/xblock/{world.reflection_usage_id}/handler/submit?"
                   f"t={sign_handler_token(user, world.reflection_usage_id)}")
        first = {"answer": "c2", "idempotency_key": f"u{user.id}-choice-first"}
        plan += [(user, cookie, choice, first, True), (user, cookie, choice, first, True),  # a double click
                 (user, cookie, choice, {"answer": "c1", "idempotency_key": f"u{user.id}-choice-retry"}, True),
                 (user, cookie, reflect, {"answer": "I+would+listen", "idempotency_key": f"u{user.id}-reflect"}, False),
                 (user, cookie, reflect, {"answer": "I+would+listen", "idempotency_key": f"u{user.id}-reflect"}, False)]
    server = _live_server(app)
    base = f"http://127.0.0.1:{server.server_port}"
    results = [None] * len(plan)
    start = threading.Barrier(len(plan))

    def run(index):
        user, cookie, path, body, as_json = plan[index]
        start.wait()
        results[index] = _post(base, path, cookie, body, as_json)

    workers = [threading.Thread(target=run, args=(i,)) for i in range(len(plan))]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
    finally:
        server.shutdown()
    assert all(result is not None for result in results)
    assert {status for status, _ in results} <= {200, 303}, [status for status, _ in results]
    for index in range(0, len(plan), 5):  # the double click got the first answer's result
        assert json.loads(results[index][1]) == json.loads(results[index + 1][1])
    for user, _ in learners:
        attempts = _progress_agrees_with_attempts(user.id, world.choice_usage_id)
        keys = sorted(a.idempotency_key for a in attempts)
        assert keys == sorted([f"u{user.id}-choice-first", f"u{user.id}-choice-retry", f"u{user.id}-reflect"])


# A worker killed in the middle

GUNICORN = Path(sys.executable).parent / "gunicorn"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is not installed")
def test_worker_killed_mid_submission_loses_no_committed_attempt(app, world, make_user, tmp_path):
    learners = _learners(app, make_user, 4, prefix="killed")
    db.session.commit()
    env = {**os.environ, "LMS_DATABASE_URL": db.engine.url.render_as_string(hide_password=False), "LMS_SECRET_KEY": app.config["SECRET_KEY"],
           "LMS_INSTANCE_PATH": app.instance_path, "LMS_RATELIMIT_ENABLED": "0"}
    port = _free_port()
    master = subprocess.Popen([str(GUNICORN), "-k", "gthread", "-w", "2", "--threads", "4", "--log-level", "error",
                               "-b", f"127.0.0.1:{port}", "lms_app:create_app()"],
                              cwd=Path(__file__).resolve().parents[2], env=env)
    base = f"http://127.0.0.1:{port}"
    answered = {}  # key -> (status, body) of the requests that got an answer, None if the worker died under it
    sent = {}  # key -> (user, path, body)
    stop = threading.Event()
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/privacy", timeout=1)
                break
            except Exception:
                time.sleep(0.1)

        def submit(user, cookie, path):
            number = 0
            while not stop.is_set():
                number += 1
                key = f"k{user.id}-{number:05d}"
                body = {"answer": "c1" if number % 2 else "c2", "idempotency_key": key}
                sent[key] = (user, path, body)
                try:
                    answered[key] = _post(base, path, cookie, body, True, timeout=10)
                except (urllib.error.URLError, ConnectionError, OSError):
                    answered[key] = None  # the worker died under this request: unknown outcome

        threads = [threading.Thread(target=submit, args=(user, cookie, f"/xblock/{world.choice_usage_id}/handler/"
                                                                       f"submit?t={sign_handler_token(user, world.choice_usage_id)}"))
                   for user, cookie in learners]
        for thread in threads:
            thread.start()
        time.sleep(1.0)
        workers = [int(pid) for pid in Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()]
        assert workers, "gunicorn started no worker"
        os.kill(workers[0], signal.SIGKILL)
        time.sleep(1.5)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        master.send_signal(signal.SIGTERM)
        master.wait(timeout=30)
    db.session.rollback()
    stored = {a.idempotency_key: a for a in db.session.scalars(db.select(Attempt))}
    succeeded = [key for key, result in answered.items() if result and result[0] == 200]
    assert len(succeeded) > 20, "too few submissions went through to prove anything"
    assert all(key in stored for key in succeeded), "an answered attempt was lost"
    assert set(stored) <= set(answered), "an attempt nobody sent"
    for key in succeeded:  # what the learner was told is what was stored
        assert json.loads(answered[key][1])["result"]["correct"] == stored[key].correct
    if db.engine.dialect.name == "sqlite":
        assert db.session.execute(db.text("PRAGMA integrity_check")).scalar() == "ok"
    # The learners whose request died with the worker try again: stored once, progress consistent.
    for key in [key for key, result in answered.items() if result is None or result[0] != 200]:
        user, path, body = sent[key]
        client = app.test_client()
        sign_in_directly(client, db.session.get(type(user), user.id))
        for _ in range(2):
            retry = client.post(path, json=body, headers={"Accept": "application/json"})
            assert retry.status_code == 200
        assert db.session.scalar(db.select(db.func.count(Attempt.id)).where(Attempt.idempotency_key == key)) == 1
    for user, _ in learners:
        _progress_agrees_with_attempts(user.id, world.choice_usage_id)
