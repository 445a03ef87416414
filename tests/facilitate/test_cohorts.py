"""Creating a cohort, joining it with its code, co-facilitators and archiving."""
import pytest

from lms_app.accounts.models import User
from lms_app.extensions import db
from lms_app.facilitate.cohorts import normalise_join_code
from lms_app.facilitate.models import FACILITATOR, LEARNER, Cohort, CohortMembership
from lms_app.learn.models import Enrollment

from ..conftest import QueryCounter, csrf_token, sign_in
from .conftest import sign_in_as


def test_a_facilitator_creates_a_cohort_and_becomes_its_facilitator(client, facilitator, course):
    sign_in_as(client, facilitator)
    response = client.post("/facilitate/new", data={
        "csrf_token": csrf_token(client, "/facilitate/new"), "course": "referral", "name": "  Kaya   March ",
        "language": "fr", "starts_on": "2026-12-01", "ends_on": "2026-12-20"})
    assert response.status_code == 303
    cohort = db.session.scalar(db.select(Cohort))
    assert (cohort.name, cohort.language, str(cohort.starts_on)) == ("Kaya March", "fr", "2026-12-01")
    assert len(cohort.join_code) == 8 and set(cohort.join_code) <= set("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
    roles = [(m.user_id, m.role) for m in cohort.memberships]
    assert roles == [(facilitator.id, FACILITATOR)]
    assert cohort.join_code in client.get(response.location).get_data(as_text=True)


def test_end_date_before_start_is_refused_with_a_message(client, facilitator, course):
    sign_in_as(client, facilitator)
    response = client.post("/facilitate/new", data={
        "csrf_token": csrf_token(client, "/facilitate/new"), "course": "referral", "name": "X",
        "language": "en", "starts_on": "2026-12-20", "ends_on": "2026-12-01"})
    assert response.status_code == 400
    assert "The end date is before the start date." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Cohort.id))) == 0


def test_an_unknown_course_is_refused(client, facilitator, course):
    sign_in_as(client, facilitator)
    response = client.post("/facilitate/new", data={
        "csrf_token": csrf_token(client, "/facilitate/new"), "course": "no-such", "name": "X", "language": "en"})
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count(Cohort.id))) == 0


def test_a_plain_learner_cannot_create_cohorts(client, make_user, course):
    make_user("amina")
    sign_in_as(client, type("U", (), {"username": "amina"}))
    assert client.get("/facilitate/new").status_code == 403
    assert client.get("/facilitate").status_code == 403


def test_join_codes_forgive_case_spaces_and_dashes():
    assert normalise_join_code(" k7m2-qx9p ") == "K7M2QX9P"


def test_a_learner_joins_with_the_code_and_is_enrolled_in_the_cohort(client, make_user, cohort):
    learner = make_user("amina")
    sign_in_as(client, learner)
    code = cohort.join_code.lower()
    response = client.post("/join", data={"csrf_token": csrf_token(client, "/join"), "code": code[:4] + "-" + code[4:]})
    assert response.status_code == 303 and response.location.endswith("/courses/referral")
    enrollment = db.session.scalar(db.select(Enrollment).where(Enrollment.user_id == learner.id))
    assert enrollment.cohort_id == cohort.id
    # Joining again (a double click, the link opened twice) changes nothing.
    again = client.post("/join", data={"csrf_token": csrf_token(client, "/join"), "code": cohort.join_code})
    assert again.status_code == 303
    assert db.session.scalar(db.select(db.func.count(CohortMembership.id)).where(
        CohortMembership.user_id == learner.id)) == 1


def test_the_join_link_shows_the_cohort_and_joins_on_post(client, make_user, cohort):
    sign_in_as(client, make_user("amina"))
    page = client.get(f"/join/{cohort.join_code}").get_data(as_text=True)
    assert "Kaya caseworkers" in page
    assert client.post("/join", data={"csrf_token": csrf_token(client, f"/join/{cohort.join_code}"),
                                      "code": cohort.join_code}).status_code == 303


