"""Backups and restores of the database, while the LMS keeps serving.

SQLite: the online backup API copies a consistent snapshot page by page
while writers go on (every transaction committed before the copy is in it,
none is half in it). PostgreSQL: `pg_dump` in its custom format, which is
also a consistent snapshot, and `pg_restore` to bring it back.
Course media and the secret key live in the instance folder and are not in
the database: back that folder up with the operating system's tools.
"""
import shutil
import sqlite3
import subprocess
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    """A backup or restore that could not be done; the message says why."""


def _sqlite_path(url) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory database cannot be backed up")
    return Path(url.database)


def _pg_url(url) -> str:
    # libpq reads a plain postgresql:// URL; SQLAlchemy's driver suffix is not part of it.
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def default_backup_path(backups_dir: Path, database_url: str) -> Path:
    url = make_url(database_url)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    suffix = ".sqlite3" if url.get_backend_name() == "sqlite" else ".dump"
    return backups_dir / f"lms-{stamp}{suffix}"


def backup(database_url: str, target: Path) -> Path:
    """Write a consistent copy of the database to `target` and return it."""
    url = make_url(database_url)
    target.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(_sqlite_path(url))
        destination = sqlite3.connect(target)
        try:
            with destination:
                source.backup(destination)
        finally:
            destination.close()
            source.close()
    elif url.get_backend_name() == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", _pg_url(url)])
    else:
        raise BackupError(f"no backup method for {url.get_backend_name()}")
    target.chmod(0o600)  # learners' accounts are in it
    return target


def restore(database_url: str, source: Path) -> None:
    """Replace the database's content with the backup's. The caller stops the application first."""
    if not source.is_file():
        raise BackupError(f"{source} does not exist")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        check = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{source} is damaged")
            destination = sqlite3.connect(_sqlite_path(url))
            try:
                with destination:
                    check.backup(destination)
            finally:
                destination.close()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{source} is not a SQLite backup: {error}") from None
        finally:
            check.close()
    elif url.get_backend_name() == "postgresql":
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              f"--dbname={_pg_url(url)}", str(source)])
    else:
        raise BackupError(f"no restore method for {url.get_backend_name()}")


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)")
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{command[0]} failed")
