"""The authorisation matrix's rows for the `facilitate` blueprint: cohorts, joining them, the audit log.

Every cohort page and action belongs to the cohort's facilitators and to
admins (COHORT): for anyone else the cohort does not exist (404), whoever
they are, so a cohort id confirms nothing. The world's cohort is run by a
facilitator who is none of the matrix's roles; tests/facilitate/test_access.py
checks this cohort's facilitator and another cohort's.
"""
import io

from .access_rules import ADMIN, COHORT, SIGNED_IN, Route

COHORT_URL = "/cohorts/{extra[cohort_id]}"
FACILITATE_ROUTES: dict = {
    # Creating cohorts and the audit log: facilitators and admins (none of the other roles may).
    ("GET", "/facilitate"): Route("/facilitate", ADMIN),
    ("GET", "/facilitate/new"): Route("/facilitate/new", ADMIN),
    ("POST", "/facilitate/new"): Route("/facilitate/new", ADMIN, ok=303, data={
        "course": "safe-practice", "name": "New cohort", "language": "en"}),
    ("GET", "/admin/audit"): Route("/admin/audit", ADMIN),
    # Joining: any account.
    ("GET", "/join"): Route("/join", SIGNED_IN),
    ("POST", "/join"): Route("/join", SIGNED_IN, ok=303, data=lambda world: {"code": world.extra["join_code"]}),
    ("GET", "/join/<code>"): Route("/join/{extra[join_code]}", SIGNED_IN),
    ("POST", "/join/<code>"): Route("/join/{extra[join_code]}", SIGNED_IN, ok=303,
                                    data=lambda world: {"code": world.extra["join_code"]}),
    # One cohort's pages and actions.
    ("GET", "/cohorts/<int:cohort_id>"): Route(COHORT_URL, COHORT),
    ("GET", "/cohorts/<int:cohort_id>/progress.csv"): Route(COHORT_URL + "/progress.csv", COHORT),
    ("GET", "/cohorts/<int:cohort_id>/questions"): Route(COHORT_URL + "/questions", COHORT),
    ("GET", "/cohorts/<int:cohort_id>/questions.csv"): Route(COHORT_URL + "/questions.csv", COHORT),
    ("GET", "/cohorts/<int:cohort_id>/pre-post"): Route(COHORT_URL + "/pre-post", COHORT),
    ("GET", "/cohorts/<int:cohort_id>/pre-post.csv"): Route(COHORT_URL + "/pre-post.csv", COHORT),
    ("GET", "/cohorts/<int:cohort_id>/donor-summary"): Route(COHORT_URL + "/donor-summary", COHORT),
    ("GET", "/cohorts/<int:cohort_id>/donor-summary.csv"): Route(COHORT_URL + "/donor-summary.csv", COHORT),
    ("GET", "/cohorts/<int:cohort_id>/learners/<int:user_id>"): Route(COHORT_URL + "/learners/{learner_id}",
                                                                       COHORT),
    ("POST", "/cohorts/<int:cohort_id>/learners/<int:user_id>"): Route(
        COHORT_URL + "/learners/{learner_id}", COHORT, ok=303, data={"test": "pre", "score": "1", "max_score": "2"}),
    ("GET", "/cohorts/<int:cohort_id>/schedule"): Route(COHORT_URL + "/schedule", COHORT),
    ("POST", "/cohorts/<int:cohort_id>/schedule"): Route(COHORT_URL + "/schedule", COHORT, ok=303),
    ("GET", "/cohorts/<int:cohort_id>/sessions"): Route(COHORT_URL + "/sessions", COHORT),
    ("POST", "/cohorts/<int:cohort_id>/sessions"): Route(COHORT_URL + "/sessions", COHORT, ok=303,
                                                         data={"title": "Day 2", "held_on": "2026-03-02"}),
    ("GET", "/cohorts/<int:cohort_id>/sessions/<int:session_id>"): Route(
        COHORT_URL + "/sessions/{extra[session_id]}", COHORT),
    ("POST", "/cohorts/<int:cohort_id>/sessions/<int:session_id>"): Route(
        COHORT_URL + "/sessions/{extra[session_id]}", COHORT, ok=303,
        data=lambda world: {"present": [str(world.users["learner"].id)]}),
    ("GET", "/cohorts/<int:cohort_id>/roster"): Route(COHORT_URL + "/roster", COHORT),
    # The import report is the answer (a page to print), not a redirect.
    ("POST", "/cohorts/<int:cohort_id>/roster"): Route(COHORT_URL + "/roster", COHORT, ok=200, data=lambda world: {
        "file": (io.BytesIO(b"username,display name\nnew.learner,New Learner\n"), "roster.csv")}),
    ("GET", "/cohorts/<int:cohort_id>/settings"): Route(COHORT_URL + "/settings", COHORT),
    ("POST", "/cohorts/<int:cohort_id>/settings"): Route(COHORT_URL + "/settings", COHORT, ok=303, data={
        "name": "Kaya renamed", "language": "fr", "inactive_days": "5"}),
    ("POST", "/cohorts/<int:cohort_id>/facilitators"): Route(COHORT_URL + "/facilitators", COHORT, ok=303,
                                                             data={"username": "esther"}),
    ("POST", "/cohorts/<int:cohort_id>/facilitators/<int:user_id>/remove"): Route(
        COHORT_URL + "/facilitators/{extra[co_facilitator_id]}/remove", COHORT, ok=303),
    ("POST", "/cohorts/<int:cohort_id>/archive"): Route(COHORT_URL + "/archive", COHORT, ok=303),
    # Background work: reminders (no mail server here: refused with a message, back to the dashboard),
    # files prepared by the task queue.
    ("POST", "/cohorts/<int:cohort_id>/reminders"): Route(COHORT_URL + "/reminders", COHORT, ok=303),
    ("GET", "/cohorts/<int:cohort_id>/files"): Route(COHORT_URL + "/files", COHORT),
    ("POST", "/cohorts/<int:cohort_id>/files"): Route(COHORT_URL + "/files", COHORT, ok=303,
                                                      data={"kind": "certificates"}),
    # The world's file was asked for by the admin; a file is only its requester's
    # (tests/facilitate/test_prepared_files.py: not another facilitator's, not another admin's).
    ("GET", "/cohorts/<int:cohort_id>/files/<int:file_id>"): Route(COHORT_URL + "/files/{extra[file_id]}", COHORT),
}
