"""How long a submission keeps the answer it got, for a replay of it.

A replayed submission (the same idempotency key: a retry after a dropped
connection, a double click) is answered with what the first one got,
stored with its attempt (`Attempt.response`: the block's result HTML, about
3 kB). Replays come seconds or minutes after the first; on a large site
those answers were most of the attempt table (2.2 GB of the 3.6 GB of
bench/bench_scale.py's PostgreSQL database). After REPLAY_DAYS the stored
answer is dropped, and the attempt (answer, score, time) stays; a replay
that late is told the answer was already recorded (xblock_runtime/views.py).
"""
from datetime import datetime, timedelta

from flask import current_app
from huey import crontab

from ..database import write_transaction
from ..extensions import db
from ..learn.models import Attempt
from ..models_base import utcnow
from ..tasks import task

# Attempts per write transaction: a short write lock at a time on SQLite.
BATCH = 2000


def prune_replay_responses(now: datetime) -> int:
    """Drop the stored answers of attempts older than REPLAY_DAYS; returns how many were dropped."""
    cutoff = now - timedelta(days=current_app.config["REPLAY_DAYS"])
    pruned = 0
    while True:
        ids = list(db.session.scalars(
            db.select(Attempt.id).where(Attempt.response.is_not(None), Attempt.created_at < cutoff)
            .order_by(Attempt.id).limit(BATCH)))
        if not ids:
            db.session.rollback()  # ends the read transaction
            return pruned
        with write_transaction() as session:
            # SQL NULL, not JSON null: the condition above then skips the row.
            session.execute(db.update(Attempt).where(Attempt.id.in_(ids)).values(response=db.null()))
        pruned += len(ids)


@task(periodic=crontab(hour="3", minute="41"))
def prune_replay_responses_daily() -> int:
    """The consumer drops old replay answers once a day, at night (UTC)."""
    return prune_replay_responses(utcnow())
