"""The learner's own record: every enrolment, pre/post scores, and mastery per CPMS standard."""
from dataclasses import dataclass, field

from ..catalog.models import Block, Course, CourseVersion, Module
from ..extensions import db
from .models import Attempt, Enrollment, ModuleProgress


@dataclass
class EnrolmentSummary:
    course: Course
    version: CourseVersion
    enrollment: Enrollment
    modules_total: int
    modules_completed: int
    pre_test: ModuleProgress | None = None
    post_test: ModuleProgress | None = None

    @property
    def fraction(self) -> float:
        return self.modules_completed / self.modules_total if self.modules_total else 0.0

    @property
    def score_fraction(self) -> float:
        e = self.enrollment
        return e.score / e.max_score if e.max_score else 0.0


@dataclass
class StandardMastery:
    standard: int
    earned: float = 0.0
    possible: float = 0.0
    items: set = field(default_factory=set)

    @property
    def fraction(self) -> float:
        return self.earned / self.possible if self.possible else 0.0


def enrolment_summaries(user_id: int) -> list[EnrolmentSummary]:
    """Every enrolment of the learner with progress and pre/post results (three queries)."""
    rows = db.session.execute(
        db.select(Enrollment, Course, CourseVersion)
        .join(Course, Enrollment.course_id == Course.id)
        .join(CourseVersion, Course.current_version_id == CourseVersion.id)
        .where(Enrollment.user_id == user_id)
        .order_by(Enrollment.enrolled_at.desc())
    ).all()
    version_ids = [version.id for _, _, version in rows]
    module_counts = dict(db.session.execute(
        db.select(Module.version_id, db.func.count(Module.id))
        .where(Module.version_id.in_(version_ids)).group_by(Module.version_id)
    ).all()) if version_ids else {}
    progress: dict[tuple[int, str], ModuleProgress] = {
        (p.course_id, p.module_slug): p for p in db.session.scalars(
            db.select(ModuleProgress).where(ModuleProgress.user_id == user_id))
    }
    summaries = []
    for enrollment, course, version in rows:
        completed = sum(1 for (course_id, _), p in progress.items() if course_id == course.id and p.completed_at)
        summaries.append(EnrolmentSummary(
            course, version, enrollment, module_counts.get(version.id, 0), completed,
            pre_test=progress.get((course.id, version.pre_test_slug)) if version.pre_test_slug else None,
            post_test=progress.get((course.id, version.post_test_slug)) if version.post_test_slug else None,
        ))
    return summaries


def mastery_by_standard(user_id: int) -> list[StandardMastery]:
    """Share of points earned on answered items tagged with each standard, all courses (one query).

    The latest attempt of each item counts; pre-test items do not, since they
    measure what the learner knew before the course.
    """
    rows = db.session.execute(
        db.select(Attempt.usage_id, Attempt.score, Attempt.max_score, Block.cpms_standards)
        .join(Block, Block.usage_id == Attempt.usage_id)
        .join(Module, Block.module_id == Module.id)
        .join(Course, Course.current_version_id == Module.version_id)
        .where(Attempt.user_id == user_id, Attempt.score.is_not(None), Module.role != "pre_test")
        .order_by(Attempt.id)
    ).all()
    latest = {usage_id: (score, max_score, standards) for usage_id, score, max_score, standards in rows}
    by_standard: dict[int, StandardMastery] = {}
    for usage_id, (score, max_score, standards) in latest.items():
        for standard in standards or []:
            entry = by_standard.setdefault(standard, StandardMastery(standard))
            entry.earned += score or 0.0
            entry.possible += max_score or 0.0
            entry.items.add(usage_id)
    return [by_standard[n] for n in sorted(by_standard)]