def test_an_enrolled_learner_keeps_their_progress_when_joining(client, make_user, cohort, course):
    learner = make_user("amina")
    db.session.add(Enrollment(user_id=learner.id, course_id=course.id, score=3.0, max_score=4.0))
    db.session.commit()
    sign_in_as(client, learner)
    client.post("/join", data={"csrf_token": csrf_token(client, "/join"), "code": cohort.join_code})
    enrollment = db.session.scalar(db.select(Enrollment).where(Enrollment.user_id == learner.id))
    assert (enrollment.cohort_id, enrollment.score) == (cohort.id, 3.0)


def test_wrong_and_archived_codes_are_refused_clearly(client, make_user, cohort):
    sign_in_as(client, make_user("amina"))
    wrong = client.post("/join", data={"csrf_token": csrf_token(client, "/join"), "code": "NOPE-NOPE"})
    assert wrong.status_code == 400 and "No open cohort has this code" in wrong.get_data(as_text=True)
    cohort.archived_at = db.func.now()
    db.session.commit()
    archived = client.post("/join", data={"csrf_token": csrf_token(client, "/join"), "code": cohort.join_code})
    assert archived.status_code == 400
    assert db.session.scalar(db.select(db.func.count(Enrollment.id))) == 0


def test_a_learner_of_another_cohort_of_the_course_is_refused(client, make_user, cohort, course, facilitator):
    from lms_app.facilitate.cohorts import create_cohort

    other = create_cohort(facilitator, course, "Other", "en", None, None)
    sign_in_as(client, make_user("amina"))
    client.post("/join", data={"csrf_token": csrf_token(client, "/join"), "code": other.join_code})
    response = client.post("/join", data={"csrf_token": csrf_token(client, "/join"), "code": cohort.join_code})
    assert response.status_code == 400 and "another cohort" in response.get_data(as_text=True)


def test_the_facilitator_cannot_join_their_own_cohort_as_a_learner(client, facilitator, cohort):
    sign_in_as(client, facilitator)
    response = client.post("/join", data={"csrf_token": csrf_token(client, "/join"), "code": cohort.join_code})
    assert response.status_code == 400


def test_a_co_facilitator_is_added_by_username_and_sees_the_cohort(client, facilitator, cohort, make_user):
    colleague = make_user("moussa")
    sign_in_as(client, facilitator)
    url = f"/cohorts/{cohort.id}/settings"
    client.post(f"/cohorts/{cohort.id}/facilitators", data={"csrf_token": csrf_token(client, url),
                                                             "username": "Moussa"})
    client.post(f"/cohorts/{cohort.id}/facilitators", data={"csrf_token": csrf_token(client, url),
                                                             "username": "nobody-here"})
    assert "There is no account with this username." in client.get(url).get_data(as_text=True)
    client.post("/signout", data={"csrf_token": csrf_token(client, "/")})
    sign_in_as(client, colleague)
    assert client.get(f"/cohorts/{cohort.id}").status_code == 200



def test_a_deleted_co_facilitator_is_not_listed_in_the_settings(client, facilitator, cohort, make_user):
    from lms_app.privacy.deletion import delete_account

    colleague = make_user("moussa", display_name="Moussa Diallo")
    sign_in_as(client, facilitator)
    url = f"/cohorts/{cohort.id}/settings"
    client.post(f"/cohorts/{cohort.id}/facilitators", data={"csrf_token": csrf_token(client, url),
                                                             "username": "moussa"})
    assert "Moussa Diallo" in client.get(url).get_data(as_text=True)
    delete_account(colleague)
    page = client.get(url).get_data(as_text=True)
    assert "Moussa Diallo" not in page and "deleted-" not in page
    assert facilitator.display_name in page

def test_archiving_keeps_progress_and_can_be_undone(client, facilitator, cohort, add_learners):
    add_learners("amina")
    sign_in_as(client, facilitator)
    url = f"/cohorts/{cohort.id}/settings"
    client.post(f"/cohorts/{cohort.id}/archive", data={"csrf_token": csrf_token(client, url)})
    db.session.refresh(cohort)
    assert cohort.archived_at is not None
    assert db.session.scalar(db.select(db.func.count(Enrollment.id))) == 1
    client.post(f"/cohorts/{cohort.id}/archive", data={"csrf_token": csrf_token(client, url), "action": "reopen"})
    db.session.refresh(cohort)
    assert cohort.archived_at is None


