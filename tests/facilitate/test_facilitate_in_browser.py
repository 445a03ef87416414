"""The facilitator's pages in headless Chromium at 360 px, English and Arabic: axe, CSP, no sideways scroll."""
from pathlib import Path

import pytest

from lms_app.accounts.models import User
from lms_app.database import write_transaction
from lms_app.extensions import db
from lms_app.facilitate import audit
from lms_app.facilitate.attendance import add_session
from lms_app.facilitate.cohorts import add_facilitator, remove_facilitator
from lms_app.facilitate.pre_post import record_paper_score

from ..browser.conftest import (CHROMIUM, axe_violations, browser, csp_violations, live_server, new_page, screenshot,
                               sign_in)
from .conftest import answer, progress, set_activity

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed (CI installs it)"),
]
__all__ = ["browser", "live_server"]  # fixtures used by name below


@pytest.fixture
def running_cohort(cohort, course, add_learners, facilitator, make_user):
    names = ["Amina Hassan", "Jean Baptiste", "Li Wei", "Omar Farouk", "Sara Mensah", "Grace Otieno"]
    learners = add_learners(*[n.split()[0].lower() for n in names])
    for user, name in zip(learners, names):
        user.display_name = name
    for n, user in enumerate(learners):
        set_activity(user, course, days_ago=12 if n == 3 else 1)
        progress(user, course, "pre-test", score=n % 3, max_score=2)
        answer(user, course, "pre-test", "consent", 1 if n % 2 else 0, given="c1" if n % 2 else "c2")
        answer(user, course, "pre-test", "secrecy", 1 if n < 3 else 0, given="c2" if n < 3 else "c1")
        if n < 4:
            progress(user, course, "pathways", score=1 if n else 0, failed_attempts=2 if n == 0 else 0)
            answer(user, course, "pathways", "pathway", 1 if n else 0, given="c1" if n else "c2")
        if n < 3:
            progress(user, course, "post-test", score=2, max_score=2)
            answer(user, course, "post-test", "consent", 1, given="c1")
            answer(user, course, "post-test", "secrecy", 1, given="c2")
    record_paper_score(cohort, learners[5].id, "post", 7, 10, facilitator.id)
    add_session(cohort, "Day 1", cohort.created_at.date())
    # A co-facilitator: the settings page then lists two, each with a button to remove them.
    make_user("moussa", display_name="Moussa Diallo")
    add_facilitator(cohort, "moussa", facilitator.id)
    return cohort


@pytest.mark.parametrize("language", ["en", "ar"])
def test_facilitator_pages_fit_a_phone(browser, live_server, running_cohort, facilitator, language, tmp_path):
    facilitator.locale = language
    db.session.commit()
    page = new_page(browser)
    sign_in(page, live_server, facilitator.username)
    learner_id = db.session.scalar(db.select(User.id).where(User.username == "jean"))
    for path, name in [("", "dashboard"), ("/questions", "questions"), ("/pre-post", "pre-post"),
                       (f"/learners/{learner_id}", "learner"), ("/schedule", "dates"), ("/sessions", "sessions"),
                       ("/roster", "roster"), ("/settings", "settings"), ("/donor-summary", "donor-summary"),
                       ("/files", "files")]:
        page.goto(f"{live_server}/cohorts/{running_cohort.id}{path}")
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        assert axe_violations(page) == [], path
        assert csp_violations(page) == [], path
        # Wide tables scroll inside their own box; the page itself never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        screenshot(page, f"cohort-{name}-{language}-360", tmp_path)
    page.context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_co_facilitator_finds_my_cohorts_in_the_header_of_a_phone(browser, live_server, cohort, facilitator,
                                                                      make_user, language, tmp_path):
    make_user("moussa", display_name="Moussa Diallo", locale=language)  # not a cohort creator
    add_facilitator(cohort, "moussa", facilitator.id)
    page = new_page(browser)
    sign_in(page, live_server, "moussa")
    page.goto(live_server + "/")
    link = page.locator('header nav a[href="/facilitate"]')
    assert link.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == [] and csp_violations(page) == []
    screenshot(page, f"header-co-facilitator-{language}-360", tmp_path)
    link.click()
    page.wait_for_load_state()
    assert page.locator(f'a[href="/cohorts/{cohort.id}"]').is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_audit_log_fits_a_phone(browser, live_server, running_cohort, facilitator, make_user, language, tmp_path):
    make_user("root", display_name="Admin", is_admin=True, locale=language)
    moussa = db.session.scalar(db.select(User).where(User.username == "moussa"))
    learner = db.session.scalar(db.select(User).where(User.username == "amina"))
    with write_transaction() as session:
        audit.record(session, facilitator.id, audit.VIEWED_ANSWERS, running_cohort.id, learner.id)
    remove_facilitator(running_cohort, moussa.id, facilitator.id)
    page = new_page(browser)
    sign_in(page, live_server, "root")
    page.goto(live_server + "/admin/audit")
    assert page.locator("table.data tbody tr").count() == 3
    assert axe_violations(page) == [] and csp_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, f"audit-log-{language}-360", tmp_path)
    page.context.close()
