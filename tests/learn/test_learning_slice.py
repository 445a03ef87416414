"""The vertical slice: a published module, a learner answering its quiz blocks, progress stored."""
import gzip
import json
import re
import threading

import pytest

from lms_app.extensions import db
from lms_app.learn.models import Attempt, Enrollment, ModuleProgress

from ..conftest import QueryCounter, csrf_token, sign_in
from .conftest import quiz_forms


def _choice_key(html, label):
    """The opaque value of the radio whose <label> text is `label`."""
    for match in re.finditer(r'<input type="radio" name="answer" value="([^"]+)" id="([^"]+)"><label for="\2">([^<]*)<', html):
        if match.group(3).strip() == label:
            return match.group(1)
    raise AssertionError(f"no radio labelled {label!r}")


def test_answer_keys_and_feedback_are_not_in_the_page_before_submitting(client, learner):
    html = client.get("/courses/safe-practice/listening").get_data(as_text=True)
    assert "Listen calmly" in html
    for secret in ("a calm reaction helps", "Never promise secrecy", "tell the designated person", "correct"):
        assert secret not in html.lower() if secret == "correct" else secret not in html


def test_no_javascript_form_post_is_graded_stored_and_redirected_back(client, learner, course):
    html = client.get("/courses/safe-practice/listening").get_data(as_text=True)
    (action, key), _ = quiz_forms(html)
    response = client.post(action, data={"answer": _choice_key(html, "Listen calmly"), "idempotency_key": key})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/courses/safe-practice/listening#q-first-step")
    attempt = db.session.scalar(db.select(Attempt))
    assert (attempt.quiz_id, attempt.score, attempt.max_score, attempt.correct) == ("first-step", 2.0, 2.0, True)
    after = client.get("/courses/safe-practice/listening").get_data(as_text=True)
    assert "a calm reaction helps" in after  # feedback now shown


def test_replayed_submission_is_stored_once_and_answered_the_same(client, learner):
    html = client.get("/courses/safe-practice/listening").get_data(as_text=True)
    (action, key), _ = quiz_forms(html)
    body = json.dumps({"answer": _choice_key(html, "Promise to keep it secret"), "idempotency_key": key})
    first = client.post(action, data=body, content_type="application/json", headers={"Accept": "application/json"})
    second = client.post(action, data=body, content_type="application/json", headers={"Accept": "application/json"})
    assert first.status_code == second.status_code == 200
    assert first.get_json() == second.get_json()
    assert first.get_json()["result"]["correct"] is False
    assert db.session.scalar(db.select(db.func.count(Attempt.id))) == 1


def test_module_completes_and_course_passes_when_every_graded_question_is_answered(client, learner):
    html = client.get("/courses/safe-practice/listening").get_data(as_text=True)
    (first_action, first_key), (second_action, second_key) = quiz_forms(html)
    client.post(first_action, data={"answer": _choice_key(html, "Listen calmly"), "idempotency_key": first_key})
    progress = db.session.scalar(db.select(ModuleProgress).where(ModuleProgress.module_slug == "listening"))
    assert progress.completed_at is None and progress.answered_count == 1
    client.post(second_action, data={"answer": _choice_key(html, "False"), "idempotency_key": second_key})
    progress = db.session.scalar(db.select(ModuleProgress).where(ModuleProgress.module_slug == "listening"))
    assert progress.completed_at is not None and progress.passed and progress.score == 3.0
    enrollment = db.session.scalar(db.select(Enrollment))
    assert enrollment.completed_at is None  # the second module is not viewed yet
    client.get("/courses/safe-practice/referral")  # no graded question: viewing completes it
    enrollment = db.session.scalar(db.select(Enrollment))
    assert enrollment.completed_at is not None and enrollment.passed_at is not None
    assert enrollment.score == 3.0 and enrollment.max_score == 3.0


def test_module_page_in_french_uses_the_translation_and_english_falls_back(client, learner):
    client.post("/language", data={"language": "fr", "csrf_token": csrf_token(client, "/")})
    html = client.get("/courses/safe-practice/listening").get_data(as_text=True)
    assert "Écouter calmement" in html and "not yet available in your language" not in html
    client.post("/language", data={"language": "es", "csrf_token": csrf_token(client, "/")})
    html = client.get("/courses/safe-practice/listening").get_data(as_text=True)
    assert "Listen calmly" in html and 'class="notice"' in html