def test_settings_change_the_inactivity_threshold(client, facilitator, cohort):
    sign_in_as(client, facilitator)
    url = f"/cohorts/{cohort.id}/settings"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "name": "Renamed", "language": "ar",
                                      "inactive_days": "3"})
    assert response.status_code == 303
    db.session.refresh(cohort)
    assert (cohort.name, cohort.language, cohort.inactive_days) == ("Renamed", "ar", 3)
    refused = client.post(url, data={"csrf_token": csrf_token(client, url), "name": "R", "language": "en",
                                     "inactive_days": "0"})
    assert refused.status_code == 400


def test_the_demo_cohort_is_created_once_with_the_demo_learner(app, course):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "cohort"]).exit_code == 1  # no demo accounts yet: a clear refusal
    runner.invoke(args=["demo", "accounts"])
    first, second = runner.invoke(args=["demo", "cohort"]), runner.invoke(args=["demo", "cohort"])
    assert first.exit_code == second.exit_code == 0 and first.output == second.output
    db.session.expire_all()  # the commands ran in this test's session
    cohort = db.session.scalar(db.select(Cohort))
    assert cohort.join_code in first.output
    assert sorted(m.role for m in cohort.memberships) == [FACILITATOR, LEARNER]


def test_a_join_link_with_a_wrong_code_says_so(client, make_user, cohort):
    sign_in_as(client, make_user("amina"))
    response = client.get("/join/WRONG-CODE")
    assert response.status_code == 404 and "No open cohort has this code" in response.get_data(as_text=True)


MY_COHORTS_LINK = '<a href="/facilitate">My cohorts</a>'


def _add_co_facilitator(client, facilitator, cohort, username):
    sign_in_as(client, facilitator)
    url = f"/cohorts/{cohort.id}/settings"
    client.post(f"/cohorts/{cohort.id}/facilitators", data={"csrf_token": csrf_token(client, url),
                                                             "username": username})
    client.post("/signout", data={"csrf_token": csrf_token(client, "/")})


def test_a_co_facilitator_without_the_creator_flag_sees_my_cohorts_and_only_their_cohort(
        client, facilitator, cohort, course, make_user):
    from lms_app.facilitate.cohorts import create_cohort

    create_cohort(facilitator, course, "Not theirs", "en", None, None)
    colleague = make_user("moussa")
    sign_in_as(client, colleague)
    assert MY_COHORTS_LINK not in client.get("/").get_data(as_text=True)
    client.post("/signout", data={"csrf_token": csrf_token(client, "/")})

    _add_co_facilitator(client, facilitator, cohort, "moussa")
    sign_in_as(client, colleague)
    assert MY_COHORTS_LINK in client.get("/").get_data(as_text=True)
    cohorts = client.get("/facilitate")
    assert cohorts.status_code == 200
    page = cohorts.get_data(as_text=True)
    assert "Kaya caseworkers" in page and "Not theirs" not in page
    assert "Create a cohort" not in page


def test_a_plain_learner_of_the_cohort_does_not_see_my_cohorts(client, cohort, add_learners):
    add_learners("amina")
    sign_in_as(client, type("U", (), {"username": "amina"}))
    assert MY_COHORTS_LINK not in client.get("/").get_data(as_text=True)
    assert client.get("/facilitate").status_code == 403


def test_my_cohorts_goes_away_with_the_co_facilitator_membership(client, facilitator, cohort, make_user):
    colleague = make_user("moussa")
    _add_co_facilitator(client, facilitator, cohort, "moussa")
    sign_in_as(client, colleague)
    assert MY_COHORTS_LINK in client.get("/").get_data(as_text=True)
    db.session.execute(db.delete(CohortMembership).where(CohortMembership.user_id == colleague.id))
    db.session.commit()
    assert MY_COHORTS_LINK not in client.get("/").get_data(as_text=True)
    assert client.get("/facilitate").status_code == 403


