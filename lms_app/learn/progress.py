"""Progress rules, applied in the transaction of the answer that changes them.

- A module is complete when the learner has viewed it and submitted every
  graded question; its score is the sum of the latest score of each
  question; it is passed when score / maximum reaches its pass mark.
- A course is complete when every module (pre- and post-test included) is
  complete; its score is the sum of the module scores except the
  pre-test's; it is passed when that score reaches the course pass mark.
- Completion and pass dates are written once, by the first request that
  makes them true.
"""
from ..catalog.models import CourseVersion, Module
from ..catalog.published import published_version
from ..extensions import db
from ..models_base import utcnow
from .models import Attempt, Enrollment, ModuleProgress

PRE_TEST = "pre_test"


def _reaches(score: float, maximum: float, pass_mark: float) -> bool:
    if maximum <= 0:
        return True
    # Rounded to avoid 69.99999 failing a 70 % mark through float sums.
    return round(score / maximum * 100, 6) >= pass_mark


def progress_rows(user_id: int, course_id: int) -> dict[str, ModuleProgress]:
    """The learner's progress row of every module of the course, by module slug (one query)."""
    return {r.module_slug: r for r in db.session.scalars(db.select(ModuleProgress).where(
        ModuleProgress.user_id == user_id, ModuleProgress.course_id == course_id))}


def _module_row(rows: dict[str, ModuleProgress], user_id: int, course_id: int, module_slug: str) -> ModuleProgress:
    row = rows.get(module_slug)
    if row is None:
        row = ModuleProgress(user_id=user_id, course_id=course_id, module_slug=module_slug,
                             score=0.0, max_score=0.0, answered_count=0, failed_attempts=0, passed=False)
        db.session.add(row)
        rows[module_slug] = row
    return row


def refresh_module_progress(rows: dict[str, ModuleProgress], user_id: int, course_id: int,
                            version: CourseVersion, module: Module, *, after_submission: bool) -> ModuleProgress:
    """Recompute one module's progress from the learner's attempts."""
    graded = published_version(version).graded_weights(module.id)
    latest: dict[str, float] = {}
    if graded:
        # The latest scored attempt of each question, each found by a walk
        # back along the (user, question, id) index that stops at its first
        # row: reading every attempt made each submission slower than the one
        # before it (quizzes allow unlimited attempts; bench/bench_submission.py).
        usage_ids = list(graded)
        scores = db.session.execute(db.select(*(
            db.select(Attempt.score)
            .where(Attempt.user_id == user_id, Attempt.usage_id == usage_id, Attempt.score.is_not(None))
            .order_by(Attempt.id.desc()).limit(1).scalar_subquery()
            for usage_id in usage_ids
        ))).one()
        latest = {usage_id: score for usage_id, score in zip(usage_ids, scores) if score is not None}
    row = _module_row(rows, user_id, course_id, module.slug)
    row.answered_count = len(latest)
    row.score = float(sum(latest.values()))
    row.max_score = float(module.max_score)
    complete = row.viewed_at is not None and row.answered_count >= len(graded)
    passed = complete and _reaches(row.score, row.max_score, module.pass_mark)
    now = utcnow()
    if complete and row.completed_at is None:
        row.completed_at = now
    if complete and not passed and after_submission:
        # Counted per graded submission made while the module is complete
        # and below its pass mark: "failed twice" in the facilitator's list.
        row.failed_attempts = (row.failed_attempts or 0) + 1
    row.passed = passed
    return row


def refresh_enrollment(enrollment: Enrollment, version: CourseVersion, rows: dict[str, ModuleProgress]) -> None:
    """Recompute the course score and completion from the module progress rows."""
    modules = published_version(version).modules
    counted = [m for m in modules if m.role != PRE_TEST]
    enrollment.score = float(sum(rows[m.slug].score for m in counted if m.slug in rows))
    enrollment.max_score = float(sum(m.max_score for m in counted))
    complete = bool(modules) and all(m.slug in rows and rows[m.slug].completed_at for m in modules)
    now = utcnow()
    enrollment.last_activity_at = now
    if complete and enrollment.completed_at is None:
        enrollment.completed_at = now
    if complete and enrollment.passed_at is None and _reaches(enrollment.score, enrollment.max_score, version.pass_mark):
        enrollment.passed_at = now


def record_view(enrollment: Enrollment, version: CourseVersion, module: Module) -> bool:
    """Note that the learner opened a module; returns whether anything was written.

    Only the first view and a change of "where you left off" write, so that
    reading a module is not a database write every time.
    """
    rows = progress_rows(enrollment.user_id, enrollment.course_id)
    row = _module_row(rows, enrollment.user_id, enrollment.course_id, module.slug)
    first_view = row.viewed_at is None
    if first_view:
        row.viewed_at = utcnow()
        refresh_module_progress(rows, enrollment.user_id, enrollment.course_id, version, module,
                                after_submission=False)
    moved = enrollment.last_module_slug != module.slug
    enrollment.last_module_slug = module.slug
    if first_view:
        refresh_enrollment(enrollment, version, rows)
    return first_view or moved


def record_attempt(enrollment: Enrollment, version: CourseVersion, module: Module, attempt: Attempt) -> None:
    """Store an attempt and bring module and course progress up to date, in the caller's transaction."""
    db.session.add(attempt)
    db.session.flush()  # the UNIQUE (user, idempotency key) constraint decides here
    rows = progress_rows(enrollment.user_id, enrollment.course_id)
    if attempt.score is not None:
        refresh_module_progress(rows, enrollment.user_id, enrollment.course_id, version, module,
                                after_submission=True)
    refresh_enrollment(enrollment, version, rows)