def test_another_learner_never_sees_my_answer(app, client, learner, make_user):
    html = client.get("/courses/safe-practice/listening").get_data(as_text=True)
    (action, key), _ = quiz_forms(html)
    client.post(action, data={"answer": _choice_key(html, "Listen calmly"), "idempotency_key": key})
    make_user("other")
    other = app.test_client()
    sign_in(other, "other")
    other.post("/courses/safe-practice/enrol", data={"csrf_token": csrf_token(other, "/courses/safe-practice")})
    theirs = other.get("/courses/safe-practice/listening").get_data(as_text=True)
    assert "a calm reaction helps" not in theirs


def test_a_handler_token_from_another_learner_is_refused(app, client, learner, make_user):
    html = client.get("/courses/safe-practice/listening").get_data(as_text=True)
    (action, key), _ = quiz_forms(html)
    make_user("other")
    other = app.test_client()
    sign_in(other, "other")
    other.post("/courses/safe-practice/enrol", data={"csrf_token": csrf_token(other, "/courses/safe-practice")})
    response = other.post(action, data={"answer": "c1", "idempotency_key": key})
    assert response.status_code == 403
    assert db.session.scalar(db.select(db.func.count(Attempt.id))) == 0


def test_malformed_json_and_unknown_choice_get_400_and_store_nothing(client, learner):
    html = client.get("/courses/safe-practice/listening").get_data(as_text=True)
    (action, key), _ = quiz_forms(html)
    headers = {"Accept": "application/json"}
    assert client.post(action, data="{not json", content_type="application/json", headers=headers).status_code == 400
    bad = client.post(action, data=json.dumps({"answer": "c99", "idempotency_key": key}),
                      content_type="application/json", headers=headers)
    assert bad.status_code == 400 and bad.get_json()["ok"] is False
    assert db.session.scalar(db.select(db.func.count(Attempt.id))) == 0


def test_draft_or_unknown_module_gives_404(client, learner):
    assert client.get("/courses/safe-practice/no-such-module").status_code == 404
    assert client.get("/courses/no-such-course").status_code == 404


@pytest.mark.parametrize("path", ["/", "/courses/safe-practice", "/courses/safe-practice/listening"])
def test_learner_pages_take_at_most_six_queries(client, learner, path):
    client.get(path)  # first view writes progress; the budget is for every later view
    with QueryCounter(db.engine) as counter:
        assert client.get(path).status_code == 200
    assert counter.count <= 6, counter.count


def test_module_page_fits_the_2g_budget(client, learner):
    response = client.get("/courses/safe-practice/listening")
    html = response.get_data()
    assert len(gzip.compress(html)) <= 14 * 1024
    page = html.decode()
    assets = re.findall(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"', page)
    assert len(assets) + 1 <= 4  # HTML + stylesheet + block CSS + block JS
    total = len(gzip.compress(html))
    for url in assets:
        asset = client.get(url.replace("&amp;", "&"))
        assert asset.status_code == 200
        assert asset.cache_control.max_age == 365 * 24 * 3600
        total += len(gzip.compress(asset.get_data()))
    assert total <= 40 * 1024
    assert "@font-face" not in page


def test_sixteen_concurrent_identical_submissions_store_one_attempt(app, client, learner, tmp_path):
    from werkzeug.serving import make_server

    html = client.get("/courses/safe-practice/listening").get_data(as_text=True)
    (action, key), _ = quiz_forms(html)
    answer = _choice_key(html, "Listen calmly")
    cookie = client.get_cookie("session").value
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    import urllib.request

    results = []

    def submit():
        request = urllib.request.Request(
            f"http://127.0.0.1:{server.server_port}{action}",
            data=json.dumps({"answer": answer, "idempotency_key": key}).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json", "Cookie": f"session={cookie}"})
        with urllib.request.urlopen(request, timeout=60) as response:
            results.append((response.status, json.loads(response.read())))

    workers = [threading.Thread(target=submit) for _ in range(16)]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=90)
    finally:
        server.shutdown()
    assert len(results) == 16 and all(status == 200 for status, _ in results)
    assert len({json.dumps(body, sort_keys=True) for _, body in results}) == 1
    assert db.session.scalar(db.select(db.func.count(Attempt.id))) == 1

