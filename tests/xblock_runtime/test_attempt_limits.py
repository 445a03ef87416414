"""Attempt limits hold through the real handler route, also when submissions race each other."""
import json

from lms_app.extensions import db
from lms_app.learn.models import Attempt, ModuleProgress
from lms_app.xblock_runtime.models import XBlockField

from .conftest import LiveServer, choice_key, quiz_forms, run_together

PRE_TEST_PAGE = "/courses/pre-test-course/pre-test"
JSON_HEADERS = {"Accept": "application/json"}


def _stored_attempts_field():
    return db.session.scalar(db.select(XBlockField.value).where(XBlockField.field_name == "attempts"))


def test_pre_test_question_takes_one_answer_then_refuses_with_409(client, pre_test_learner):
    html = client.get(PRE_TEST_PAGE).get_data(as_text=True)
    [(action, key)] = quiz_forms(html)
    wrong = choice_key(html, "Promise to keep it secret")
    first = client.post(action, data=json.dumps({"answer": wrong, "idempotency_key": key}),
                        content_type="application/json", headers=JSON_HEADERS)
    assert first.status_code == 200 and first.get_json()["ok"] is True
    assert "Try again" not in first.get_json()["html"]

    second = client.post(action, data=json.dumps({"answer": choice_key(html, "Listen calmly"),
                                                  "idempotency_key": "a-different-key-1"}),
                         content_type="application/json", headers=JSON_HEADERS)
    assert second.status_code == 409
    assert second.get_json() == {"ok": False, "error": "You have used your 1 attempt at this question."}
    [attempt] = db.session.scalars(db.select(Attempt)).all()
    assert (attempt.idempotency_key, attempt.answer, attempt.score) == (key, wrong, 0.0)


def test_refused_form_post_without_javascript_goes_back_with_the_message(client, pre_test_learner):
    html = client.get(PRE_TEST_PAGE).get_data(as_text=True)
    [(action, key)] = quiz_forms(html)
    answer = choice_key(html, "Listen calmly")
    assert client.post(action, data={"answer": answer, "idempotency_key": key}).status_code == 303
    refused = client.post(action, data={"answer": answer, "idempotency_key": "another-key-2"})
    assert refused.status_code == 303
    assert refused.headers["Location"].endswith(f"{PRE_TEST_PAGE}#q-first-step")
    page = client.get(PRE_TEST_PAGE).get_data(as_text=True)
    assert "You have used your 1 attempt at this question." in page
    assert db.session.scalar(db.select(db.func.count(Attempt.id))) == 1


def test_sixteen_concurrent_submissions_with_different_keys_store_one_attempt(app, client, pre_test_learner):
    html = client.get(PRE_TEST_PAGE).get_data(as_text=True)
    [(action, _key)] = quiz_forms(html)
    answers = [choice_key(html, "Listen calmly"), choice_key(html, "Promise to keep it secret")]
    cookie = client.get_cookie("session").value

    with LiveServer(app) as server:
        results = run_together(16, lambda i: server.post_json(
            action, {"answer": answers[i % 2], "idempotency_key": f"concurrent-key-{i:02d}"}, cookie))

    statuses = sorted(status for status, _ in results)
    assert statuses == [200] + [409] * 15, statuses
    [accepted] = [body for status, body in results if status == 200]
    assert accepted["ok"] is True and accepted["attempts"] == 1 and accepted["max_attempts"] == 1
    refusals = [body for status, body in results if status == 409]
    assert all(body == {"ok": False, "error": "You have used your 1 attempt at this question."} for body in refusals)

    [attempt] = db.session.scalars(db.select(Attempt)).all()
    winner = next(i for i, (status, _) in enumerate(results) if status == 200)
    assert attempt.idempotency_key == f"concurrent-key-{winner:02d}"
    assert attempt.answer == answers[winner % 2]
    assert attempt.score == accepted["result"]["earned"] and attempt.max_score == 1.0
    assert _stored_attempts_field() == 1
    progress = db.session.scalar(db.select(ModuleProgress).where(ModuleProgress.module_slug == "pre-test"))
    assert progress.answered_count == 1 and progress.score == attempt.score


def test_concurrent_replays_and_new_keys_together_still_store_one_attempt(app, client, pre_test_learner):
    html = client.get(PRE_TEST_PAGE).get_data(as_text=True)
    [(action, key)] = quiz_forms(html)
    answer = choice_key(html, "Listen calmly")
    cookie = client.get_cookie("session").value

    # Half the requests replay the page's key (a double click), half carry keys of their own.
    with LiveServer(app) as server:
        results = run_together(16, lambda i: server.post_json(
            action, {"answer": answer, "idempotency_key": key if i % 2 else f"other-tab-key-{i:02d}"}, cookie))

    assert db.session.scalar(db.select(db.func.count(Attempt.id))) == 1
    assert _stored_attempts_field() == 1
    assert sum(1 for status, body in results if status == 200 and body["ok"]) >= 1
    first = db.session.scalar(db.select(Attempt))
    for index, (status, body) in enumerate(results):
        if index % 2 and first.idempotency_key == key:
            assert (status, body) == (200, first.response)  # replays get the first answer
        if status == 409:
            assert body["error"] == "You have used your 1 attempt at this question."


def test_module_score_follows_the_latest_attempt_of_each_question(client, pre_test_learner):
    page = "/courses/pre-test-course/listening"
    html = client.get(page).get_data(as_text=True)
    [(action, _key)] = quiz_forms(html)
    right, wrong = choice_key(html, "True"), choice_key(html, "False")

    def submit(answer, key):
        response = client.post(action, data=json.dumps({"answer": answer, "idempotency_key": key}),
                               content_type="application/json", headers=JSON_HEADERS)
        assert response.status_code == 200
        return db.session.scalar(db.select(ModuleProgress).where(ModuleProgress.module_slug == "listening"))

    assert submit(wrong, "latest-key-1").score == 0.0
    assert submit(right, "latest-key-2").score == 1.0
    progress = submit(wrong, "latest-key-3")
    assert (progress.score, progress.answered_count, progress.passed) == (0.0, 1, False)
    progress = submit(right, "latest-key-4")
    assert (progress.score, progress.answered_count, progress.passed) == (1.0, 1, True)
    assert db.session.scalar(db.select(db.func.count(Attempt.id))) == 4
