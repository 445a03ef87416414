"""Hypothesis throws arbitrary forms, queries and handler bodies at every route: never a 500.

Every form POST of the authorisation matrix gets arbitrary values for its own
fields and for fields it does not expect, with a valid CSRF token so that
the view itself is reached; every GET route gets arbitrary query strings;
the XBlock handlers get arbitrary JSON and form bodies with valid signed
tokens. A 4xx is a fine answer; a 500 (an exception, with TESTING on) fails.
"""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms_app.extensions import db, limiter

from .conftest import form_token, sign_in_directly
from .test_authorisation_matrix import all_rows
from .test_csrf import allowed_role

FUZZ = settings(max_examples=30, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Text as browsers send it: any character but lone surrogates, which no form encoding can carry.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
SHAPED = st.sampled_from(["", " ", "0", "-1", "1e309", "NaN", "y", "on", "true", "c1", "c99", "amina", "AMINA",
                          "x" * 5000, "<script>alert(1)</script>", "' OR 1=1 --", "\u202e", "%00", "../../etc/passwd",
                          "{{7*7}}", "\ufeff", "ar", "zz", "en_US", "\x00", "key-with-\x00-inside"])
VALUE = st.one_of(TEXT, SHAPED)

FORM_FIELDS = ["username", "display_name", "password", "confirm", "email", "organisation_type", "work_role",
               "country", "current", "new", "language", "next", "name", "reason", "is_author", "is_admin",
               "submit", "code", "answer", "idempotency_key"]
QUERY_KEYS = ["q", "page", "code", "next", "lang", "p", "v", "t", "kind"]

FORM_POSTS = sorted(key for key in all_rows() if key[0] == "POST" and "/xblock/" not in key[1])
GETS = sorted(key for key in all_rows() if key[0] == "GET")

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | TEXT,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(TEXT, children, max_size=5),
    max_leaves=20)


@pytest.fixture
def fresh_client(app, world, monkeypatch):
    """`fresh_client(role)`: a new client for each example, signed in with the user's current session token."""
    monkeypatch.setattr(limiter, "enabled", False)  # the limits are tested elsewhere; here they would hide views

    def make(role):
        client = app.test_client()
        if role != "anonymous":
            db.session.rollback()
            user = db.session.get(type(world.users[role]), world.users[role].id)
            db.session.refresh(user)
            sign_in_directly(client, user)
        return client

    return make


def _assert_handled(response, what):
    assert response.status_code < 500, f"{what}: {response.status_code}"


@pytest.mark.parametrize("method, rule", FORM_POSTS, ids=lambda value: value)
def test_any_form_post_is_answered_without_error(world, fresh_client, method, rule):
    route = all_rows()[(method, rule)]
    role = allowed_role(route)

    @FUZZ
    @given(known=st.dictionaries(st.sampled_from(FORM_FIELDS), VALUE, max_size=8),
           unknown=st.dictionaries(TEXT, VALUE, max_size=3))
    def post_anything(known, unknown):
        client = fresh_client(role)
        data = {**unknown, **known, "csrf_token": form_token(client)}
        _assert_handled(client.post(route.url_for(world, role), data=data), f"{rule} {data!r:.300}")

    post_anything()


@pytest.mark.parametrize("method, rule", GETS, ids=lambda value: value)
def test_any_query_string_is_answered_without_error(world, fresh_client, method, rule):
    route = all_rows()[(method, rule)]
    role = allowed_role(route)

    @FUZZ
    @given(query=st.dictionaries(st.sampled_from(QUERY_KEYS) | TEXT, VALUE, max_size=4))
    def get_anything(query):
        client = fresh_client(role)
        url = route.url_for(world, role).split("?")[0]
        _assert_handled(client.get(url, query_string=query), f"{rule} {query!r:.300}")

    get_anything()


@pytest.mark.parametrize("block", ["choice", "reflection"])
def test_any_json_body_to_a_handler_is_answered_without_error(world, fresh_client, block):
    usage_id = world.choice_usage_id if block == "choice" else world.reflection_usage_id

    @FUZZ
    @given(body=JSON | st.fixed_dictionaries({"answer": JSON, "idempotency_key": VALUE | JSON}),
           handler=st.sampled_from(["submit", "submit", "student_view", "../submit"]) | TEXT.filter(lambda t: t))
    def post_json(body, handler):
        client = fresh_client("learner")
        url = world.handler_url("learner", usage_id).replace("/handler/submit?", f"/handler/{handler}?")
        response = client.post(url, json=body, headers={"Accept": "application/json"})
        _assert_handled(response, f"{handler} {body!r:.300}")

    post_json()


@pytest.mark.parametrize("block", ["choice", "reflection"])
def test_any_form_body_to_a_handler_is_answered_without_error(world, fresh_client, block):
    usage_id = world.choice_usage_id if block == "choice" else world.reflection_usage_id

    @FUZZ
    @given(fields=st.dictionaries(st.sampled_from(["answer", "idempotency_key", "match-p1", "answer[]"]) | TEXT,
                                  st.lists(VALUE, min_size=1, max_size=3), max_size=4),
           raw=st.binary(max_size=200))
    def post_form(fields, raw):
        client = fresh_client("learner")
        url = world.handler_url("learner", usage_id)
        _assert_handled(client.post(url, data=fields), f"form {fields!r:.300}")
        _assert_handled(client.post(url, data=raw, content_type="application/x-www-form-urlencoded"),
                        f"raw {raw!r:.300}")

    post_form()
