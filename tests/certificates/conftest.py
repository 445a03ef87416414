"""A published course that grants a certificate, and learners who passed it."""
from datetime import datetime, timezone

import pytest

from lms_app.catalog.models import Course, CourseVersion
from lms_app.extensions import db
from lms_app.learn.models import Enrollment


@pytest.fixture
def course(app):
    """The course "safe-practice", published in English, French and Arabic, with a certificate."""
    course = Course(slug="safe-practice")
    db.session.add(course)
    db.session.flush()
    version = CourseVersion(
        course_id=course.id, content_hash="h1", titles={"en": "Safe practice", "fr": "Pratique sûre",
                                                       "ar": "الممارسة الآمنة"},
        level="entry", languages=["en", "fr", "ar"], default_language="en", pass_mark=50,
        grants_certificate=True)
    db.session.add(version)
    db.session.flush()
    course.current_version_id = version.id
    db.session.commit()
    return course


@pytest.fixture
def pass_course(course):
    """Enrol a user in the course with a passing score of 8 out of 10."""

    def enrol_passed(user, *, passed=True):
        enrollment = Enrollment(user_id=user.id, course_id=course.id, score=8.0, max_score=10.0,
                                passed_at=datetime(2026, 3, 14, 9, 30, tzinfo=timezone.utc) if passed else None)
        db.session.add(enrollment)
        db.session.commit()
        return enrollment

    return enrol_passed
