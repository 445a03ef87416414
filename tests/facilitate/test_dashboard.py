"""The dashboard: the learners x modules matrix, who needs help and why, the summary, and its query budget."""
import random
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import insert

from lms_app.accounts.models import User
from lms_app.database import write_transaction
from lms_app.extensions import db
from lms_app.facilitate.dashboard import (ACTIVE_WINDOW, COMPLETED, FAILED_TWICE, IN_PROGRESS, INACTIVE, LATE,
                                          NOT_STARTED, OVERDUE, PASSED, STATUSES, cohort_dashboard, dashboard_page)
from lms_app.facilitate.models import LEARNER, Attendance, CohortMembership, CohortSession
from lms_app.facilitate.reminders import reminder_plan
from lms_app.facilitate.schedule import ModuleDates, set_schedule
from lms_app.learn.models import Enrollment, ModuleProgress
from lms_app.privacy.deletion import delete_account

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


def _varied_cohort(cohort, course, add_learners, now: datetime) -> None:
    """Learners at every stage: idle or not (and exactly at the limits), failing, late, done, deleted, not enrolled.

    The first eight are set by hand, each with one reason or none, at the limits; the others at random.
    Names repeat in other cases, so that the order of the list is decided by its last key too.
    """
    rng = random.Random(20261129)
    names = ["Amina", "amina", "Jean", "Li", "li", "Omar", "Zeynep", "Ayo", "Béatrice", "Carlos", "Dana", "Eun",
             "Farah", "Goran", "Hana", "Ivan", "Jamal", "Kofi", "Lena", "Musa", "Nadia", "Ola", "Pita", "Rania"]
    users = [add_learners(f"v{i}", display_name=name, email=f"v{i}@example.org" if i % 3 else None)[0]
             for i, name in enumerate(names)]
    cohort.inactive_days = 10
    db.session.commit()
    modules = cohort_dashboard(cohort, now).modules
    set_schedule(cohort, modules, {"pathways": ModuleDates(None, now.date() - timedelta(days=1)),
                                   "post-test": ModuleDates(None, now.date() + timedelta(days=3))})
    idle, tick = timedelta(days=cohort.inactive_days), timedelta(microseconds=1)
    # Activity, and progress rows (module: completed, passed, failed attempts), of the first eight learners.
    by_hand = [(None, {"pathways": (True, True, 0)}),  # no activity since joining long ago (below): idle
               (now - idle, {"pathways": (True, True, 0)}),  # idle since exactly the limit: listed
               (now - idle + tick, {"pathways": (True, True, 0)}),  # not idle yet
               (now - ACTIVE_WINDOW, {"pathways": (True, True, 0)}),  # active this week, just
               (now - ACTIVE_WINDOW - tick, {"pathways": (True, True, 0)}),  # not active this week
               (None, {}),  # not enrolled (below): late only
               (now, {"pathways": (True, True, 3)}),  # failed three times, then passed: not listed
               (now, {"pathways": (True, True, 0), "pre-test": (True, False, 2)})]  # failing only
    sessions = [CohortSession(cohort_id=cohort.id, title=f"Day {n}", held_on=now.date()) for n in range(3)]
    db.session.add_all(sessions)
    db.session.flush()
    for i, user in enumerate(users):
        enrollment = db.session.scalar(db.select(Enrollment).where(Enrollment.user_id == user.id))
        if i < len(by_hand):
            enrollment.last_activity_at, rows = by_hand[i]
        else:
            enrollment.last_activity_at = now - timedelta(days=rng.uniform(0, 15))
            rows = {}
            for slug in ("pre-test", "pathways", "post-test", "retired-module"):
                kind = rng.choice(["none", "viewed", "unviewed", "passed", "failed"])
                if kind != "none":
                    rows[slug] = (kind in ("passed", "failed"), kind == "passed", rng.choice([0, 1, 2, 3]))
                    if kind == "unviewed":
                        rows[slug] = None
            enrollment.score, enrollment.max_score = rng.choice([(0.0, 0.0), (1.0, 3.0), (3.0, 3.0)])
            if rng.random() < 0.25:
                enrollment.completed_at = now
                enrollment.passed_at = now if rng.random() < 0.5 else None
        for slug, row in rows.items():
            done, passed, failed = row or (False, False, 1)
            db.session.add(ModuleProgress(
                user_id=user.id, course_id=course.id, module_slug=slug, viewed_at=None if row is None else now,
                answered_count=1, score=1.0, max_score=2.0, completed_at=now if done else None, passed=passed,
                failed_attempts=failed))
        for meeting in sessions:
            if rng.random() < 0.5:
                db.session.add(Attendance(session_id=meeting.id, user_id=user.id, present=rng.random() < 0.8))
    db.session.delete(db.session.scalar(db.select(Enrollment).where(Enrollment.user_id == users[5].id)))
    db.session.execute(db.update(CohortMembership).where(CohortMembership.user_id == users[0].id)
                       .values(joined_at=now - timedelta(days=20)))
    db.session.commit()
    delete_account(users[-1])


