"""The cohort dashboard: learners x modules, who needs help, and the cohort summary.

Built two ways, with the same results (tests/facilitate/test_dashboard.py
compares them):

- `dashboard_page`, the page a facilitator opens: the database counts (the
  summary, each module's learners per status, who needs help) and cells are
  built only for the page's learners and the needs-help learners shown.
  Eight queries, and the same Python work, whatever the size of the cohort.
- `cohort_dashboard`, every learner with every cell, for the progress
  export and the pages that list every learner. Six queries whatever the
  size of the cohort; the work in Python grows with the progress rows.
"""
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from sqlalchemy.orm import aliased

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
# A module failed this many times puts the learner on the "needs help" list.
FAILED_TIMES = 2


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
class CohortRoster:
    """The cohort's course and its learners without their progress: what the reports start from."""

    cohort: Cohort
    course: Course
    version: CourseVersion
    modules: list[Module]
    learners: list[CohortLearner]


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

    @property
    def needs_help_count(self) -> int:
        return len(self.needs_help)

    @property
    def needs_help_ids(self) -> list[int]:
        return [learner.user_id for learner in self.needs_help]

    @property
    def learner_count(self) -> int:
        return len(self.learners)


@dataclass
class DashboardPage:
    """One page of the dashboard: the cohort's counts, and cells for `learners` and `needs_help` only."""

    cohort: Cohort
    course: Course
    version: CourseVersion
    modules: list[Module]
    schedule: dict[str, ModuleDates]
    today: date
    # The page's learners, with their cells, in the order of the whole list.
    learners: list[CohortLearner]
    learner_count: int
    session_count: int
    summary: CohortSummary
    column_counts: dict[str, Counter]
    # The first learners who need help, with the reasons; `needs_help_ids` are all of them, in order.
    needs_help: list[CohortLearner]
    needs_help_ids: list[int]

    @property
    def needs_help_count(self) -> int:
        return len(self.needs_help_ids)


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


def _learner_order():
    """The order of every list of learners: by name, deleted accounts last."""
    return User.deleted_at.is_not(None), db.func.lower(User.display_name), User.id


def _cohort_learners_query(cohort: Cohort, *columns):
    """`columns` of the cohort's learners joined with their account and their enrolment in its course."""
    return (db.select(*columns)
            .join(User, User.id == CohortMembership.user_id)
            .outerjoin(Enrollment, (Enrollment.user_id == CohortMembership.user_id)
                       & (Enrollment.course_id == cohort.course_id))
            .where(CohortMembership.cohort_id == cohort.id, CohortMembership.role == LEARNER))


def _sessions_attended(cohort: Cohort):
    """For a query on CohortMembership: the sessions of the cohort the learner attended."""
    return (db.select(db.func.count(Attendance.id))
            .join(CohortSession, CohortSession.id == Attendance.session_id)
            .where(CohortSession.cohort_id == cohort.id, Attendance.present.is_(True),
                   Attendance.user_id == CohortMembership.user_id)
            .correlate(CohortMembership).scalar_subquery())


def cohort_learners(cohort: Cohort, user_ids: list[int] | None = None,
                    with_attendance: bool = False) -> list[CohortLearner]:
    """The learners of the cohort (or those of `user_ids`) with their enrolment in its course (one query), by name.

    Plain rows through the Core connection: read-only, and thousands of them.
    """
    columns = [CohortMembership.user_id, CohortMembership.joined_at, User.username, User.display_name,
               User.deleted_at, User.organisation_type, User.work_role, Enrollment.id.label("enrollment_id"),
               Enrollment.last_activity_at, Enrollment.completed_at, Enrollment.passed_at, Enrollment.score,
               Enrollment.max_score]
    if with_attendance:
        columns.append(_sessions_attended(cohort).label("sessions_attended"))
    query = _cohort_learners_query(cohort, *columns).order_by(*_learner_order())
    if user_ids is not None:
        query = query.where(CohortMembership.user_id.in_(user_ids))
    learners = []
    for r in db.session.connection().execute(query).all():
        learner = CohortLearner(r.user_id, r.username, r.display_name, r.deleted_at is not None, r.joined_at,
                                r if r.enrollment_id is not None else None, r.organisation_type, r.work_role)
        if with_attendance:
            learner.sessions_attended = r.sessions_attended or 0
        learners.append(learner)
    return learners


