"""A backup taken while learners are submitting holds every attempt committed before it, and restores."""
import threading

import pytest

from lms_app.catalog.models import Course
from lms_app.database import write_transaction
from lms_app.extensions import db
from lms_app.learn.models import Attempt
from lms_app.operations.backup import BackupError, backup, restore


def _submitting(app, user_id: int, course_id: int, stop: threading.Event, committed: list, worker: int):
    """A learner answering again and again, each answer in its own transaction."""
    n = 0
    while not stop.is_set():
        with app.app_context():
            with write_transaction() as session:
                attempt = Attempt(user_id=user_id, course_id=course_id, module_slug="m", usage_id="c/m/q",
                                  quiz_id="q", idempotency_key=f"w{worker}-{n}", answer="c1", score=1.0,
                                  max_score=1.0, correct=True)
                session.add(attempt)
            committed.append(attempt.idempotency_key)
            db.session.remove()
        n += 1


def test_backup_during_submissions_then_restore(app, make_user, tmp_path):
    user = make_user("amina")
    course = Course(slug="c")
    db.session.add(course)
    db.session.commit()
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    stop, committed = threading.Event(), []
    workers = [threading.Thread(target=_submitting, args=(app, user.id, course.id, stop, committed, w))
               for w in range(4)]
    for worker in workers:
        worker.start()
    try:
        while len(committed) < 40:
            stop.wait(0.01)
        before = set(committed)  # committed before the backup started
        target = backup(url, tmp_path / "backup.data")
        while len(committed) < len(before) + 40:  # submissions go on after it
            stop.wait(0.01)
    finally:
        stop.set()
        for worker in workers:
            worker.join()
    db.session.remove()
    db.engine.dispose()
    restore(url, target)
    restored = set(db.session.scalars(db.select(Attempt.idempotency_key)))
    assert before <= restored
    assert restored <= set(committed)  # nothing half-written or invented
    assert len(restored) < len(committed)  # the later submissions are not in this backup


def test_restoring_something_that_is_not_a_backup_is_refused(app, tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    with pytest.raises(BackupError):
        db.session.remove()
        db.engine.dispose()
        restore(app.config["SQLALCHEMY_DATABASE_URI"], bogus)
    with pytest.raises(BackupError):
        restore(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "missing.dump")


def test_the_commands_write_and_read_a_backup(app, make_user, tmp_path):
    make_user("amina")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", "--output", str(tmp_path / "b.data")])
    assert result.exit_code == 0 and "Backup written" in result.output
    make_user("jean")
    db.session.remove()
    assert runner.invoke(args=["restore", "--yes", str(tmp_path / "b.data")]).exit_code == 0
    from lms_app.accounts.models import User

    assert set(db.session.scalars(db.select(User.username))) == {"amina"}
