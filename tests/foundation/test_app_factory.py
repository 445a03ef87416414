import os

import pytest
from flask_migrate import upgrade

from lms_app import create_app


def test_create_app_runs_with_no_environment_at_all(monkeypatch, tmp_path):
    """A fresh checkout: no LMS_* variable; SQLite in the instance folder, migrated, home page served."""
    for name in list(os.environ):
        if name.startswith("LMS_"):
            monkeypatch.delenv(name)
    app = create_app(instance_path=str(tmp_path / "instance"))
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'instance' / 'lms.sqlite3'}"
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
    with app.app_context():
        upgrade()
    assert app.test_client().get("/").status_code == 200
    assert (tmp_path / "instance" / "secret_key").exists()


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path):
    from lms_app.config import instance_secret_key

    first = instance_secret_key(tmp_path)
    second = instance_secret_key(tmp_path)
    assert first == second and len(first) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_secret_key_from_environment_wins(monkeypatch, tmp_path):
    from lms_app.config import load_config

    monkeypatch.setenv("LMS_SECRET_KEY", "from-the-environment")
    assert load_config(tmp_path)["SECRET_KEY"] == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_sqlite_connections_use_wal_and_foreign_keys(app):
    from sqlalchemy import text

    from lms_app.extensions import db

    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas apply to SQLite only")
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
