"""A small world for the security suites: one published course, and one person per role.

- `learner`: enrolled, passed, holds a certificate;
- `other_learner`: signed in, enrolled in nothing (the "another learner" of the matrix);
- `author` and `admin`.

Clients are signed in by writing the Flask-Login session directly (the
sign-in form itself, with its argon2 cost and rate limit, is tested in
test_sessions.py), so that the matrix can afford a world per case.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

import courses
from lms_app.catalog.models import Block, Course
from lms_app.catalog.publish import media_url, publish_courses
from lms_app.certificates.service import issue_certificate
from lms_app.database import write_transaction
from lms_app.extensions import db
from lms_app.facilitate.attendance import add_session
from lms_app.facilitate.cohorts import add_facilitator, add_learner, create_cohort
from lms_app.facilitate.prepared_files import request_file
from lms_app.learn.models import Enrollment
from lms_app.xblock_runtime.tokens import sign_handler_token

from ..conftest import CSRF_RE

COURSE_SLUG = "safe-practice"
MODULE_SLUG = "listening"
MEDIA_NAME = "diagram.png"
# A 1x1 transparent PNG.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")

COURSE_YAML = """\
title: {en: "Safe practice"}
languages: [en]
summary: {en: "A short course."}
level: entry
pass_mark: 50
certificate: true
version: "1"
"""

MODULE = """\
---
title: Listening
duration: 10 min
cpms:
  standards: [18]
pass_mark: 50
---

A child tells you something worrying.

![A referral diagram](../media/diagram.png)

```quiz
id: first-step

What should you do first?

(x) Listen calmly
( ) Promise to keep it secret
```

```quiz
id: reflect
type: reflection

What would you do differently next time?
```
"""

ROLES = ("anonymous", "learner", "other_learner", "author", "admin")


@dataclass
class World:
    """What the routes of the matrix are called with."""

    users: dict
    course_slug: str = COURSE_SLUG
    module_slug: str = MODULE_SLUG
    media_name: str = MEDIA_NAME
    choice_usage_id: str = ""
    reflection_usage_id: str = ""
    certificate_id: int = 0
    certificate_code: str = ""
    content_dir: Path | None = None
    extra: dict = field(default_factory=dict)

    def handler_url(self, role: str, usage_id: str | None = None, handler: str = "submit") -> str:
        """The signed handler URL the module page gives `role` (the learner's when `role` has no account)."""
        usage_id = usage_id or self.choice_usage_id
        owner = self.users.get(role) or self.users["learner"]
        return f"/xblock/{usage_id}/handler/{handler}?t={sign_handler_token(owner, usage_id)}"


def write_course(root: Path, module_text: str = MODULE, course_yaml: str = COURSE_YAML) -> Path:
    folder = root / COURSE_SLUG
    (folder / "modules").mkdir(parents=True)
    (folder / "media").mkdir()
    (folder / "course.yaml").write_text(course_yaml, encoding="utf-8")
    (folder / "modules" / f"01-{MODULE_SLUG}.md").write_text(module_text, encoding="utf-8")
    (folder / "media" / MEDIA_NAME).write_bytes(PNG)
    return folder


def publish(folder: Path, app) -> object:
    """Load, check and publish a course folder the way `flask content publish` does."""
    result = courses.load_course(folder, media_url=media_url)
    assert result.course is not None, [str(m) for m in result.messages]
    publish_courses([result.course], Path(app.instance_path) / "media")
    return result.course


@pytest.fixture
def world(app, tmp_path, make_user, monkeypatch) -> World:
    content = tmp_path / "content"
    publish(write_course(content), app)
    monkeypatch.setitem(app.config, "CONTENT_DIR", str(content))
    users = {
        "learner": make_user("amina", display_name="Amina"),
        "other_learner": make_user("jean", display_name="Jean"),
        "author": make_user("esther", display_name="Esther", is_author=True),
        "admin": make_user("omar", display_name="Omar", is_author=True, is_admin=True),
    }
    course = db.session.scalar(db.select(Course).where(Course.slug == COURSE_SLUG))
    with write_transaction():
        enrollment = Enrollment(user_id=users["learner"].id, course_id=course.id, score=1.0, max_score=1.0,
                                passed_at=datetime(2026, 3, 14, tzinfo=timezone.utc),
                                last_module_slug=MODULE_SLUG)
        db.session.add(enrollment)
        db.session.flush()
        certificate = issue_certificate(enrollment, course.current_version)
    blocks = {b.quiz_id: b.usage_id for b in db.session.scalars(db.select(Block))}
    # A cohort run by a facilitator who is none of the matrix's roles, with the learner in it.
    facilitator = users["cohort_facilitator"] = make_user("fatou", display_name="Fatou", is_facilitator=True)
    cohort = create_cohort(facilitator, course, "Kaya", "en", None, None)
    # A co-facilitator, whom the cohort's facilitators (and admins) may remove.
    co_facilitator = users["co_facilitator"] = make_user("kofi", display_name="Kofi")
    add_facilitator(cohort, "kofi", facilitator.id)
    with write_transaction() as session:
        add_learner(session, cohort, users["learner"].id)
    meeting = add_session(cohort, "Day 1", date(2026, 3, 1))
    # A progress table the admin asked for (built at once: the suite runs tasks immediately).
    prepared = request_file(cohort, users["admin"], "progress", "en", "http://localhost/")
    return World(users=users, choice_usage_id=blocks["first-step"], reflection_usage_id=blocks["reflect"],
                 certificate_id=certificate.id, certificate_code=certificate.code, content_dir=content,
                 extra={"cohort_id": cohort.id, "session_id": meeting.id, "join_code": cohort.join_code,
                        "file_id": prepared.id, "co_facilitator_id": co_facilitator.id})


def sign_in_directly(client, user) -> None:
    """Put `user` in the client's session as Flask-Login does at sign-in."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
        session.permanent = True


@pytest.fixture
def client_as(app, world):
    """`client_as(role)`: a fresh client signed in as that role (anonymous: signed out)."""

    def make(role: str):
        client = app.test_client()
        if role != "anonymous":
            sign_in_directly(client, world.users[role])
        return client

    return make


def form_token(client, url: str = "/privacy") -> str:
    """The CSRF token of the layout's forms on a public page, for any visitor."""
    page = client.get(url).get_data(as_text=True)
    match = CSRF_RE.search(page)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def database_snapshot() -> dict:
    """Every row of every table, to prove that a refused request changed nothing."""
    from sqlalchemy import select

    snapshot = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(select(table).order_by(*table.primary_key.columns)).all()
        snapshot[table.name] = [tuple(row) for row in rows]
    return snapshot
