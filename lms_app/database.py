"""The one place that configures connections and opens write transactions.

SQLite is the embedded default: WAL so readers never wait for the writer,
foreign keys on, and write transactions that take the write lock when they
begin (`BEGIN IMMEDIATE`). A deferred transaction that reads first and
writes later can fail with "database is locked" when another writer got in
between; taking the lock up front makes the second writer wait its turn
(busy_timeout) instead.
"""
import contextvars
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
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _wants_write_lock() else "BEGIN")


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