def cohort_roster(cohort: Cohort) -> CohortRoster:
    """The cohort's course and learners, without progress (two queries)."""
    course, version, modules = cohort_course(cohort)
    return CohortRoster(cohort, course, version, modules, cohort_learners(cohort))


def cell_status(row, dates: ModuleDates | None, today: date) -> str:
    """`row`: the learner's progress on the module (viewed, completed, passed), or None."""
    if row is not None and row.completed:
        return PASSED if row.passed else COMPLETED
    if dates is not None and dates.overdue(today):
        return OVERDUE
    if row is None or not row.viewed:
        return NOT_STARTED
    return IN_PROGRESS


def _untouched_statuses(modules: list[Module], schedule: dict[str, ModuleDates], today: date) -> dict[str, str]:
    """Each module's status for a learner with no progress on it: overdue or not started (`cell_status` of None)."""
    return {m.slug: cell_status(None, schedule.get(m.slug), today) for m in modules}


def _status(completed, passed, viewed, untouched: str) -> str:
    """`cell_status` of a progress row, given the module's status without one."""
    if completed:
        return PASSED if passed else COMPLETED
    if untouched == OVERDUE:
        return OVERDUE
    return IN_PROGRESS if viewed else NOT_STARTED


def _failing(passed, failed_attempts) -> bool:
    return not passed and (failed_attempts or 0) >= FAILED_TIMES


def _progress_query(cohort: Cohort):
    """Plain rows of the cohort's progress (Core, not ORM objects: thousands, and ORM loading is 5x slower).

    `_fill_cells` unpacks them in this order.
    """
    return db.select(
        ModuleProgress.user_id, ModuleProgress.module_slug, ModuleProgress.viewed_at.is_not(None).label("viewed"),
        ModuleProgress.completed_at.is_not(None).label("completed"), ModuleProgress.passed,
        ModuleProgress.failed_attempts, ModuleProgress.score, ModuleProgress.max_score,
    ).where(ModuleProgress.course_id == cohort.course_id)


def _fill_cells(learners: list[CohortLearner], progress_rows, untouched: dict[str, str],
                column_counts: dict[str, Counter] | None = None) -> dict[int, set[str]]:
    """Set each learner's progress and statuses; count the statuses per module if asked.

    Returns the modules (slugs) each learner is failing, for those failing
    any. Work grows with the progress rows, not with learners x modules: a
    learner starts with every module untouched and only their rows change it.
    """
    by_id = {}
    for learner in learners:
        learner.progress = {}
        learner.statuses = untouched.copy()
        by_id[learner.user_id] = learner
    changes: Counter = Counter()
    failing: dict[int, set[str]] = {}
    for row in progress_rows:
        user_id, slug, viewed, completed, passed, failed_attempts, _score, _max_score = row
        learner = by_id.get(user_id)
        if learner is None:
            continue
        learner.progress[slug] = row
        base = untouched.get(slug)
        if base is None:
            continue  # a module of an earlier version of the course
        status = _status(completed, passed, viewed, base)
        if status != base:
            learner.statuses[slug] = status
            changes[slug, base, status] += 1
        if _failing(passed, failed_attempts):
            failing.setdefault(user_id, set()).add(slug)
    if column_counts is not None:
        for slug, status in untouched.items():
            column_counts[slug][status] += len(learners)
        for (slug, base, status), n in changes.items():
            column_counts[slug][base] -= n
            column_counts[slug][status] += n
        _drop_zeros(column_counts)
    return failing


def _drop_zeros(column_counts: dict[str, Counter]) -> None:
    for slug, counts in column_counts.items():
        column_counts[slug] = Counter({status: n for status, n in counts.items() if n})


def _modules_in_order(modules: list[Module], slugs) -> list[Module]:
    return [m for m in modules if m.slug in slugs]


