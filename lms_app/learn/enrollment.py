"""Enrolment and the course outline a learner sees."""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.exc import IntegrityError

from ..catalog.models import Course, CourseVersion, Module
from ..database import write_transaction
from ..extensions import db
from ..facilitate.schedule import ModuleDates, learner_schedule, today
from .models import Enrollment, ModuleProgress


def enrol(user_id: int, course: Course, cohort_id: int | None = None) -> bool:
    """Enrol the learner; True if newly enrolled. Enrolling twice is harmless (UNIQUE decides)."""
    try:
        with write_transaction() as session:
            session.add(Enrollment(user_id=user_id, course_id=course.id, cohort_id=cohort_id))
    except IntegrityError:
        return False
    return True


@dataclass
class CourseOutline:
    course: Course
    version: CourseVersion
    modules: list[Module]
    enrollment: Enrollment | None
    progress: dict[str, ModuleProgress] = field(default_factory=dict)
    # The learner's cohort dates, when they take the course in a cohort.
    schedule: dict[str, ModuleDates] = field(default_factory=dict)
    today: date = field(default_factory=today)

    def locked(self, module: Module) -> bool:
        dates = self.schedule.get(module.slug)
        return dates is not None and dates.locked(self.today)

    def overdue(self, module: Module) -> bool:
        dates = self.schedule.get(module.slug)
        row = self.progress.get(module.slug)
        return dates is not None and dates.overdue(self.today) and not (row and row.completed_at)

    @property
    def continue_module(self) -> Module | None:
        """Where the learner left off: the last module opened if not complete, else the next one not complete."""
        if not self.modules:
            return None
        last = self.enrollment.last_module_slug if self.enrollment else None
        by_slug = {m.slug: m for m in self.modules}
        if last in by_slug and not (self.progress.get(last) and self.progress[last].completed_at):
            return by_slug[last]
        for module in self.modules:
            row = self.progress.get(module.slug)
            if row is None or row.completed_at is None:
                return module
        return self.modules[-1]

    def module_fraction(self, module: Module) -> float:
        row = self.progress.get(module.slug)
        if row is None or row.viewed_at is None:
            return 0.0
        if row.completed_at:
            return 1.0
        steps = module.graded_block_count + 1  # reading counts as a step
        return (1 + row.answered_count) / steps

    @property
    def fraction(self) -> float:
        if not self.modules:
            return 0.0
        return sum(self.module_fraction(m) for m in self.modules) / len(self.modules)


def course_outline(course_slug: str, user_id: int | None) -> CourseOutline | None:
    """The published course with its modules and, for a signed-in learner, their progress."""
    row = db.session.execute(
        db.select(Course, CourseVersion).join(CourseVersion, Course.current_version_id == CourseVersion.id)
        .where(Course.slug == course_slug)
    ).first()
    if row is None:
        return None
    course, version = row
    modules = list(db.session.scalars(
        db.select(Module).where(Module.version_id == version.id).order_by(Module.position)))
    outline = CourseOutline(course, version, modules, None)
    if user_id is not None:
        outline.enrollment = db.session.scalar(db.select(Enrollment).where(
            Enrollment.course_id == course.id, Enrollment.user_id == user_id))
        if outline.enrollment is not None:
            outline.progress = {r.module_slug: r for r in db.session.scalars(db.select(ModuleProgress).where(
                ModuleProgress.course_id == course.id, ModuleProgress.user_id == user_id))}
            outline.schedule = learner_schedule(outline.enrollment.cohort_id)
    return outline
