"""The cohort dashboard: learners x modules, who needs help, and the cohort summary.

Six queries whatever the size of the cohort (course and modules, learners
with their enrolments, progress, dates, attendance counts, sessions); everything
else is computed here in Python.
"""
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from ..accounts.models import User
from ..catalog.models import Course, CourseVersion, Module
from ..extensions import db
from ..learn.models import Enrollment, ModuleProgress
from .cohorts import learner_ids
from .models import LEARNER, Attendance, Cohort, CohortMembership, CohortSession
from .schedule import ModuleDates, cohort_schedule

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
PASSED = "passed"
OVERDUE = "overdue"
STATUSES = (NOT_STARTED, IN_PROGRESS, COMPLETED, PASSED, OVERDUE)

# Why a learner is on the "needs help" list.
INACTIVE = "inactive"
FAILED_TWICE = "failed_twice"
LATE = "overdue"

ACTIVE_WINDOW = timedelta(days=7)


@dataclass
class HelpReason:
    kind: str
    # inactive: days without activity; failed_twice and overdue: the modules.
    days: int = 0
    modules: list[Module] = field(default_factory=list)


@dataclass
class CohortLearner:
    user_id: int
    username: str
    display_name: str
    deleted: bool
    joined_at: datetime
    # The enrolment's last_activity_at, completed_at, passed_at, score, max_score; None if not enrolled.
    enrollment: object | None
    organisation_type: str | None = None
    work_role: str | None = None
    statuses: dict[str, str] = field(default_factory=dict)
    # Module slug -> a row of (viewed, completed, passed, failed_attempts, score, max_score).
    progress: dict = field(default_factory=dict)
    sessions_attended: int = 0
    help: list[HelpReason] = field(default_factory=list)

    @property
    def last_activity(self) -> datetime:
        activity = self.enrollment.last_activity_at if self.enrollment else None
        return as_aware(activity or self.joined_at)

    @property
    def score_fraction(self) -> float | None:
        e = self.enrollment
        return e.score / e.max_score if e and e.max_score else None


@dataclass
class CohortSummary:
    enrolled: int = 0
    active_this_week: int = 0
    completed: int = 0
    passed: int = 0


@dataclass
class Dashboard:
    cohort: Cohort
    course: Course
    version: CourseVersion
    modules: list[Module]
    schedule: dict[str, ModuleDates]
    learners: list[CohortLearner]
    session_count: int
    today: date
    column_counts: dict[str, Counter] = field(default_factory=dict)
    summary: CohortSummary = field(default_factory=CohortSummary)

    @property
    def needs_help(self) -> list[CohortLearner]:
        return [learner for learner in self.learners if learner.help]


def as_aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes for timezone columns; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def cohort_course(cohort: Cohort) -> tuple[Course, CourseVersion, list[Module]]:
    """The cohort's course at its current version, with the modules in order (one query)."""
    rows = db.session.execute(
        db.select(Course, CourseVersion, Module)
        .join(CourseVersion, CourseVersion.id == Course.current_version_id)
        .outerjoin(Module, Module.version_id == CourseVersion.id)
        .where(Course.id == cohort.course_id)
        .order_by(Module.position)
    ).all()
    course, version = rows[0][0], rows[0][1]
    return course, version, [row[2] for row in rows if row[2] is not None]


def cohort_learners(cohort: Cohort) -> list[CohortLearner]:
    """The learners of the cohort with their enrolment in its course (one query), by name.

    Plain rows through the Core connection: read-only, and thousands of them.
    """
    rows = db.session.connection().execute(
        db.select(CohortMembership.user_id, CohortMembership.joined_at, User.username, User.display_name,
                  User.deleted_at, User.organisation_type, User.work_role, Enrollment.id.label("enrollment_id"),
                  Enrollment.last_activity_at, Enrollment.completed_at, Enrollment.passed_at, Enrollment.score,
                  Enrollment.max_score)
        .join(User, User.id == CohortMembership.user_id)
        .outerjoin(Enrollment, (Enrollment.user_id == CohortMembership.user_id)
                   & (Enrollment.course_id == cohort.course_id))
        .where(CohortMembership.cohort_id == cohort.id, CohortMembership.role == LEARNER)
        .order_by(User.deleted_at.is_not(None), db.func.lower(User.display_name), User.id)
    ).all()
    return [CohortLearner(r.user_id, r.username, r.display_name, r.deleted_at is not None, r.joined_at,
                          r if r.enrollment_id is not None else None, r.organisation_type, r.work_role)
            for r in rows]