def cohort_dashboard(cohort: Cohort, now: datetime, user_ids: list[int] | None = None) -> Dashboard:
    """Every learner of the cohort with every cell, the counts and who needs help (six queries).

    With `user_ids`, only those of the cohort's learners: their cells and
    help, and counts of them alone (one learner's page of a large cohort
    reads that learner's rows, not the cohort's).
    """
    course, version, modules = cohort_course(cohort)
    learners = cohort_learners(cohort, user_ids)
    progress = _progress_query(cohort).where(ModuleProgress.user_id.in_(learner_ids(cohort)))
    present = (db.select(Attendance.user_id, db.func.count(Attendance.id))
               .join(CohortSession, CohortSession.id == Attendance.session_id)
               .where(CohortSession.cohort_id == cohort.id, Attendance.present.is_(True)))
    if user_ids is not None:
        progress = progress.where(ModuleProgress.user_id.in_(user_ids))
        present = present.where(Attendance.user_id.in_(user_ids))
    progress_rows = db.session.connection().execute(progress).all()
    schedule = cohort_schedule(cohort.id)
    attendance = dict(db.session.execute(present.group_by(Attendance.user_id)).all())
    session_count = db.session.scalar(
        db.select(db.func.count(CohortSession.id)).where(CohortSession.cohort_id == cohort.id)) or 0

    today = now.date()
    board = Dashboard(cohort, course, version, modules, schedule, learners, session_count, today,
                      column_counts={m.slug: Counter() for m in modules})
    untouched = _untouched_statuses(modules, schedule, today)
    failing = _fill_cells(learners, progress_rows, untouched, board.column_counts)
    pairs = [(m.slug, m) for m in modules]
    overdue = [(slug, m) for slug, m in pairs if untouched[slug] == OVERDUE]
    inactive_after = timedelta(days=cohort.inactive_days)
    week_ago = now - ACTIVE_WINDOW
    summary = board.summary
    for learner in learners:
        learner.sessions_attended = attendance.get(learner.user_id, 0)
        summary.enrolled += 1
        e = learner.enrollment
        if e is not None:
            if e.last_activity_at is not None and as_aware(e.last_activity_at) >= week_ago:
                summary.active_this_week += 1
            summary.completed += e.completed_at is not None
            summary.passed += e.passed_at is not None
        if not learner.deleted:
            learner.help = _help_reasons(learner, failing.get(learner.user_id), pairs, overdue, now, inactive_after)
    return board


def help_reasons(learner: CohortLearner, modules: dict[str, Module], now: datetime,
                 inactive_after: timedelta) -> list[HelpReason]:
    """Why a learner may need the facilitator: idle, failing a module repeatedly, or late."""
    failing = {slug for slug, row in learner.progress.items()
               if slug in modules and _failing(row.passed, row.failed_attempts)}
    pairs = list(modules.items())
    return _help_reasons(learner, failing, pairs, pairs, now, inactive_after)


def _help_reasons(learner: CohortLearner, failing: set[str], modules: list[tuple[str, Module]],
                  overdue: list[tuple[str, Module]], now: datetime, inactive_after: timedelta) -> list[HelpReason]:
    """`help_reasons` given the slugs of the modules the learner fails; `modules` and `overdue` are (slug, module)."""
    reasons = []
    finished = learner.enrollment is not None and learner.enrollment.completed_at is not None
    idle = now - learner.last_activity
    if not finished and idle >= inactive_after:
        reasons.append(HelpReason(INACTIVE, days=idle.days))
    if failing:
        reasons.append(HelpReason(FAILED_TWICE, modules=[m for slug, m in modules if slug in failing]))
    statuses = learner.statuses
    late = [m for slug, m in overdue if statuses.get(slug) == OVERDUE]
    if late:
        reasons.append(HelpReason(LATE, modules=late))
    return reasons