def _cells(learner) -> tuple:
    return (learner.user_id, learner.deleted, learner.display_name, learner.statuses, learner.sessions_attended,
            learner.score_fraction)


def _reasons(learner) -> tuple:
    return learner.user_id, [(r.kind, r.days, [m.slug for m in r.modules]) for r in learner.help]


@pytest.mark.parametrize("per_page, help_shown", [(1, 1), (5, 3), (50, 50)])
def test_a_page_of_the_dashboard_says_what_the_whole_board_says(cohort, course, add_learners, per_page, help_shown):
    """The page counts in the database and builds cells for a few learners: the same results as every cell."""
    now = datetime.now(timezone.utc)
    _varied_cohort(cohort, course, add_learners, now)
    board = cohort_dashboard(cohort, now)
    # The cohort has every status and every reason, and learners off the needs-help list.
    assert {s for l in board.learners for s in l.statuses.values()} == set(STATUSES)
    assert {r.kind for l in board.learners for r in l.help} == {INACTIVE, FAILED_TWICE, LATE}
    assert 0 < len(board.needs_help) < len(board.learners) - 1
    assert board.learners[-1].deleted and not board.learners[-1].help
    by_hand = {l.username: [r.kind for r in l.help] for l in board.learners if l.username in
               {f"v{i}" for i in range(8)}}
    assert by_hand == {"v0": [INACTIVE], "v1": [INACTIVE], "v2": [], "v3": [], "v4": [], "v5": [LATE], "v6": [],
                       "v7": [FAILED_TWICE]}
    pages = -(-len(board.learners) // per_page)
    for page in range(1, pages + 2):
        part = dashboard_page(cohort, now, page, per_page, help_shown)
        assert part.summary == board.summary
        assert part.column_counts == board.column_counts
        assert (part.learner_count, part.session_count) == (len(board.learners), board.session_count)
        assert part.needs_help_ids == [l.user_id for l in board.needs_help]
        assert part.needs_help_count == board.needs_help_count
        # The reminder button counts everyone who needs help, not only those shown.
        assert reminder_plan(part, now.date()) == reminder_plan(board, now.date())
        assert [_reasons(l) for l in part.needs_help] == [_reasons(l) for l in board.needs_help[:help_shown]]
        expected = board.learners[(page - 1) * per_page:page * per_page]
        assert [_cells(l) for l in part.learners] == [_cells(l) for l in expected]


def test_one_learners_board_says_what_the_whole_board_says_of_them(cohort, course, add_learners):
    """The learner page reads one learner's rows: the same cells, progress, attendance and reasons."""
    now = datetime.now(timezone.utc)
    _varied_cohort(cohort, course, add_learners, now)
    board = cohort_dashboard(cohort, now)
    for learner in board.learners:
        alone = cohort_dashboard(cohort, now, user_ids=[learner.user_id])
        assert alone.learners == [learner]
        assert (alone.modules, alone.session_count) == (board.modules, board.session_count)
    stranger = add_learners("stranger")[0]
    db.session.execute(db.delete(CohortMembership).where(CohortMembership.user_id == stranger.id))
    db.session.commit()
    assert cohort_dashboard(cohort, now, user_ids=[stranger.id]).learners == []


def test_the_learner_page_builds_one_learners_board(client, facilitator, cohort, course, add_learners):
    from flask import template_rendered

    _bulk_cohort(cohort, course, 30)
    learner_id = db.session.scalar(db.select(CohortMembership.user_id).where(
        CohortMembership.cohort_id == cohort.id, CohortMembership.role == LEARNER).limit(1))
    sign_in_as(client, facilitator)
    boards = []

    def keep(sender, template, context, **extra):
        boards.append(context.get("board"))

    template_rendered.connect(keep)
    try:
        response = client.get(f"/cohorts/{cohort.id}/learners/{learner_id}")
    finally:
        template_rendered.disconnect(keep)
    assert response.status_code == 200
    assert [l.user_id for l in boards[0].learners] == [learner_id]