def test_a_deleted_account_facilitates_no_cohort(app, facilitator, cohort):
    from lms_app.privacy.deletion import delete_account

    assert db.session.get(User, facilitator.id, populate_existing=True).facilitates_a_cohort
    delete_account(facilitator)
    db.session.expunge_all()
    assert not db.session.get(User, facilitator.id).facilitates_a_cohort


def test_facilitating_a_cohort_cannot_be_set_on_the_account(app, facilitator, cohort, make_user):
    with pytest.raises(AttributeError):
        facilitator.facilitates_a_cohort = False
    with pytest.raises(AttributeError):
        User(username="x", display_name="X", password_hash="-", facilitates_a_cohort=True)
    learner = make_user("amina")
    learner._facilitates_a_cohort = True  # not a column: nothing of it is written
    db.session.commit()
    db.session.expunge_all()
    assert not db.session.get(User, learner.id).facilitates_a_cohort
    assert db.session.get(User, facilitator.id).facilitates_a_cohort


def test_the_header_link_of_a_co_facilitator_costs_no_query(client, facilitator, cohort, make_user):
    make_user("amina")
    colleague = make_user("moussa")
    _add_co_facilitator(client, facilitator, cohort, "moussa")
    counts = []
    for user in (type("U", (), {"username": "amina"}), colleague):
        sign_in_as(client, user)
        client.get("/")
        with QueryCounter(db.engine) as counter:
            page = client.get("/").get_data(as_text=True)
        counts.append((counter.count, MY_COHORTS_LINK in page))
        client.post("/signout", data={"csrf_token": csrf_token(client, "/")})
    assert counts[0][0] == counts[1][0] and [shown for _n, shown in counts] == [False, True], counts


# Removing a co-facilitator

def _colleague_facilitating(cohort, username: str, make_user, facilitator):
    from lms_app.facilitate.cohorts import add_facilitator

    colleague = make_user(username, display_name=username.title())
    add_facilitator(cohort, username, facilitator.id)
    return colleague


def _remove(client, cohort, user_id: int):
    url = f"/cohorts/{cohort.id}/settings"
    return client.post(f"/cohorts/{cohort.id}/facilitators/{user_id}/remove", data={"csrf_token": csrf_token(client, url)})


def test_a_co_facilitator_added_by_mistake_is_removed_and_loses_access_at_once(client, facilitator, cohort, make_user,
                                                                               add_learners):
    amina = add_learners("amina")[0]
    colleague = _colleague_facilitating(cohort, "moussa", make_user, facilitator)
    colleague_client = client.application.test_client()
    sign_in_as(colleague_client, colleague)
    assert colleague_client.get(f"/cohorts/{cohort.id}/learners/{amina.id}").status_code == 200
    sign_in_as(client, facilitator)
    assert "Remove Moussa from the facilitators of this cohort" in client.get(
        f"/cohorts/{cohort.id}/settings").get_data(as_text=True)
    response = _remove(client, cohort, colleague.id)
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/cohorts/{cohort.id}/settings")
    assert "Moussa no longer facilitates this cohort." in client.get(response.headers["Location"]).get_data(as_text=True)
    # The colleague's open session sees the cohort and its learners no more; the learners stay.
    assert colleague_client.get(f"/cohorts/{cohort.id}").status_code == 404
    assert colleague_client.get(f"/cohorts/{cohort.id}/learners/{amina.id}").status_code == 404
    roles = dict(db.session.execute(db.select(CohortMembership.user_id, CohortMembership.role)
                                    .where(CohortMembership.cohort_id == cohort.id)).all())
    assert roles == {facilitator.id: FACILITATOR, amina.id: LEARNER}


def test_the_last_facilitator_cannot_be_removed(client, facilitator, cohort, add_learners):
    amina = add_learners("amina")[0]
    sign_in_as(client, facilitator)
    page = client.get(f"/cohorts/{cohort.id}/settings").get_data(as_text=True)
    assert "/remove" not in page  # no button while there is one facilitator
    response = _remove(client, cohort, facilitator.id)
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "A cohort needs at least one facilitator" in page
    assert client.get(f"/cohorts/{cohort.id}").status_code == 200
    # A learner of the cohort, or someone unknown, is not a facilitator to remove.
    assert _remove(client, cohort, amina.id).status_code == 404
    assert _remove(client, cohort, 999_999).status_code == 404


