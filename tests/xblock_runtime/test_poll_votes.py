"""A poll's tally is shared by every learner: votes cast at the same moment are all counted."""
import pytest

from lms_app.extensions import db
from lms_app.learn.models import Attempt
from lms_app.xblock_runtime.models import XBlockField

from ..conftest import csrf_token, publish_course, sign_in
from .conftest import COURSE_YAML, LiveServer, quiz_forms, run_together

POLL_COURSE = COURSE_YAML.replace("Pre-test course", "Poll course").replace("pre_test: 00-pre-test\n", "")
POLL_MODULE = """\
---
title: Where we stand
duration: 5 min
cpms:
  standards: [18]
---

```quiz
id: stage
type: poll

Where do children take part least?

( ) Assessment
( ) Planning
```
"""
POLL_PAGE = "/courses/poll-course/where-we-stand"
VOTERS = 12


@pytest.fixture
def poll_course(app, tmp_path):
    return publish_course(tmp_path / "content" / "poll-course", {
        "course.yaml": POLL_COURSE, "modules/01-where-we-stand.md": POLL_MODULE}, tmp_path / "media")


def test_votes_cast_at_the_same_moment_are_all_counted(app, make_user, poll_course, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "1000 per minute")  # twelve sign-ins from one address
    voters = []
    for number in range(VOTERS):
        client = app.test_client()
        make_user(f"voter{number}")
        sign_in(client, f"voter{number}")
        client.post("/courses/poll-course/enrol", data={"csrf_token": csrf_token(client, "/courses/poll-course")})
        [(action, key)] = quiz_forms(client.get(POLL_PAGE).get_data(as_text=True))
        voters.append((action, key, client.get_cookie("session").value))

    with LiveServer(app) as server:
        results = run_together(VOTERS, lambda i: server.post_json(
            voters[i][0], {"answer": "c1" if i % 3 else "c2", "idempotency_key": voters[i][1]}, voters[i][2]))

    assert [status for status, _ in results] == [200] * VOTERS, results
    tally = db.session.scalar(db.select(XBlockField.value).where(XBlockField.field_name == "tally"))
    assert tally == {"c1": VOTERS - VOTERS // 3, "c2": VOTERS // 3}
    assert db.session.scalar(db.select(db.func.count(Attempt.id))) == VOTERS