def dashboard_page(cohort: Cohort, now: datetime, page: int, per_page: int,
                   help_shown: int | None = None) -> DashboardPage:
    """Page `page` (from 1) of the dashboard, `per_page` learners a page, and the first `help_shown` who need help.

    The same results as `cohort_dashboard` in eight queries. The database
    counts; cells are built for at most `per_page` + `help_shown` learners.
    """
    help_shown = per_page if help_shown is None else help_shown
    course, version, modules = cohort_course(cohort)
    schedule = cohort_schedule(cohort.id)
    today = now.date()
    untouched = _untouched_statuses(modules, schedule, today)
    slugs = list(untouched)
    pairs = [(m.slug, m) for m in modules]
    overdue = [(slug, m) for slug, m in pairs if untouched[slug] == OVERDUE]
    # SQLite compares the stored UTC text: bind the moments in UTC.
    utc_now = as_aware(now).astimezone(timezone.utc)

    # The summary, and the number of sessions held.
    sessions = (db.select(db.func.count(CohortSession.id)).where(CohortSession.cohort_id == cohort.id)
                .scalar_subquery())
    totals = db.session.execute(_cohort_learners_query(
        cohort, db.func.count(CohortMembership.id),
        db.func.sum(db.case((Enrollment.last_activity_at >= utc_now - ACTIVE_WINDOW, 1), else_=0)),
        db.func.count(Enrollment.completed_at), db.func.count(Enrollment.passed_at), sessions)).one()
    enrolled = totals[0] or 0
    summary = CohortSummary(enrolled, totals[1] or 0, totals[2] or 0, totals[3] or 0)

    # Learners per module and status: what decides a status (`_status`), counted per module. No filter on the
    # modules here: SQLite would look each one up for each learner, twice as slow as skipping the few others.
    completed = ModuleProgress.completed_at.is_not(None)
    column_counts = {slug: Counter({status: enrolled}) for slug, status in untouched.items()}
    for slug, done, passed, viewed in db.session.execute(
            db.select(ModuleProgress.module_slug, db.func.count(ModuleProgress.completed_at),
                      db.func.count(db.case((completed & ModuleProgress.passed, 1))),
                      db.func.count(db.case((ModuleProgress.completed_at.is_(None)
                                             & ModuleProgress.viewed_at.is_not(None), 1))))
            .where(ModuleProgress.course_id == cohort.course_id, ModuleProgress.user_id.in_(learner_ids(cohort)))
            .group_by(ModuleProgress.module_slug)):
        base = untouched.get(slug)
        if base is None:
            continue  # a module of an earlier version of the course
        counts = column_counts[slug]
        counts[base] -= done
        counts[PASSED] += passed
        counts[COMPLETED] += done - passed
        if base != OVERDUE:
            counts[base] -= viewed
            counts[IN_PROGRESS] += viewed
    _drop_zeros(column_counts)

    # Who needs help: the conditions of `help_reasons`, as a query.
    needs_help_ids = list(db.session.scalars(
        _cohort_learners_query(cohort, CohortMembership.user_id)
        .where(User.deleted_at.is_(None), _needs_help(cohort, slugs, overdue, utc_now))
        .order_by(*_learner_order())))

    page_ids = list(db.session.scalars(
        _cohort_learners_query(cohort, CohortMembership.user_id).order_by(*_learner_order())
        .limit(per_page).offset((page - 1) * per_page)))
    shown_ids = needs_help_ids[:help_shown]
    people = cohort_learners(cohort, sorted(set(page_ids) | set(shown_ids)), with_attendance=True)
    progress_rows = db.session.connection().execute(
        _progress_query(cohort).where(ModuleProgress.user_id.in_([p.user_id for p in people]))).all()
    failing = _fill_cells(people, progress_rows, untouched)
    inactive_after = timedelta(days=cohort.inactive_days)
    by_id = {p.user_id: p for p in people}
    for user_id in shown_ids:
        by_id[user_id].help = _help_reasons(by_id[user_id], failing.get(user_id), pairs, overdue, now, inactive_after)
    return DashboardPage(cohort, course, version, modules, schedule, today,
                         learners=[by_id[user_id] for user_id in page_ids if user_id in by_id],
                         learner_count=enrolled, session_count=totals[4] or 0, summary=summary,
                         column_counts=column_counts, needs_help=[by_id[user_id] for user_id in shown_ids],
                         needs_help_ids=needs_help_ids)


def _needs_help(cohort: Cohort, slugs: list[str], overdue: list[tuple[str, Module]], now: datetime):
    """For a query on the cohort's learners: idle, failing a module repeatedly, or late (see `help_reasons`)."""
    progress = aliased(ModuleProgress)
    mine = (progress.user_id == CohortMembership.user_id) & (progress.course_id == cohort.course_id)
    last_activity = db.func.coalesce(Enrollment.last_activity_at, CohortMembership.joined_at)
    conditions = [
        Enrollment.completed_at.is_(None) & (last_activity <= now - timedelta(days=cohort.inactive_days)),
        db.exists().where(mine, progress.module_slug.in_(slugs), progress.passed.is_not(True),
                          db.func.coalesce(progress.failed_attempts, 0) >= FAILED_TIMES),
    ]
    if overdue:
        done = (db.select(db.func.count(progress.id))
                .where(mine, progress.module_slug.in_([slug for slug, _module in overdue]), progress.completed_at.is_not(None))
                .correlate(CohortMembership).scalar_subquery())
        conditions.append(done < len(overdue))
    return db.or_(*conditions)