def test_a_facilitator_may_leave_a_cohort_that_keeps_another(client, facilitator, cohort, make_user):
    colleague = _colleague_facilitating(cohort, "moussa", make_user, facilitator)
    sign_in_as(client, colleague)
    response = _remove(client, cohort, colleague.id)
    assert response.status_code == 303 and response.headers["Location"].endswith("/facilitate")
    assert client.get(f"/cohorts/{cohort.id}").status_code == 404
    assert db.session.scalar(db.select(db.func.count(CohortMembership.id)).where(
        CohortMembership.cohort_id == cohort.id, CohortMembership.role == FACILITATOR)) == 1


def test_only_a_facilitator_of_the_cohort_removes_one(client, facilitator, cohort, make_user, add_learners):
    colleague = _colleague_facilitating(cohort, "moussa", make_user, facilitator)
    amina = add_learners("amina")[0]
    sign_in_as(client, amina)
    assert _remove(client, cohort, colleague.id).status_code == 404
    stranger = make_user("stranger", is_facilitator=True)
    client.post("/signout", data={"csrf_token": csrf_token(client, "/")})
    sign_in_as(client, stranger)
    assert _remove(client, cohort, colleague.id).status_code == 404
    # Without the form's token nothing happens either.
    client.post("/signout", data={"csrf_token": csrf_token(client, "/")})
    sign_in_as(client, facilitator)
    assert client.post(f"/cohorts/{cohort.id}/facilitators/{colleague.id}/remove").status_code == 400
    assert len(db.session.scalars(db.select(CohortMembership).where(
        CohortMembership.cohort_id == cohort.id, CohortMembership.role == FACILITATOR)).all()) == 2


def test_adding_and_removing_a_co_facilitator_is_in_the_audit_log(client, facilitator, cohort, make_user):
    from lms_app.facilitate.models import AuditEntry

    make_user("moussa", display_name="Moussa")
    make_user("root", is_admin=True)
    sign_in_as(client, facilitator)
    url = f"/cohorts/{cohort.id}/settings"
    client.post(f"/cohorts/{cohort.id}/facilitators", data={"csrf_token": csrf_token(client, url), "username": "moussa"})
    # Adding someone who already facilitates changes nothing and logs nothing.
    client.post(f"/cohorts/{cohort.id}/facilitators", data={"csrf_token": csrf_token(client, url), "username": "moussa"})
    moussa_id = db.session.scalar(db.select(User.id).where(User.username == "moussa"))
    _remove(client, cohort, moussa_id)
    entries = db.session.execute(db.select(AuditEntry.action, AuditEntry.actor_id, AuditEntry.subject_user_id,
                                           AuditEntry.cohort_id).order_by(AuditEntry.id)).all()
    assert entries == [("added_facilitator", facilitator.id, moussa_id, cohort.id),
                       ("removed_facilitator", facilitator.id, moussa_id, cohort.id)]
    client.post("/signout", data={"csrf_token": csrf_token(client, "/")})
    sign_in(client, "root")
    for language, added, removed in [("en", "Added as co-facilitator", "Removed from the facilitators"),
                                     ("fr", "Ajouté comme cofacilitateur", "Retiré des facilitateurs")]:
        log = client.get("/admin/audit", headers={"Accept-Language": language}).get_data(as_text=True)
        assert log.index(removed) < log.index(added)  # newest first
        assert "added_facilitator" not in log and log.count("moussa") == 2


@pytest.mark.parametrize("gives", [True, False])
def test_the_archive_hint_speaks_of_certificates_only_when_the_course_gives_them(client, facilitator, cohort, course,
                                                                                 gives):
    course.current_version.grants_certificate = gives
    db.session.commit()
    sign_in_as(client, facilitator)
    page = client.get(f"/cohorts/{cohort.id}/settings").get_data(as_text=True)
    if gives:
        assert "Learners keep their progress and certificates." in page
    else:
        assert "Learners keep their progress." in page and "certificates." not in page
