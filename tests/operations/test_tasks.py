"""The task queue: SQLite in the instance folder or Redis; a task waits while no consumer runs, a real consumer runs it,
and a consumer stopped by SIGTERM or SIGINT finishes the task it is running."""
import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from huey import RedisHuey, SqliteHuey

from lms_app import create_app
from lms_app.extensions import db
from lms_app.facilitate.dashboard import cohort_dashboard
from lms_app.facilitate.models import Reminder
from lms_app.facilitate.reminders import queue_reminders, send_reminders
from lms_app.facilitate.schedule import today
from lms_app.tasks import enqueue

from ..conftest import _Mailbox, redis_reachable
from ..facilitate.conftest import add_learners, cohort, course, facilitator, set_activity, utc_now  # noqa: F401

REDIS_URL = "redis://127.0.0.1:6379/14"
FLASK = Path(sys.executable).parent / "flask"
ROOT = Path(__file__).resolve().parents[2]


def test_the_queue_is_sqlite_in_the_instance_folder_unless_redis_is_configured(tmp_path):
    base = {"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"}
    embedded = create_app(base, instance_path=str(tmp_path / "a")).extensions["tasks"].huey
    assert isinstance(embedded, SqliteHuey) and not embedded.immediate
    assert embedded.storage.filename == str(tmp_path / "a" / "tasks.sqlite3")
    shared = create_app({**base, "REDIS_URL": REDIS_URL}, instance_path=str(tmp_path / "b")).extensions["tasks"].huey
    assert isinstance(shared, RedisHuey)


def test_a_consumer_refuses_to_start_when_tasks_run_immediately(app):
    result = app.test_cli_runner().invoke(args=["tasks", "consumer"])
    assert result.exit_code == 1 and "TASKS_IMMEDIATE" in result.output


