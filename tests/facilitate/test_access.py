"""Who may open every cohort route: this cohort's facilitator, another cohort's, a learner, anonymous, an admin."""
import pytest

from lms_app.facilitate.cohorts import create_cohort
from lms_app.facilitate.models import AuditEntry
from lms_app.extensions import db

from ..conftest import csrf_token
from .conftest import sign_in_as

# Every facilitate route that takes a cohort id; the test fails if one is added without being listed here.
COHORT_ROUTES = {
    "facilitate.dashboard": "", "facilitate.dashboard_csv": "/progress.csv", "facilitate.questions": "/questions",
    "facilitate.questions_csv": "/questions.csv", "facilitate.pre_post": "/pre-post",
    "facilitate.pre_post_csv": "/pre-post.csv", "facilitate.donor_summary": "/donor-summary",
    "facilitate.donor_csv": "/donor-summary.csv", "facilitate.schedule": "/schedule",
    "facilitate.sessions": "/sessions", "facilitate.roster": "/roster", "facilitate.settings": "/settings",
    "facilitate.learner": "/learners/{learner}", "facilitate.attendance": "/sessions/{session}",
    "facilitate.prepared_files": "/files",
}
POST_ONLY = {"facilitate.add_co_facilitator": "/facilitators", "facilitate.archive": "/archive",
             "facilitate.remind": "/reminders",
             "facilitate.remove_co_facilitator": "/facilitators/{facilitator}/remove"}
# A prepared file is only its requester's, not even an admin's: tests/facilitate/test_prepared_files.py.
REQUESTER_ONLY = {"facilitate.prepared_file"}


def test_every_cohort_route_is_in_the_matrix(app):
    with_cohort = {rule.endpoint for rule in app.url_map.iter_rules() if "cohort_id" in rule.arguments}
    assert with_cohort == set(COHORT_ROUTES) | set(POST_ONLY) | REQUESTER_ONLY


@pytest.fixture
def world(cohort, course, facilitator, make_user, add_learners):
    from lms_app.facilitate.attendance import add_session

    (learner,) = add_learners("amina")
    other = make_user("other-fac", is_facilitator=True)
    create_cohort(other, course, "Other cohort", "en", None, None)
    admin = make_user("root", is_admin=True)
    meeting = add_session(cohort, "Day 1", cohort.created_at.date())
    return {"facilitator": facilitator, "other": other, "learner": learner, "admin": admin,
            "ids": {"learner": learner.id, "session": meeting.id, "facilitator": facilitator.id}}


@pytest.mark.parametrize("who,expected", [("facilitator", 200), ("admin", 200), ("other", 404),
                                          ("learner", 404), ("anonymous", 302)])
@pytest.mark.parametrize("endpoint", sorted(COHORT_ROUTES))
def test_cohort_pages(client, cohort, world, who, expected, endpoint):
    if who != "anonymous":
        sign_in_as(client, world[who])
    path = f"/cohorts/{cohort.id}" + COHORT_ROUTES[endpoint].format(**world["ids"])
    response = client.get(path)
    assert response.status_code == expected, (who, path)
    if expected == 302:
        assert "/signin" in response.location


@pytest.mark.parametrize("who,expected", [("other", 404), ("learner", 404)])
@pytest.mark.parametrize("endpoint", sorted(POST_ONLY))
def test_cohort_actions_refuse_outsiders(client, cohort, world, who, expected, endpoint):
    sign_in_as(client, world[who])
    response = client.post(f"/cohorts/{cohort.id}" + POST_ONLY[endpoint].format(**world["ids"]),
                           data={"csrf_token": csrf_token(client, "/"), "username": world[who].username})
    assert response.status_code == expected
    db.session.refresh(cohort)
    assert cohort.archived_at is None and len(cohort.memberships) == 2


def test_ids_from_elsewhere_find_nothing(client, cohort, world, facilitator, make_user):
    sign_in_as(client, facilitator)
    stranger = make_user("stranger")
    assert client.get(f"/cohorts/{cohort.id}/learners/{stranger.id}").status_code == 404
    assert client.get(f"/cohorts/{cohort.id}/learners/{facilitator.id}").status_code == 404
    assert client.get(f"/cohorts/{cohort.id}/sessions/999999").status_code == 404
    assert client.get("/cohorts/999999").status_code == 404


def test_each_view_of_a_learners_answers_is_audited(client, cohort, world, facilitator):
    sign_in_as(client, facilitator)
    client.get(f"/cohorts/{cohort.id}/learners/{world['learner'].id}")
    entry = db.session.scalar(db.select(AuditEntry))
    assert (entry.actor_id, entry.cohort_id, entry.subject_user_id) == (facilitator.id, cohort.id,
                                                                        world["learner"].id)
    assert client.get("/admin/audit").status_code == 403
    client.post("/signout", data={"csrf_token": csrf_token(client, "/")})
    sign_in_as(client, world["admin"])
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "fatou" in log and "amina" in log


def test_the_cohort_list_shows_only_ones_own(client, cohort, world):
    sign_in_as(client, world["other"])
    page = client.get("/facilitate").get_data(as_text=True)
    assert "Other cohort" in page and "Kaya caseworkers" not in page
    client.post("/signout", data={"csrf_token": csrf_token(client, "/")})
    sign_in_as(client, world["admin"])
    page = client.get("/facilitate").get_data(as_text=True)
    assert "Other cohort" in page and "Kaya caseworkers" in page
