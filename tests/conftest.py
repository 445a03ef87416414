"""Fixtures shared by the web and database tests.

The database is the one named by LMS_DATABASE_URL (CI sets PostgreSQL) or a
fresh SQLite file; it is migrated once per run with the real migrations and
emptied after every test that used it.
"""
import os
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event, text

import courses
from lms_app import create_app
from lms_app.accounts.models import User
from lms_app.accounts.passwords import hash_password
from lms_app.catalog.publish import media_url, publish_courses
from lms_app.extensions import db, limiter

TEST_PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    return os.environ.get("LMS_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


class FreshContextClient(FlaskClient):
    """A test client whose every request gets its own app context, as in production.

    Without this, requests reuse the test's app context and share `g`
    (Flask-Login's cached user, Flask-WTF's cached token) across requests.
    After each request the test's own session starts a new transaction so
    that it sees what the request committed.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.rollback()
        db.session.expire_all()
        return response


@pytest.fixture(scope="session")
def _app(database_url, tmp_path_factory):
    from flask_migrate import upgrade

    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "tests-only-secret-key",
        "RATELIMIT_STORAGE_URI": "memory://",
        # Background tasks run inside the request that queues them (tests/operations/test_tasks.py
        # runs them through a real queue and consumer).
        "TASKS_IMMEDIATE": True,
    }, instance_path=str(tmp_path_factory.mktemp("instance")))
    app.test_client_class = FreshContextClient
    with app.app_context():
        upgrade()
    return app


@pytest.fixture
def app(_app):
    """The application with an empty database after the test."""
    with _app.app_context():
        yield _app
        db.session.rollback()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                db.session.execute(text(f'DELETE FROM "{table}"'))
        db.session.commit()
        db.session.remove()
    limiter.reset()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def password_hash():
    # One real argon2id hash for the whole run: hashing costs ~0.1 s by design.
    return hash_password(TEST_PASSWORD)


@pytest.fixture
def make_user(app, password_hash):
    """Create a user directly in the database; its password is TEST_PASSWORD."""

    def make(username="amina", display_name=None, **fields):
        user = User(username=username, display_name=display_name or username.title(),
                    password_hash=password_hash, **fields)
        db.session.add(user)
        db.session.commit()
        return user

    return make


CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token(client, url="/signin") -> str:
    """The CSRF token of the form on `url`, as a browser would read it."""
    page = client.get(url).get_data(as_text=True)
    match = CSRF_RE.search(page)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def sign_in(client, username="amina", password=TEST_PASSWORD):
    token = csrf_token(client, "/signin")
    return client.post("/signin", data={"username": username, "password": password, "csrf_token": token})


class QueryCounter:
    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._count)

    def _count(self, conn, cursor, statement, *args):
        # Transaction control (SQLite's BEGIN IMMEDIATE) is not a query.
        if not statement.lstrip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE")):
            self.count += 1


class _Mailbox:
    """What a real SMTP server (aiosmtpd) received, as parsed messages."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes
        from email.policy import default
        self.messages.append(message_from_bytes(envelope.content, policy=default))
        return "250 OK"


@pytest.fixture
def mailbox(app):
    """An SMTP server on a free local port, with the app configured to send to it."""
    from aiosmtpd.controller import Controller

    import socket

    # aiosmtpd checks its server by connecting to the port it was given, so
    # it needs a real free port, not 0.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    box = _Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    saved = {key: app.config.get(key) for key in ("MAIL_SERVER", "MAIL_PORT", "MAIL_STARTTLS")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_STARTTLS=False)
    yield box
    app.config.update(saved)
    controller.stop()


def redis_reachable(host: str = "127.0.0.1", port: int = 6379) -> bool:
    """Whether the Redis of the production-path tests answers (CI starts one)."""
    import socket

    try:
        socket.create_connection((host, port), timeout=1).close()
        return True
    except OSError:
        return False


def publish_course(folder: Path, files: dict[str, str], media_root: Path):
    """Write a course folder (path in it: text), then load, check and publish it as `flask content publish` does."""
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result = courses.load_course(folder, media_url=media_url)
    assert result.course is not None, [str(m) for m in result.messages]
    publish_courses([result.course], media_root)
    return result.course
