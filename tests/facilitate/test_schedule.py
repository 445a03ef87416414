"""Module dates: a module not yet open is shown locked to the cohort's learners; an archived cohort locks nothing."""
import re
from datetime import timedelta

from lms_app.extensions import db
from lms_app.facilitate.dashboard import cohort_dashboard
from lms_app.facilitate.schedule import ModuleDates, set_schedule, today

from ..conftest import csrf_token
from .conftest import sign_in_as, utc_now


def _lock_pathways(cohort):
    modules = cohort_dashboard(cohort, utc_now()).modules
    set_schedule(cohort, modules, {"pathways": ModuleDates(today() + timedelta(days=3), today() + timedelta(days=9))})


def test_a_module_not_yet_open_is_visible_but_locked(client, cohort, add_learners):
    (amina,) = add_learners("amina")
    _lock_pathways(cohort)
    sign_in_as(client, amina)
    outline = client.get("/courses/referral").get_data(as_text=True)
    assert "Opens on" in outline and 'href="/courses/referral/pathways"' not in outline
    locked = client.get("/courses/referral/pathways")
    assert locked.status_code == 403 and "Your cohort opens this module on" in locked.get_data(as_text=True)
    assert client.get("/courses/referral/pre-test").status_code == 200


def test_archiving_the_cohort_lifts_the_locks(client, cohort, add_learners):
    (amina,) = add_learners("amina")
    _lock_pathways(cohort)
    cohort.archived_at = utc_now()
    db.session.commit()
    sign_in_as(client, amina)
    assert client.get("/courses/referral/pathways").status_code == 200


def test_the_facilitator_sets_dates_and_a_reversed_pair_is_refused(client, facilitator, cohort):
    sign_in_as(client, facilitator)
    url = f"/cohorts/{cohort.id}/schedule"
    page = client.get(url).get_data(as_text=True)
    ids = sorted(set(re.findall(r'name="(opens_\d+)"', page)))
    module_id = ids[1].split("_")[1]
    bad = client.post(url, data={"csrf_token": csrf_token(client, url), f"opens_{module_id}": "2026-12-10",
                                 f"due_{module_id}": "2026-12-01"})
    assert bad.status_code == 400 and "The due date is before the opening date." in bad.get_data(as_text=True)
    good = client.post(url, data={"csrf_token": csrf_token(client, url), f"opens_{module_id}": "2026-12-01",
                                  f"due_{module_id}": "2026-12-10"})
    assert good.status_code == 303
    dates = cohort_dashboard(cohort, utc_now()).schedule
    assert [(str(d.opens_on), str(d.due_on)) for d in dates.values()] == [("2026-12-01", "2026-12-10")]
    # Saving the same form again changes nothing; emptying the dates removes them.
    client.post(url, data={"csrf_token": csrf_token(client, url), f"opens_{module_id}": "2026-12-01",
                           f"due_{module_id}": "2026-12-10"})
    assert len(cohort_dashboard(cohort, utc_now()).schedule) == 1
    client.post(url, data={"csrf_token": csrf_token(client, url)})
    assert cohort_dashboard(cohort, utc_now()).schedule == {}


def test_attendance_is_recorded_per_session(client, facilitator, cohort, add_learners):
    amina, jean = add_learners("amina", "jean")
    sign_in_as(client, facilitator)
    url = f"/cohorts/{cohort.id}/sessions"
    created = client.post(url, data={"csrf_token": csrf_token(client, url), "title": "Day 1",
                                     "held_on": "2026-11-20"})
    session_url = created.location
    for _ in range(2):  # the same form twice: still one row per learner
        client.post(session_url, data={"csrf_token": csrf_token(client, session_url), "present": [str(amina.id)]})
    board = cohort_dashboard(cohort, utc_now())
    assert {l.username: l.sessions_attended for l in board.learners} == {"amina": 1, "jean": 0}
    forged = client.post(session_url, data={"csrf_token": csrf_token(client, session_url),
                                            "present": [str(facilitator.id)]})
    assert forged.status_code == 400


def test_a_locked_module_refuses_answers_too(client, cohort, add_learners):
    """The form is not shown, but a saved or forged handler URL must not get around the lock either."""
    from lms_app.learn.models import Attempt
    from lms_app.xblock_runtime.tokens import sign_handler_token

    (amina,) = add_learners("amina")
    _lock_pathways(cohort)
    sign_in_as(client, amina)
    usage_id = "referral/pathways/pathway"
    with client.application.test_request_context():
        token = sign_handler_token(amina, usage_id)
    response = client.post(f"/xblock/{usage_id}/handler/submit?t={token}",
                           data={"answer": "c1", "idempotency_key": "k" * 32})
    assert response.status_code == 403
    assert db.session.scalar(db.select(db.func.count(Attempt.id))) == 0
