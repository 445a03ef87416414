"""Two learners who used the site fully: answers, a reflection, a cohort, attendance, a certificate."""
import re
from dataclasses import dataclass
from datetime import date

import pytest

from lms_app.accounts.models import User
from lms_app.catalog.models import Course
from lms_app.certificates.service import issue_certificate
from lms_app.database import write_transaction
from lms_app.extensions import db
from lms_app.facilitate import audit
from lms_app.facilitate.models import (Attendance, AuditEntry, Cohort, CohortMembership, CohortSession, OfflineScore,
                                      Reminder)
from lms_app.learn.models import Enrollment

from ..conftest import csrf_token, publish_course, sign_in

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

FORM_RE = re.compile(r'<form class="cp-quiz-form" method="post" action="([^"]+)".*?name="idempotency_key" value="([^"]+)"',
                     re.S)
RADIO_RE = re.compile(r'<input type="radio" name="answer" value="([^"]+)" id="([^"]+)"><label for="\2">([^<]*)<')


@dataclass
class Learner:
    """A learner and the personal values they left on the site."""

    user: User
    username: str
    display_name: str
    email: str
    reflection: str
    printed_name: str


@pytest.fixture
def course(app, tmp_path):
    publish_course(tmp_path / "content" / "safe-practice",
                   {"course.yaml": COURSE_YAML, "modules/01-listening.md": MODULE}, tmp_path / "media")
    course = db.session.scalar(db.select(Course).where(Course.slug == "safe-practice"))
    cohort = Cohort(course_id=course.id, name="Goma March", language="en", join_code="GOMA2026")
    db.session.add(cohort)
    db.session.flush()
    db.session.add(CohortSession(cohort_id=cohort.id, title="Day 1", held_on=date(2026, 3, 2)))
    db.session.commit()
    return course


def _answer_everything(client, reflection: str) -> None:
    html = client.get("/courses/safe-practice/listening").get_data(as_text=True)
    (choice_action, choice_key), (reflect_action, reflect_key) = FORM_RE.findall(html)
    calmly = next(value for value, _, label in RADIO_RE.findall(html) if label.strip() == "Listen calmly")
    client.post(choice_action.replace("&amp;", "&"), data={"answer": calmly, "idempotency_key": choice_key})
    client.post(reflect_action.replace("&amp;", "&"), data={"answer": reflection, "idempotency_key": reflect_key})


@pytest.fixture
def make_learner(app, client, make_user, course):
    """A learner who answered, reflected, passed, got a certificate, and is in the cohort; signed out at the end."""

    def make(username: str, display_name: str, reflection: str, printed_name: str) -> Learner:
        email = f"{username}@example.org"
        user = make_user(username, display_name=display_name, email=email, country="CD", work_role="caseworker")
        sign_in(client, username)
        client.post("/courses/safe-practice/enrol", data={"csrf_token": csrf_token(client, "/courses/safe-practice")})
        _answer_everything(client, reflection)
        cohort = db.session.scalar(db.select(Cohort))
        with write_transaction():
            enrollment = db.session.scalar(db.select(Enrollment).where(Enrollment.user_id == user.id))
            assert enrollment.passed_at is not None, "the learner should have passed"
            enrollment.cohort_id = cohort.id
            db.session.add(CohortMembership(cohort_id=cohort.id, user_id=user.id))
            db.session.add(Attendance(session_id=db.session.scalar(db.select(CohortSession.id)), user_id=user.id))
            db.session.add(OfflineScore(cohort_id=cohort.id, user_id=user.id, test="pre", score=7, max_score=10))
            db.session.add(AuditEntry(action=audit.VIEWED_ANSWERS, cohort_id=cohort.id, subject_user_id=user.id,
                                      detail={"learner": display_name}))
            # Once a co-facilitator of another cohort, then removed from it.
            other = Cohort(course_id=cohort.course_id, name=f"Bukavu {user.id}", language="fr",
                           join_code=f"BUK{user.id:05d}")
            db.session.add(other)
            db.session.flush()
            for action in audit.FACILITATION_CHANGES:
                db.session.add(AuditEntry(action=action, cohort_id=other.id, subject_user_id=user.id, detail={}))
            db.session.add(Reminder(cohort_id=cohort.id, user_id=user.id, sent_on=date(2026, 3, 9)))
            certificate = issue_certificate(enrollment, db.session.get(Course, enrollment.course_id).current_version)
            certificate.name_on_certificate = printed_name
        client.post("/signout", data={"csrf_token": csrf_token(client, "/my-data")})
        return Learner(user, username, display_name, email, reflection, printed_name)

    return make


@pytest.fixture
def zainab(make_learner):
    return make_learner("zainab.k", "Zainab Kamara", "I would ask my supervisor in Kigoma about the pathway",
                        "Zainab Amani Kamara")


@pytest.fixture
def omar(make_learner):
    return make_learner("omar.f", "Omar Farouk", "Next time I will not interrupt Deng while he speaks",
                        "Omar Al-Farouk")
