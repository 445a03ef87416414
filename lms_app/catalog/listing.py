"""The catalogue as a learner sees it: their language first, with their status."""
from dataclasses import dataclass

from courses import cpms

from ..extensions import db
from ..learn.models import Enrollment
from .models import Course, CourseVersion

LEVEL_ORDER = {"entry": 0, "mid": 1, "senior": 2}


@dataclass
class CatalogEntry:
    course: Course
    version: CourseVersion
    in_my_language: bool
    pillars: list[int]
    enrollment: Enrollment | None

    @property
    def status(self) -> str:
        if self.enrollment is None:
            return "not_enrolled"
        if self.enrollment.passed_at:
            return "passed"
        if self.enrollment.completed_at:
            return "completed"
        return "in_progress"


def catalog_entries(language: str, user_id: int | None) -> list[CatalogEntry]:
    """Every published course, those offered in `language` first (two queries)."""
    rows = db.session.execute(
        db.select(Course, CourseVersion).join(CourseVersion, Course.current_version_id == CourseVersion.id)
    ).all()
    enrollments = {}
    if user_id is not None:
        enrollments = {e.course_id: e for e in db.session.scalars(
            db.select(Enrollment).where(Enrollment.user_id == user_id))}
    entries = [
        CatalogEntry(course, version, language in version.languages,
                     sorted({cpms.pillar_of(n).number for n in version.cpms_standards}), enrollments.get(course.id))
        for course, version in rows
    ]
    entries.sort(key=lambda e: (not e.in_my_language, LEVEL_ORDER.get(e.version.level, 9), e.course.slug))
    return entries
