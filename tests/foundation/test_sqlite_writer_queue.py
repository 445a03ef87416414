"""SQLite writers of the app wait their turn in a queue that wakes at once (lms_app/database.py).

Each test builds its own app on a SQLite file, so they run in the
PostgreSQL run of CI too.
"""
import fcntl
import os
import threading

import pytest
from sqlalchemy import text

from lms_app import create_app, database
from lms_app.database import QueuedWriterConnection, write_transaction
from lms_app.extensions import db


@pytest.fixture
def sqlite_app(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'queue.sqlite3'}",
                      "SECRET_KEY": "tests-only"}, instance_path=str(tmp_path))
    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(text("CREATE TABLE answer (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL)"))
        yield app
        db.session.remove()
        db.engine.dispose()


def _queue_file(tmp_path) -> str:
    return str(tmp_path / "queue.sqlite3-writers")


def _turn_is_free(queue_file: str) -> bool:
    fd = os.open(queue_file, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(text("SELECT count(*) FROM answer"))


def _write(app, writer: int, errors: list) -> None:
    try:
        with app.app_context():
            with write_transaction() as session:
                session.execute(text("INSERT INTO answer (writer) VALUES (:w)"), {"w": writer})
            db.session.remove()
    except Exception as error:  # noqa: BLE001 - reported by the test
        errors.append(error)


def test_sqlite_connections_queue_beside_the_database_file(sqlite_app, tmp_path):
    with db.engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert isinstance(raw, QueuedWriterConnection)
        assert raw.writer_queue.path == _queue_file(tmp_path)


def test_many_threads_writing_at_once_all_land_and_leave_the_turn_free(sqlite_app, tmp_path):
    errors = []
    threads = [threading.Thread(target=_write, args=(sqlite_app, n, errors)) for n in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert _count(sqlite_app) == 24
    assert _turn_is_free(_queue_file(tmp_path))


def test_a_failed_write_gives_the_turn_back_and_keeps_nothing(sqlite_app, tmp_path):
    with pytest.raises(RuntimeError):
        with write_transaction() as session:
            session.execute(text("INSERT INTO answer (writer) VALUES (1)"))
            raise RuntimeError("the handler failed")
    assert _turn_is_free(_queue_file(tmp_path))
    errors = []
    _write(sqlite_app, 2, errors)
    assert errors == []
    assert _count(sqlite_app) == 1


def test_a_writer_waits_while_another_process_has_the_turn(sqlite_app, tmp_path):
    # A descriptor of our own stands for the other process: flock(2)
    # treats separately opened descriptors as separate owners.
    other = os.open(_queue_file(tmp_path), os.O_RDWR | os.O_CREAT)
    fcntl.flock(other, fcntl.LOCK_EX)
    errors = []
    writer = threading.Thread(target=_write, args=(sqlite_app, 1, errors))
    writer.start()
    writer.join(timeout=0.5)
    assert writer.is_alive(), "the writer did not wait for its turn"
    assert _count(sqlite_app) == 0
    fcntl.flock(other, fcntl.LOCK_UN)
    os.close(other)
    writer.join(timeout=10)
    assert not writer.is_alive()
    assert errors == []
    assert _count(sqlite_app) == 1


def test_a_turn_never_given_back_delays_a_writer_only_until_sqlite_decides(sqlite_app, tmp_path, monkeypatch):
    monkeypatch.setattr(database, "WRITER_WAIT_SECONDS", 0.2)
    other = os.open(_queue_file(tmp_path), os.O_RDWR | os.O_CREAT)
    fcntl.flock(other, fcntl.LOCK_EX)
    try:
        errors = []
        _write(sqlite_app, 1, errors)
        # The queue gave up; SQLite's own lock was free, so the write landed.
        assert errors == []
        assert _count(sqlite_app) == 1
    finally:
        os.close(other)


def test_without_a_queue_file_writers_go_on_and_sqlite_decides(sqlite_app, tmp_path, monkeypatch):
    real_open = os.open

    def no_queue_file(path, *args, **kwargs):
        if str(path).endswith("-writers"):
            raise PermissionError(path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(database.os, "open", no_queue_file)
    errors = []
    _write(sqlite_app, 1, errors)
    _write(sqlite_app, 2, errors)  # the first writer's thread lock was given back
    assert errors == []
    assert _count(sqlite_app) == 2