@pytest.fixture(params=["sqlite", "redis"])
def queued_app(request, app, database_url, tmp_path):
    """A second app on the test database with a real queue (the suite's own runs its tasks immediately)."""
    config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": app.config["SECRET_KEY"],
              "RATELIMIT_STORAGE_URI": "memory://", "REDIS_URL": None}
    if request.param == "redis":
        if not redis_reachable():
            pytest.skip("needs Redis on 127.0.0.1:6379")
        config["REDIS_URL"] = REDIS_URL
    queued = create_app(config, instance_path=str(tmp_path / "instance"))
    huey = queued.extensions["tasks"].huey
    huey.flush()
    yield queued
    huey.flush()
    with queued.app_context():
        db.engine.dispose()


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_task_waits_while_no_consumer_runs_and_a_consumer_started_later_runs_it(
        app, queued_app, cohort, course, add_learners, mailbox, tmp_path):
    (amina,) = add_learners("amina", email="amina@example.org")
    set_activity(amina, course, days_ago=10)
    assert queue_reminders(cohort_dashboard(cohort, utc_now()), today()) == 1
    huey = queued_app.extensions["tasks"].huey
    with queued_app.app_context():
        enqueue(send_reminders, cohort.id, today().isoformat(), "http://learn.example.org/courses/referral")
        assert "queued: 1" in queued_app.test_cli_runner().invoke(args=["tasks", "status"]).output

    # No consumer: the task waits in the queue, nothing is sent.
    time.sleep(1.5)
    assert _pending_reminders(huey) == 1
    assert mailbox.messages == []
    db.session.rollback()
    assert db.session.scalar(db.select(Reminder.sent_at)) is None

    # A consumer process starts (the command of `make run` and of docs/operations.md) and runs it.
    env = _consumer_environment(app, queued_app, app.config["MAIL_PORT"])
    log = tmp_path / "consumer.log"
    with open(log, "wb") as output:
        consumer = subprocess.Popen([str(FLASK), "--app", "lms_app", "tasks", "consumer", "--workers", "1"],
                                    cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            assert _wait_for(lambda: mailbox.messages, 90), log.read_text()
        finally:
            consumer.send_signal(signal.SIGINT)  # graceful: after the running task
            consumer.wait(timeout=30)
    assert consumer.returncode == 0, log.read_text()
    [message] = mailbox.messages
    assert message["To"] == "amina@example.org"
    assert "http://learn.example.org/courses/referral" in message.get_content()
    assert _pending_reminders(huey) == 0
    db.session.rollback()
    assert db.session.scalar(db.select(Reminder.sent_at)) is not None
    assert "send_reminders" in log.read_text()



def _pending_reminders(huey) -> int:
    """The reminder tasks waiting in the queue.

    Not huey's pending_count(): a consumer's scheduler also queues the
    periodic tasks when their minute comes (files' clean-up at minute 17 of
    every hour), and a test that ran across it counted one more.
    """
    return sum(task.name == "send_reminders" for task in huey.pending())

def _consumer_environment(app, queued_app, mail_port: int) -> dict:
    """The LMS_* environment of a consumer process serving `queued_app`'s queue and database."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("LMS_")}
    env.update(LMS_DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], LMS_INSTANCE_PATH=queued_app.instance_path,
               LMS_SECRET_KEY=app.config["SECRET_KEY"], LMS_MAIL_SERVER="127.0.0.1",
               LMS_MAIL_PORT=str(mail_port), LMS_MAIL_STARTTLS="0")
    if queued_app.config["REDIS_URL"]:
        env["LMS_REDIS_URL"] = queued_app.config["REDIS_URL"]
    return env


class _SlowMailServer(_Mailbox):
    """A mail server that takes `seconds` to accept a recipient: the task mailing it is running meanwhile.

    The message arrives only if the sender goes on after the wait (a
    consumer that abandons the task never sends it).
    """

    def __init__(self, seconds: float):
        super().__init__()
        self.seconds = seconds
        self.recipient_waiting = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.recipient_waiting.set()
        await asyncio.sleep(self.seconds)
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def slow_mail_server():
    """A function that starts a _SlowMailServer(seconds) on a free local port and returns (server, port)."""
    from aiosmtpd.controller import Controller

    controllers = []

    def start(seconds: float):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = _SlowMailServer(seconds)
        controllers.append(Controller(server, hostname="127.0.0.1", port=port))
        controllers[-1].start()
        return server, port

    yield start
    for controller in controllers:
        controller.stop()


def _a_reminder_being_sent(app, queued_app, cohort, course, add_learners, mail_server, port, tmp_path,
                           *options) -> tuple[subprocess.Popen, Path]:
    """Two reminder tasks queued and a consumer (one worker) started: returns once it is mailing the first."""
    (amina,) = add_learners("amina", email="amina@example.org")
    set_activity(amina, course, days_ago=10)
    assert queue_reminders(cohort_dashboard(cohort, utc_now()), today()) == 1
    with queued_app.app_context():
        for _ in range(2):
            enqueue(send_reminders, cohort.id, today().isoformat(), "http://learn.example.org/courses/referral")
    log = tmp_path / "consumer.log"
    with open(log, "wb") as output:
        consumer = subprocess.Popen(
            [str(FLASK), "--app", "lms_app", "tasks", "consumer", "--workers", "1", *options], cwd=ROOT,
            env=_consumer_environment(app, queued_app, port), stdout=output, stderr=subprocess.STDOUT)
    if not mail_server.recipient_waiting.wait(90):
        consumer.kill()
        pytest.fail(log.read_text())
    return consumer, log


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stopped_consumer_finishes_the_running_task_takes_no_other_and_exits_0(
        app, queued_app, cohort, course, add_learners, slow_mail_server, tmp_path, stop):
    """systemd and Docker stop with SIGTERM, people with Ctrl-C: both let the running task finish."""
    mail_server, port = slow_mail_server(3)
    consumer, log = _a_reminder_being_sent(app, queued_app, cohort, course, add_learners, mail_server, port,
                                           tmp_path)
    consumer.send_signal(stop)
    try:
        consumer.wait(timeout=60)
    finally:
        consumer.kill()
    assert consumer.returncode == 0, log.read_text()
    [message] = mail_server.messages  # sent after the signal, when the mail server accepted the recipient
    assert message["To"] == "amina@example.org"
    # The signal came while the task ran, and the task ran to its end.
    output = log.read_text()
    finished = re.search(r"reminders\.send_reminders: \S+ .*executed in", output)
    assert finished and output.index(f"Received {stop.name}") < finished.start(), output
    # The second task was not taken: it waits for the next consumer.
    assert _pending_reminders(queued_app.extensions["tasks"].huey) == 1


@pytest.mark.parametrize("impatience", ["stop timeout", "second SIGTERM"])
def test_a_stop_past_the_stop_timeout_or_signalled_twice_abandons_the_running_task_and_exits_0(
        app, queued_app, cohort, course, add_learners, slow_mail_server, tmp_path, impatience):
    """A bounded stop: the consumer, not the supervisor's SIGKILL, ends a task that runs too long, and says so."""
    mail_server, port = slow_mail_server(30)
    options = ["--stop-timeout", "1"] if impatience == "stop timeout" else []
    consumer, log = _a_reminder_being_sent(app, queued_app, cohort, course, add_learners, mail_server, port,
                                           tmp_path, *options)
    started = time.monotonic()
    consumer.send_signal(signal.SIGTERM)
    if impatience == "second SIGTERM":
        assert _wait_for(lambda: "Shutting down gracefully" in log.read_text(), 10), log.read_text()
        consumer.send_signal(signal.SIGTERM)
    try:
        consumer.wait(timeout=20)
    finally:
        consumer.kill()
    assert consumer.returncode == 0, log.read_text()
    assert time.monotonic() - started < 20
    assert ("Shutdown timeout of 1.0s elapsed" if impatience == "stop timeout"
            else "Received request to shut down now") in log.read_text()
    assert mail_server.messages == []
    # At most once: the abandoned reminder stays claimed and is not sent again; the other task waits.
    db.session.rollback()
    assert db.session.scalar(db.select(Reminder.sent_at)) is not None
    assert _pending_reminders(queued_app.extensions["tasks"].huey) == 1


def test_flask_serve_runs_a_consumer_beside_the_server_and_stops_it_with_the_server(
        app, database_url, tmp_path, cohort, course, add_learners, mailbox):
    """What `make run` does: the development server and a consumer, and nothing left running after."""
    queued = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": app.config["SECRET_KEY"],
                         "REDIS_URL": None}, instance_path=str(tmp_path / "instance"))
    (amina,) = add_learners("amina", email="amina@example.org")
    set_activity(amina, course, days_ago=10)
    queue_reminders(cohort_dashboard(cohort, utc_now()), today())
    with queued.app_context():
        enqueue(send_reminders, cohort.id, today().isoformat(), "http://localhost/courses/referral")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {key: value for key, value in os.environ.items() if not key.startswith("LMS_")}
    env.update(LMS_DATABASE_URL=database_url, LMS_INSTANCE_PATH=queued.instance_path,
               LMS_SECRET_KEY=app.config["SECRET_KEY"], LMS_MAIL_SERVER="127.0.0.1",
               LMS_MAIL_PORT=str(app.config["MAIL_PORT"]), LMS_MAIL_STARTTLS="0")
    log = tmp_path / "serve.log"
    with open(log, "wb") as output:
        server = subprocess.Popen([str(FLASK), "--app", "lms_app", "serve", "--port", str(port)], cwd=ROOT, env=env,
                                  stdout=output, stderr=subprocess.STDOUT)
        try:
            assert _wait_for(lambda: mailbox.messages, 90), log.read_text()
            children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
            assert len(children) == 1  # the consumer
            assert urllib.request.urlopen(f"http://127.0.0.1:{port}/signin", timeout=10).status == 200
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert not Path(f"/proc/{children[0]}").exists(), "the consumer outlived the server"
    with queued.app_context():
        db.engine.dispose()
