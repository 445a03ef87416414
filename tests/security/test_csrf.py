"""Every state-changing request needs proof that it came from our own page.

Forms carry Flask-WTF's CSRF token; XBlock handler calls carry a token
signed over the user, their session generation, the block and the time
(lms_app/xblock_runtime/tokens.py). The POST routes are taken from the
authorisation matrix, so a new form is covered as soon as it has its row.
"""
import time

import pytest
from itsdangerous import URLSafeTimedSerializer

from lms_app.database import write_transaction
from lms_app.extensions import db
from lms_app.learn.models import Attempt
from lms_app.xblock_runtime.tokens import sign_handler_token

from .access_rules import expected_status
from .conftest import database_snapshot, form_token, sign_in_directly
from .test_authorisation_matrix import all_rows, request_as

PREFERRED_ROLES = ("learner", "admin", "author", "other_learner", "anonymous")

FORM_POSTS = sorted(key for key in all_rows() if key[0] == "POST" and "/xblock/" not in key[1])


def allowed_role(route) -> str:
    """A role the route accepts: the refusal must come from the token, not the role."""
    return next(role for role in PREFERRED_ROLES if expected_status(route, role) == route.ok)


def test_every_post_route_but_block_handlers_is_in_this_suite(app):
    posts = {(m, r) for (m, r) in all_rows() if m == "POST"}
    assert set(FORM_POSTS) == {key for key in posts if "/xblock/" not in key[1]}
    assert FORM_POSTS, "no form route found"


def _foreign_token(app) -> str:
    """A valid token, but of another visitor's session."""
    return form_token(app.test_client())


def _token_of_another_site() -> str:
    return URLSafeTimedSerializer("another-installations-key", salt="wtf-csrf-token").dumps("0" * 40)


TOKENS = {
    "missing": lambda app, client: None,
    "empty": lambda app, client: "",
    "garbage": lambda app, client: "not-a-token",
    "another visitor's": lambda app, client: _foreign_token(app),
    "signed with another key": lambda app, client: _token_of_another_site(),
}


@pytest.mark.parametrize("kind", list(TOKENS))
@pytest.mark.parametrize("method, rule", FORM_POSTS, ids=lambda value: value)
def test_form_post_without_a_valid_token_is_refused_and_changes_nothing(app, world, client_as, method, rule, kind):
    route = all_rows()[(method, rule)]
    role = allowed_role(route)
    client = client_as(role)
    form_token(client)  # the session has a token of its own, as after opening any page
    data = route.form_for(world)
    token = TOKENS[kind](app, client)
    if token is not None:
        data["csrf_token"] = token
    before = database_snapshot()
    response = client.post(route.url_for(world, role), data=data)
    assert response.status_code == 400, f"{rule} as {role} with {kind} token: {response.status_code}"
    assert "This form has expired or was not sent from this site" in response.get_data(as_text=True)
    assert database_snapshot() == before


@pytest.mark.parametrize("method, rule", FORM_POSTS, ids=lambda value: value)
def test_form_post_with_the_token_is_accepted(world, client_as, method, rule):
    """The other half of the proof: the same request with its token does what it should."""
    route = all_rows()[(method, rule)]
    role = allowed_role(route)
    response = request_as(client_as(role), route, method, world, role)
    assert response.status_code == route.ok


def test_https_post_from_another_site_is_refused_even_with_a_token(world, client_as):
    """Over HTTPS Flask-WTF also checks that the Referer is this site."""
    client = client_as("learner")
    page = client.get("/privacy", base_url="https://localhost")
    token = form_token(client)
    assert page.status_code == 200
    before = database_snapshot()
    response = client.post("/courses/safe-practice/enrol", data={"csrf_token": token}, base_url="https://localhost",
                           headers={"Referer": "https://evil.example/enrol"})
    assert response.status_code == 400
    assert database_snapshot() == before


# XBlock handlers: the signed URL token.

def _answer(key="csrf-handler-0001"):
    return {"answer": "c1", "idempotency_key": key}


def _tampered(world):
    token = sign_handler_token(world.users["learner"], world.choice_usage_id)
    body, _, signature = token.rpartition(".")
    return f"{body}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"


HANDLER_TOKENS = {
    "missing": lambda world: None,
    "garbage": lambda world: "not-a-token",
    "tampered": _tampered,
    "another learner's": lambda world: sign_handler_token(world.users["other_learner"], world.choice_usage_id),
    "another block's": lambda world: sign_handler_token(world.users["learner"], world.reflection_usage_id),
    "signed with another key": lambda world: URLSafeTimedSerializer("another-key", salt="xblock-handler").dumps(
        [world.users["learner"].id, world.users["learner"].session_token, world.choice_usage_id]),
}


@pytest.mark.parametrize("kind", list(HANDLER_TOKENS))
@pytest.mark.parametrize("as_json", [False, True], ids=["form", "json"])
def test_handler_call_without_a_valid_signed_token_is_refused_and_changes_nothing(world, client_as, kind, as_json):
    client = client_as("learner")
    token = HANDLER_TOKENS[kind](world)
    url = f"/xblock/{world.choice_usage_id}/handler/submit" + (f"?t={token}" if token is not None else "")
    before = database_snapshot()
    if as_json:
        response = client.post(url, json=_answer(), headers={"Accept": "application/json"})
    else:
        response = client.post(url, data=_answer())
    assert response.status_code == 403, f"{kind}: {response.status_code}"
    assert database_snapshot() == before


def test_handler_token_expires(world, client_as, monkeypatch):
    from itsdangerous.timed import TimestampSigner

    from lms_app.xblock_runtime.tokens import TOKEN_MAX_AGE

    client = client_as("learner")
    # A token issued just over the window ago: a page left open since then.
    with monkeypatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda signer: int(time.time()) - TOKEN_MAX_AGE - 60)
        url = world.handler_url("learner")
    before = database_snapshot()
    assert client.post(url, data=_answer()).status_code == 403
    assert database_snapshot() == before


def test_handler_token_dies_with_the_session_generation(world, client_as):
    """After sign-out everywhere (password change), a page left open cannot answer any more."""
    client = client_as("learner")
    url = world.handler_url("learner")
    learner = world.users["learner"]
    with write_transaction():
        learner.revoke_sessions()
    sign_in_directly(client, learner)  # signed in again: only the old token is stale
    assert client.post(url, data=_answer()).status_code == 403
    assert db.session.scalar(db.select(db.func.count(Attempt.id))) == 0
    fresh = world.handler_url("learner").split("?t=")[0] + "?t=" + sign_handler_token(learner, world.choice_usage_id)
    assert client.post(fresh, data=_answer()).status_code == 303
    assert db.session.scalar(db.select(db.func.count(Attempt.id))) == 1
