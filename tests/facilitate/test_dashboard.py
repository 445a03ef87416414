"""The dashboard: the learners x modules matrix, who needs help and why, the summary, and its query budget."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import insert

from lms_app.accounts.models import User
from lms_app.database import write_transaction
from lms_app.extensions import db
from lms_app.facilitate.dashboard import (COMPLETED, FAILED_TWICE, IN_PROGRESS, INACTIVE, LATE, NOT_STARTED,
                                          OVERDUE, PASSED, cohort_dashboard)
from lms_app.facilitate.models import LEARNER, CohortMembership
from lms_app.facilitate.schedule import ModuleDates, set_schedule
from lms_app.learn.models import Enrollment, ModuleProgress

from ..conftest import QueryCounter
from .conftest import progress, set_activity, sign_in_as

NOW = datetime.now(timezone.utc)


def test_each_cell_says_where_the_learner_is(cohort, course, add_learners):
    amina, jean, li, omar = add_learners("amina", "jean", "li", "omar")
    progress(amina, course, "pre-test", score=2, max_score=2)
    progress(jean, course, "pre-test", score=0, max_score=2)
    progress(li, course, "pre-test", completed=False)
    board = cohort_dashboard(cohort, NOW)
    statuses = {l.username: l.statuses["pre-test"] for l in board.learners}
    assert statuses == {"amina": PASSED, "jean": COMPLETED, "li": IN_PROGRESS, "omar": NOT_STARTED}
    assert board.column_counts["pre-test"] == {PASSED: 1, COMPLETED: 1, IN_PROGRESS: 1, NOT_STARTED: 1}
    assert board.column_counts["pathways"] == {NOT_STARTED: 4}


def test_work_past_its_due_date_is_overdue_and_listed(cohort, course, add_learners):
    amina, jean = add_learners("amina", "jean")
    progress(amina, course, "pathways", score=1)
    modules = cohort_dashboard(cohort, NOW).modules
    set_schedule(cohort, modules, {"pathways": ModuleDates(date(2026, 1, 1), NOW.date() - timedelta(days=1))})
    board = cohort_dashboard(cohort, NOW)
    by_name = {l.username: l for l in board.learners}
    assert by_name["amina"].statuses["pathways"] == PASSED
    assert by_name["jean"].statuses["pathways"] == OVERDUE
    assert [r.kind for r in by_name["jean"].help if r.kind == LATE] == [LATE]
    assert [m.slug for r in by_name["jean"].help if r.kind == LATE for m in r.modules] == ["pathways"]


def test_needs_help_gives_the_reason(cohort, course, add_learners):
    idle, failing, fine = add_learners("idle", "failing", "fine")
    set_activity(idle, course, days_ago=10.5)
    set_activity(failing, course, days_ago=1)
    set_activity(fine, course, days_ago=1)
    progress(failing, course, "pathways", score=0, failed_attempts=2)
    board = cohort_dashboard(cohort, datetime.now(timezone.utc))
    reasons = {l.username: [(r.kind, r.days) for r in l.help] for l in board.learners}
    assert reasons["idle"] == [(INACTIVE, 10)]
    assert reasons["failing"] == [(FAILED_TWICE, 0)]
    assert reasons["fine"] == []
    assert [l.username for l in board.needs_help] == ["failing", "idle"]


def test_the_summary_counts_enrolled_active_completed_passed(cohort, course, add_learners):
    a, b, c = add_learners("a-one", "b-two", "c-three")
    set_activity(a, course, days_ago=2).completed_at = NOW
    enrollment = set_activity(b, course, days_ago=8)
    enrollment.completed_at = enrollment.passed_at = NOW
    db.session.commit()
    summary = cohort_dashboard(cohort, NOW).summary
    assert (summary.enrolled, summary.active_this_week, summary.completed, summary.passed) == (3, 1, 2, 1)


def test_a_deleted_learner_still_counts_but_is_nameless(client, facilitator, cohort, course, add_learners):
    from lms_app.privacy.deletion import delete_account

    amina, _jean = add_learners("amina", "jean", display_name="Amina Secret")
    delete_account(amina)
    board = cohort_dashboard(cohort, NOW)
    assert board.summary.enrolled == 2 and [l.deleted for l in board.learners] == [False, True]
    sign_in_as(client, facilitator)
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "Deleted account" in page
    assert page.count("Amina Secret") == 1  # jean's display name; amina's was erased


def _bulk_cohort(cohort, course, size: int):
    """`size` learners with an enrolment and progress on every module, inserted in bulk."""
    password = db.session.scalar(db.select(User.password_hash).limit(1))
    with write_transaction() as session:
        session.execute(insert(User), [{"username": f"bulk-{cohort.id}-{i}", "display_name": f"Learner {i}",
                                        "password_hash": password, "session_token": f"t{i}"} for i in range(size)])
        ids = list(session.scalars(db.select(User.id).where(User.username.like(f"bulk-{cohort.id}-%"))))
        session.execute(insert(CohortMembership), [{"cohort_id": cohort.id, "user_id": i, "role": LEARNER}
                                                   for i in ids])
        session.execute(insert(Enrollment), [{"user_id": i, "course_id": course.id, "cohort_id": cohort.id,
                                              "last_activity_at": NOW} for i in ids])
        session.execute(insert(ModuleProgress), [
            {"user_id": i, "course_id": course.id, "module_slug": slug, "viewed_at": NOW, "score": 1.0,
             "max_score": 2.0, "completed_at": NOW, "passed": n % 2 == 0, "failed_attempts": n % 3}
            for n, i in enumerate(ids) for slug in ("pre-test", "pathways", "post-test")])


@pytest.mark.parametrize("path", ["", "/questions", "/pre-post", "/progress.csv"])
def test_query_count_does_not_grow_with_the_cohort(client, facilitator, cohort, course, path):
    from lms_app.facilitate.cohorts import create_cohort

    big = create_cohort(facilitator, course, "Big", "en", None, None)
    _bulk_cohort(cohort, course, 5)
    _bulk_cohort(big, course, 500)
    sign_in_as(client, facilitator)
    counts = []
    for c in (cohort, big):
        client.get(f"/cohorts/{c.id}{path}")
        with QueryCounter(db.engine) as counter:
            response = client.get(f"/cohorts/{c.id}{path}")
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
    assert counts[0] <= 12, counts
