"""A replay gets the first submission's answer; after REPLAY_DAYS that answer is dropped, the attempt kept."""
import json
from datetime import datetime, timedelta

import pytest

from lms_app.extensions import db
from lms_app.learn.models import Attempt
from lms_app.models_base import utcnow
from lms_app.xblock_runtime import replays
from lms_app.xblock_runtime.replays import prune_replay_responses

from .conftest import choice_key, quiz_forms

PAGE = "/courses/pre-test-course/listening"
JSON_HEADERS = {"Accept": "application/json"}


@pytest.fixture
def quiz(client, pre_test_learner) -> tuple[str, str]:
    """The quiz's action URL and the key of its "True" choice, read from the page before any answer."""
    html = client.get(PAGE).get_data(as_text=True)
    [(action, _key)] = quiz_forms(html)
    return action, choice_key(html, "True")


def _answer(client, quiz, key: str, *, javascript: bool = True):
    action, answer = quiz
    if javascript:
        return client.post(action, data=json.dumps({"answer": answer, "idempotency_key": key}),
                           content_type="application/json", headers=JSON_HEADERS)
    return client.post(action, data={"answer": answer, "idempotency_key": key})


def _age(days: float) -> None:
    """Every attempt made `days` earlier than it was."""
    for attempt in db.session.scalars(db.select(Attempt)):
        attempt.created_at = attempt.created_at - timedelta(days=days)
    db.session.commit()


def test_a_replay_within_the_days_gets_the_first_answer_again(client, quiz):
    first = _answer(client, quiz, "key-within")
    replay = _answer(client, quiz, "key-within")
    assert replay.status_code == 200 and replay.get_json() == first.get_json()
    assert first.get_json()["html"]
    assert db.session.scalar(db.select(db.func.count(Attempt.id))) == 1


def test_old_answers_are_dropped_and_attempts_kept(app, client, quiz, monkeypatch):
    monkeypatch.setattr(replays, "BATCH", 2)  # several write transactions
    for n in range(5):
        assert _answer(client, quiz, f"old-key-{n:04d}").status_code == 200
    _age(app.config["REPLAY_DAYS"] + 1)
    assert _answer(client, quiz, "recent-key").status_code == 200
    before = {a.idempotency_key: (a.answer, a.score, a.created_at) for a in db.session.scalars(db.select(Attempt))}

    assert prune_replay_responses(utcnow()) == 5
    db.session.expire_all()
    attempts = {a.idempotency_key: a for a in db.session.scalars(db.select(Attempt))}
    assert {k: (a.answer, a.score, a.created_at) for k, a in attempts.items()} == before
    assert [k for k, a in attempts.items() if a.response is not None] == ["recent-key"]
    # Stored as SQL NULL, so the next run finds nothing to do.
    assert db.session.scalar(db.select(db.func.count(Attempt.id)).where(Attempt.response.is_(None))) == 5
    assert prune_replay_responses(utcnow()) == 0


@pytest.mark.parametrize("javascript", [True, False])
def test_a_replay_after_its_answer_was_dropped_is_told_it_was_recorded(app, client, quiz, javascript):
    assert _answer(client, quiz, "late-key-0001").status_code == 200
    _age(app.config["REPLAY_DAYS"] + 1)
    prune_replay_responses(utcnow())
    replay = _answer(client, quiz, "late-key-0001", javascript=javascript)
    if javascript:
        assert replay.status_code == 200
        assert replay.get_json() == {"ok": False,
                                     "error": "This answer was already recorded. Reload the page to see it."}
    else:
        assert replay.status_code == 303 and replay.headers["Location"].endswith(f"{PAGE}#q-listen")
    assert db.session.scalar(db.select(db.func.count(Attempt.id))) == 1


def test_the_consumer_runs_the_pruning_every_night(app):
    from lms_app.tasks import task_queue

    def due(hour: int, minute: int) -> set[str]:
        return {task.name for task in task_queue().huey.read_periodic(datetime(2026, 12, 1, hour, minute))}

    assert "prune_replay_responses_daily" in due(3, 41)
    assert "prune_replay_responses_daily" not in due(3, 42) | due(15, 41)
