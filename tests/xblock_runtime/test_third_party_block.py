"""A block nobody here wrote (xblock-sdk's `thumbs`) works through our runtime and handler route."""
import json
import re
from types import SimpleNamespace

import pytest

from lms_app.catalog.publish import publish_courses
from lms_app.extensions import db
from lms_app.learn.models import Enrollment
from lms_app.xblock_runtime.models import XBlockField

from ..conftest import csrf_token, sign_in


def _course_with_thumbs():
    block = SimpleNamespace(usage_id="demo/voting/thumbs-1", quiz_id="thumbs-1", block_type="thumbs", graded=False,
                            weight=0.0, settings={}, content_by_language={"en": {}}, cpms_standards=[])
    page = SimpleNamespace(html='<p>Vote:</p><div class="xblock-slot" data-usage-id="demo/voting/thumbs-1"></div>',
                           headings=[], word_count=1)
    module = SimpleNamespace(slug="voting", role="module", titles={"en": "Voting"}, duration_minutes=5,
                             objectives={}, cpms_standards=[], cpms_principles=[], competencies=[],
                             content_notes={}, pass_mark=70, blocks=[block], pages={"en": page},
                             source_hashes={"en": "x"})
    return SimpleNamespace(slug="demo", content_hash="h1", version="1", titles={"en": "Demo"}, summaries={},
                           audiences={}, level="entry", languages=["en"], default_language="en", pass_mark=70,
                           pre_test=None, post_test=None, certificate=False, duration_minutes=5,
                           cpms_standards=[], modules=[module], media={})


@pytest.fixture
def thumbs_course(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "XBLOCK_ALLOWED", app.config["XBLOCK_ALLOWED"] + ("thumbs",))
    publish_courses([_course_with_thumbs()], tmp_path)


def test_thumbs_block_renders_and_votes_through_our_handler(client, make_user, thumbs_course):
    user = make_user("amina")
    sign_in(client)
    client.post("/courses/demo/enrol", data={"csrf_token": csrf_token(client, "/courses/demo")})
    page = client.get("/courses/demo/voting").get_data(as_text=True)
    assert "class='upvote'" in page
    handler_base = re.search(r'data-handler-base="([^"]+)"', page).group(1).replace("&amp;", "&")
    vote_url = handler_base.replace("__handler__", "vote")
    response = client.post(vote_url, data=json.dumps({"voteType": "up"}), content_type="application/json")
    assert response.status_code == 200
    assert response.get_json() == {"up": 1, "down": 0}
    rows = {(r.scope, r.user_key, r.field_name): r.value for r in db.session.scalars(db.select(XBlockField))}
    assert rows[("user_state_summary", "", "upvotes")] == 1
    assert rows[("user_state", str(user.id), "voted")] is True


def test_handler_refuses_a_tampered_or_foreign_token(app, client, make_user, thumbs_course):
    make_user("amina")
    make_user("other")
    sign_in(client)
    client.post("/courses/demo/enrol", data={"csrf_token": csrf_token(client, "/courses/demo")})
    page = client.get("/courses/demo/voting").get_data(as_text=True)
    url = re.search(r'data-handler-base="([^"]+)"', page).group(1).replace("&amp;", "&").replace("__handler__", "vote")
    body = {"data": json.dumps({"voteType": "up"}), "content_type": "application/json"}
    assert client.post(url[:-3] + "abc", **body).status_code == 403
    assert client.post(url.split("?")[0], **body).status_code == 403
    other = app.test_client()
    sign_in(other, "other")
    assert other.post(url, **body).status_code == 403
    assert db.session.scalar(db.select(db.func.count(XBlockField.id))) == 0


def test_unknown_block_type_or_handler_gives_404_not_500(app, client, make_user, thumbs_course, monkeypatch):
    make_user("amina")
    sign_in(client)
    client.post("/courses/demo/enrol", data={"csrf_token": csrf_token(client, "/courses/demo")})
    page = client.get("/courses/demo/voting").get_data(as_text=True)
    base = re.search(r'data-handler-base="([^"]+)"', page).group(1).replace("&amp;", "&")
    body = {"data": "{}", "content_type": "application/json"}
    assert client.post(base.replace("__handler__", "no_such_handler"), **body).status_code == 404
    # Taken off the allow-list: the block is never loaded.
    monkeypatch.setitem(app.config, "XBLOCK_ALLOWED", ("cp_single_choice",))
    assert client.post(base.replace("__handler__", "vote"), **body).status_code == 404


def test_not_enrolled_learner_cannot_call_a_handler_or_open_the_module(client, make_user, thumbs_course):
    make_user("amina")
    sign_in(client)
    response = client.get("/courses/demo/voting")
    assert response.status_code == 403
    assert "You are not enrolled in this course" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Enrollment.id))) == 0
