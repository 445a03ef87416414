"""A published course with a pre-test, a module and a post-test, and helpers to build a cohort around it."""
from datetime import datetime, timedelta, timezone

import pytest

from lms_app.catalog.models import Course
from lms_app.database import write_transaction
from lms_app.extensions import db
from lms_app.facilitate.cohorts import add_learner, create_cohort
from lms_app.learn.models import Attempt, Enrollment, ModuleProgress

from ..conftest import publish_course, sign_in

COURSE_YAML = """\
title: {en: "Referral basics", fr: "Bases du référencement"}
languages: [en, fr]
summary: {en: "Short.", fr: "Court."}
level: entry
pass_mark: 50
pre_test: 00-pre-test
post_test: 02-post-test
certificate: true
version: "1"
"""

TEST_ITEMS = """\
```quiz
id: consent
cpms: [5]

Who must agree before you share a child's information?

(x) The child and caregiver, as appropriate
( ) Your manager only
( ) Nobody
```

```quiz
id: secrecy
cpms: [18]

You may promise a child to keep any secret.

( ) True
(x) False
```
"""


def module(title: str, body: str) -> str:
    return f"---\ntitle: {title}\nduration: 10 min\ncpms:\n  standards: [5, 18]\n---\n\n{body}\n"


MIDDLE = """\
Read about referral.

```quiz
id: pathway

What do you follow to refer a child?

(x) The agreed referral pathway
( ) Your instinct
```
"""

MIDDLE_FR = """\
Lire sur le référencement.

```quiz
id: pathway

Que suivez-vous pour référer un enfant ?

(x) Le circuit de référencement convenu
( ) Votre instinct
```
"""


@pytest.fixture
def course(app, tmp_path):
    publish_course(tmp_path / "content" / "referral", {
        "course.yaml": COURSE_YAML,
        "modules/00-pre-test.md": module("Pre-test", TEST_ITEMS),
        "modules/01-pathways.md": module("Pathways", MIDDLE),
        "modules/01-pathways.fr.md": module("Circuits", MIDDLE_FR),
        "modules/02-post-test.md": module("Post-test", TEST_ITEMS),
    }, tmp_path / "media")
    return db.session.scalar(db.select(Course).where(Course.slug == "referral"))


@pytest.fixture
def facilitator(make_user):
    return make_user("fatou", display_name="Fatou", is_facilitator=True)


@pytest.fixture
def cohort(course, facilitator):
    return create_cohort(facilitator, course, "Kaya caseworkers", "en", None, None)


@pytest.fixture
def add_learners(cohort, make_user):
    """Create learners and put them in the cohort."""

    def add(*usernames, **fields):
        users = []
        for username in usernames:
            user = make_user(username, **fields)
            with write_transaction() as session:
                add_learner(session, cohort, user.id)
            users.append(user)
        return users

    return add


def usage(module_slug: str, quiz_id: str) -> str:
    return f"referral/{module_slug}/{quiz_id}"


def answer(user, course, module_slug: str, quiz_id: str, score: float, max_score: float = 1.0, given=None,
           at: datetime | None = None):
    """Store an attempt as the handler would (the handler itself is tested in tests/learn)."""
    db.session.add(Attempt(user_id=user.id, course_id=course.id, module_slug=module_slug,
                           usage_id=usage(module_slug, quiz_id), quiz_id=quiz_id,
                           idempotency_key=f"{user.id}-{module_slug}-{quiz_id}-{score}-{given}",
                           answer=given, score=score, max_score=max_score, correct=score >= max_score,
                           created_at=at or datetime.now(timezone.utc)))
    db.session.commit()


def progress(user, course, module_slug: str, *, score=0.0, max_score=1.0, completed=True, passed=None,
             failed_attempts=0, viewed=True):
    db.session.add(ModuleProgress(
        user_id=user.id, course_id=course.id, module_slug=module_slug,
        viewed_at=datetime.now(timezone.utc) if viewed else None, answered_count=1, score=score,
        max_score=max_score, completed_at=datetime.now(timezone.utc) if completed else None,
        passed=bool(completed and (passed if passed is not None else score / max_score >= 0.5)),
        failed_attempts=failed_attempts))
    db.session.commit()


def set_activity(user, course, days_ago: float):
    enrollment = db.session.scalar(db.select(Enrollment).where(Enrollment.user_id == user.id,
                                                               Enrollment.course_id == course.id))
    enrollment.last_activity_at = datetime.now(timezone.utc) - timedelta(days=days_ago)
    db.session.commit()
    return enrollment


def sign_in_as(client, user):
    sign_in(client, user.username)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)
