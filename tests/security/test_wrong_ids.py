"""Wrong, foreign and hostile values in every URL: 403 or 404 (or a sign-in redirect), never a 500 or a file.

The test walks the URL map like the matrix does, and puts a hostile value in
one URL argument at a time, the others staying valid, for a learner and for
an admin (who passes every role check, so the value itself is what is
tested).
"""
import re
from urllib.parse import unquote

import pytest

from lms_app.xblock_runtime.tokens import sign_handler_token

from .conftest import form_token

# As they appear on the wire (already percent-encoded where needed).
HOSTILE_TEXT = [
    "no-such-thing",
    "..",
    "%2e%2e",
    "%2E%2E%2Fsecret_key",
    "'%20OR%20'1'='1",
    "1;DROP%20TABLE%20user",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "%00",
    "%E2%80%AEgnp.exe",
    "%FF%FE",
    "x" * 600,
]
HOSTILE_PATHS = HOSTILE_TEXT + [
    "../secret_key",
    "..%2Fsecret_key",
    "../../lms_app/config.py",
    "public/../../setup.cfg",
    "public/..%2F..%2Fsetup.cfg",
    "%2Fetc%2Fpasswd",
    "public/%00quiz.css",
]
# 0 and unknown ids, and ids beyond what the database's integer holds.
HOSTILE_INTS = ["0", "987654", str(2**31), str(2**63), "9" * 40]
# 308: Werkzeug's redirect from "//" to "/" in a path, on this site.
ALLOWED = {302, 303, 308, 400, 403, 404, 405}

ARGUMENT = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def valid_values(world) -> dict:
    return {
        "course_slug": world.course_slug, "slug": world.course_slug, "module_slug": world.module_slug,
        "filename": world.media_name, "code": world.certificate_code, "certificate_id": str(world.certificate_id),
        "user_id": str(world.users["other_learner"].id), "usage_id": world.choice_usage_id, "handler": "submit",
        "suffix": "extra", "block_type": "cp_single_choice", "uri": "public/quiz.css", "kind": "css",
        "cohort_id": str(world.extra["cohort_id"]), "session_id": str(world.extra["session_id"]),
        "file_id": str(world.extra["file_id"]),
    }


def hostile_cases(app):
    """(method, rule, argument, value) for every argument of every route."""
    cases = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for converter, name in ARGUMENT.findall(rule.rule):
                values = {"int": HOSTILE_INTS, "path": HOSTILE_PATHS}.get(converter, HOSTILE_TEXT)
                cases += [(method, rule.rule, name, value) for value in values]
    return cases


def _cases():
    from lms_app import create_app

    # The URL map only: no database is opened to build it.
    import tempfile
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=tempfile.mkdtemp())
    return hostile_cases(app)


CASES = _cases()


def build_url(rule: str, values: dict) -> str:
    return ARGUMENT.sub(lambda m: values[m.group(2)], rule)


@pytest.mark.parametrize("role", ["learner", "admin"])
@pytest.mark.parametrize("method, rule, argument, value", CASES,
                         ids=[f"{m} {r} {a}={v[:20]}" for m, r, a, v in CASES])
def test_hostile_url_values_are_refused_never_500(world, client_as, role, method, rule, argument, value):
    values = valid_values(world)
    values[argument] = value
    url = build_url(rule, values)
    client = client_as(role)
    if rule.startswith("/xblock/<path:usage_id>/handler"):
        # A token signed for the very usage id in the URL: only the id is wrong.
        url += "?t=" + sign_handler_token(world.users[role], unquote(values["usage_id"]))
    if method == "GET":
        response = client.get(url)
    else:
        data = {"answer": "c1", "idempotency_key": "hostile-ids-01", "reason": "x", "name": "x"}
        response = client.post(url, data={**data, "csrf_token": form_token(client)})
    assert response.status_code in ALLOWED, f"{method} {url[:200]}: {response.status_code}"
    if response.status_code in (302, 303, 308):
        assert response.headers["Location"].startswith(("/", "http://localhost/"))
    body = response.get_data()
    assert b"Traceback" not in body
    assert world.users[role].session_token.encode() not in body



def test_nul_bytes_in_a_query_or_a_form_are_refused_and_change_nothing(world, client_as):
    """PostgreSQL cannot store a NUL in text: it used to be a 500 there (SQLite stored it)."""
    from lms_app.accounts.models import User
    from lms_app.extensions import db
    from lms_app.learn.models import Attempt

    visitor = client_as("anonymous")
    assert visitor.get("/xblock/bundle.css?p=cp_single_choice:public/quiz.css%00").status_code == 400
    assert visitor.get("/verify?code=AB%00CD").status_code == 400
    users = db.session.scalar(db.select(db.func.count(User.id)))
    signup = visitor.post("/signup", data={
        "username": "nul-user", "display_name": "Ami\x00na", "password": "a brand new passphrase",
        "confirm": "a brand new passphrase", "csrf_token": form_token(visitor)})
    assert signup.status_code == 400
    assert db.session.scalar(db.select(db.func.count(User.id))) == users
    learner = client_as("learner")
    answer = learner.post(world.handler_url("learner", world.reflection_usage_id),
                          data={"answer": "I would\x00 listen", "idempotency_key": "nul-bytes-0001"})
    assert answer.status_code == 400
    for body in ({"answer": "I would\x00 listen", "idempotency_key": "nul-bytes-0002"},
                 {"answer": "c1", "idempotency_key": "nul-bytes\x00003"}, {"answer\x00": [{"x": "\x00"}]}):
        response = learner.post(world.handler_url("learner", world.reflection_usage_id), json=body,
                                headers={"Accept": "application/json"})
        assert response.status_code == 400 and response.get_json()["ok"] is False
    assert db.session.scalar(db.select(db.func.count(Attempt.id))) == 0
