"""The one place that configures connections and opens write transactions.

SQLite is the embedded default: WAL so readers never wait for the writer,
foreign keys on, and write transactions that take the write lock when they
begin (`BEGIN IMMEDIATE`). A deferred transaction that reads first and
writes later can fail with "database is locked" when another writer got in
between; taking the lock up front makes the second writer wait its turn
instead, in a queue of the app's writers (QueuedWriterConnection) and
then, for writers from elsewhere, SQLite's busy_timeout.
"""
import contextvars
import fcntl
import os
import sqlite3
import threading
import time
from contextlib import contextmanager

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.routing import IntegerConverter

from .extensions import db

# Ids are INTEGER columns: 32 bits signed on PostgreSQL.
DATABASE_ID_MAX = 2**31 - 1

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_writing = contextvars.ContextVar("lms_writing", default=False)


def _wants_write_lock() -> bool:
    if _writing.get():
        return True
    # Outside requests (command line, background tasks) only an explicit
    # write_transaction() takes the lock, so that a long read never blocks writers.
    return has_request_context() and request.method not in _SAFE_METHODS


class _WriterQueue:
    """The turn to write to one SQLite file, for this process's threads and, through flock(2), other processes.

    A thread first takes the process's lock, so only one thread per process
    waits on the file lock; that one polls it every fraction of a
    millisecond. Both waits end at WRITER_WAIT_SECONDS: the writer then
    goes on to BEGIN IMMEDIATE, and SQLite's own busy_timeout decides.
    """

    def __init__(self, path: str):
        self.path = path
        self.thread_lock = threading.Lock()
        self._fd: int | None = None
        self._pid: int | None = None

    def _file(self) -> int:
        # A descriptor inherited through fork would share its lock with the parent.
        if self._fd is None or self._pid != os.getpid():
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            self._pid = os.getpid()
        return self._fd

    def take(self) -> bool:
        deadline = time.monotonic() + WRITER_WAIT_SECONDS
        if not self.thread_lock.acquire(timeout=WRITER_WAIT_SECONDS):
            return False
        try:
            while True:
                try:
                    fcntl.flock(self._file(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return True
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        break
                    time.sleep(0.0002)
        except OSError:
            pass  # no queue file (a read-only folder, say): SQLite's own wait decides
        self.thread_lock.release()
        return False

    def give_back(self) -> None:
        try:
            fcntl.flock(self._file(), fcntl.LOCK_UN)
        finally:
            self.thread_lock.release()


WRITER_WAIT_SECONDS = 15  # as PRAGMA busy_timeout below
_writer_queues: dict[str, _WriterQueue] = {}
_writer_queues_lock = threading.Lock()


def _writer_queue(database_path: str) -> _WriterQueue:
    with _writer_queues_lock:
        queue = _writer_queues.get(database_path)
        if queue is None:
            queue = _writer_queues[database_path] = _WriterQueue(database_path + "-writers")
        return queue


class QueuedWriterConnection(sqlite3.Connection):
    """A SQLite connection whose write transactions wait their turn in a queue that wakes at once.

    SQLite's own wait for the write lock (busy_timeout) sleeps 1, 2, 5, 10
    and up to 100 ms between tries, and a writer that just arrived often
    wins over one that has waited: under a burst of answers the lock sat
    free while writers slept (p99 780-930 ms at 170 answers a second from
    32 learners; 230-270 ms with the queue). Writers of this app queue on
    _WriterQueue first and meet a free lock at BEGIN IMMEDIATE; the turn
    ends with the transaction.
    Writers outside the app (sqlite3 in a shell) still meet busy_timeout.
    """

    writer_queue: _WriterQueue | None = None
    _has_turn = False

    def wait_for_turn(self) -> None:
        if self.writer_queue is not None and not self._has_turn:
            self._has_turn = self.writer_queue.take()

    def end_turn(self) -> None:
        if self._has_turn:
            self._has_turn = False
            self.writer_queue.give_back()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.end_turn()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.end_turn()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.end_turn()


def sqlite_connect_args(database_url: str) -> dict:
    """The engine option that makes SQLite connections queue their writers; none for other databases."""
    if not database_url.startswith("sqlite"):
        return {}
    return {"connect_args": {"factory": QueuedWriterConnection}}


def configure_engine(engine: Engine) -> None:
    """Install the SQLite pragmas and transaction mode on an engine."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's begin event emit BEGIN itself (pysqlite otherwise
        # opens transactions lazily and in deferred mode).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={WRITER_WAIT_SECONDS * 1000}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        if isinstance(dbapi_connection, QueuedWriterConnection) and engine.url.database not in (None, "", ":memory:"):
            dbapi_connection.writer_queue = _writer_queue(os.path.abspath(engine.url.database))

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        if not _wants_write_lock():
            connection.exec_driver_sql("BEGIN")
            return
        queued = connection.connection.dbapi_connection
        if not isinstance(queued, QueuedWriterConnection):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            return
        queued.wait_for_turn()
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            queued.end_turn()
            raise


@contextmanager
def write_transaction():
    """Run the block in one write transaction: commit at the end, roll back on error.

    Inside a GET request (marking a module viewed, for instance) the read
    transaction of the request is closed first so that the write starts
    with the write lock.
    """
    session = db.session()
    if session.in_transaction() and not _writing.get():
        session.commit()
    token = _writing.set(True)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        _writing.reset(token)


class DatabaseIdConverter(IntegerConverter):
    """The `int` URL converter, bounded to what an id column holds.

    Werkzeug's accepts any number of digits; 2**63 in a URL then failed
    inside the driver (OverflowError on SQLite, DataError on PostgreSQL)
    with a 500. Beyond the bound the URL simply matches nothing: 404.
    """

    def __init__(self, url_map, fixed_digits=0, min=None, max=DATABASE_ID_MAX, signed=False):  # noqa: A002
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