def cell_status(row, dates: ModuleDates | None, today: date) -> str:
    """`row`: the learner's progress on the module (viewed, completed, passed), or None."""
    if row is not None and row.completed:
        return PASSED if row.passed else COMPLETED
    if dates is not None and dates.overdue(today):
        return OVERDUE
    if row is None or not row.viewed:
        return NOT_STARTED
    return IN_PROGRESS


def cohort_dashboard(cohort: Cohort, now: datetime) -> Dashboard:
    course, version, modules = cohort_course(cohort)
    learners = cohort_learners(cohort)
    # Plain rows through the Core connection, not ORM objects: a cohort of 2,000
    # has 40,000 of them, nothing here changes them, and ORM loading is 5x slower.
    progress_rows = db.session.connection().execute(db.select(
        ModuleProgress.user_id, ModuleProgress.module_slug, ModuleProgress.viewed_at.is_not(None).label("viewed"),
        ModuleProgress.completed_at.is_not(None).label("completed"), ModuleProgress.passed,
        ModuleProgress.failed_attempts, ModuleProgress.score, ModuleProgress.max_score,
    ).where(ModuleProgress.course_id == cohort.course_id, ModuleProgress.user_id.in_(learner_ids(cohort)))).all()
    by_learner: dict[int, dict[str, ModuleProgress]] = {}
    for row in progress_rows:
        by_learner.setdefault(row.user_id, {})[row.module_slug] = row
    schedule = cohort_schedule(cohort.id)
    attendance = dict(db.session.execute(
        db.select(Attendance.user_id, db.func.count(Attendance.id))
        .join(CohortSession, CohortSession.id == Attendance.session_id)
        .where(CohortSession.cohort_id == cohort.id, Attendance.present.is_(True))
        .group_by(Attendance.user_id)).all())
    session_count = db.session.scalar(
        db.select(db.func.count(CohortSession.id)).where(CohortSession.cohort_id == cohort.id)) or 0

    today = now.date()
    board = Dashboard(cohort, course, version, modules, schedule, learners, session_count, today,
                      column_counts={m.slug: Counter() for m in modules})
    inactive_after = timedelta(days=cohort.inactive_days)
    by_slug = {m.slug: m for m in modules}
    slugs = list(by_slug)
    for learner in learners:
        learner.progress = by_learner.get(learner.user_id, {})
        learner.sessions_attended = attendance.get(learner.user_id, 0)
        for slug in slugs:
            status = cell_status(learner.progress.get(slug), schedule.get(slug), today)
            learner.statuses[slug] = status
            board.column_counts[slug][status] += 1
        _summarise(board.summary, learner, now)
        if not learner.deleted:
            learner.help = help_reasons(learner, by_slug, now, inactive_after)
    return board


def _summarise(summary: CohortSummary, learner: CohortLearner, now: datetime) -> None:
    summary.enrolled += 1
    e = learner.enrollment
    if e is None:
        return
    if e.last_activity_at is not None and now - as_aware(e.last_activity_at) <= ACTIVE_WINDOW:
        summary.active_this_week += 1
    summary.completed += e.completed_at is not None
    summary.passed += e.passed_at is not None


def help_reasons(learner: CohortLearner, modules: dict[str, Module], now: datetime,
                 inactive_after: timedelta) -> list[HelpReason]:
    """Why a learner may need the facilitator: idle, failing a module repeatedly, or late."""
    reasons = []
    finished = learner.enrollment is not None and learner.enrollment.completed_at is not None
    idle = now - learner.last_activity
    if not finished and idle >= inactive_after:
        reasons.append(HelpReason(INACTIVE, days=idle.days))
    failing = [m for slug, m in modules.items() if (row := learner.progress.get(slug)) is not None
               and not row.passed and (row.failed_attempts or 0) >= 2]
    if failing:
        reasons.append(HelpReason(FAILED_TWICE, modules=failing))
    late = [m for slug, m in modules.items() if learner.statuses.get(slug) == OVERDUE]
    if late:
        reasons.append(HelpReason(LATE, modules=late))
    return reasons
