"""A facilitator runs a cohort in Chromium, clicking through every step, with a learner beside them.

Each step is a real click or form fill; with scripts on, every page visited is
checked with axe-core and the CSP recorder, and with scripts on or off no page
scrolls sideways.
"""
import csv
import io
from datetime import date, timedelta

import pytest

from ..facilitate.conftest import course, facilitator  # noqa: F401 - fixtures
from .conftest import DESKTOP, PHONE, assert_page_is_sound, new_page, screenshot, sign_in

VIEWPORTS = {"360": PHONE, "1280": DESKTOP}


def _flash(page) -> str:
    return page.locator(".flash").inner_text()


# Two runs, not four: axe and the CSP recorder need scripts, the layout is measured with or without them, and
# tests/facilitate/test_facilitate_in_browser.py runs axe on the cohort pages at 360 px in English and Arabic.
@pytest.mark.parametrize("javascript, width", [(True, "1280"), (False, "360")], ids=["js-1280px", "nojs-360px"])
def test_facilitator_runs_a_cohort_from_creation_to_archive(browser, live_server, make_user, course, facilitator,
                                                            tmp_path, javascript, width):
    make_user("amina", display_name="Amina Hassan")
    today = date.today()
    staff = new_page(browser, viewport=VIEWPORTS[width], javascript=javascript)

    def sound(where: str):
        assert_page_is_sound(staff, javascript, where)

    sign_in(staff, live_server, "fatou")
    staff.get_by_role("navigation", name="Main").get_by_role("link", name="My cohorts").click()
    sound("my cohorts")
    staff.get_by_role("link", name="Create a cohort").click()
    sound("new cohort")
    staff.get_by_label("Course").select_option(label="Referral basics")
    staff.get_by_label("Name of the cohort").fill("Kaya caseworkers")
    staff.get_by_label("Start date (optional)").fill(today.isoformat())
    staff.get_by_label("End date (optional)").fill((today + timedelta(days=30)).isoformat())
    staff.get_by_role("button", name="Create the cohort").click()
    code = staff.locator(".join-code").inner_text()
    assert code in _flash(staff)
    sound("dashboard, empty")

    cohort_nav = staff.get_by_role("navigation", name="Cohort")
    cohort_nav.get_by_role("link", name="Dates").click()
    sound("dates")
    pathways = staff.get_by_role("group", name="Pathways")
    pathways.get_by_label("Opens on").fill(today.isoformat())
    pathways.get_by_label("Due on").fill((today + timedelta(days=7)).isoformat())
    staff.get_by_role("button", name="Save the dates").click()
    assert _flash(staff) == "Dates saved."
    assert staff.get_by_role("group", name="Pathways").get_by_label("Due on").input_value() == \
        (today + timedelta(days=7)).isoformat()

    learner = new_page(browser, viewport=VIEWPORTS[width], javascript=javascript)
    sign_in(learner, live_server, "amina")
    learner.goto(live_server + "/courses/referral")
    learner.get_by_role("link", name="Join your cohort").click()
    assert_page_is_sound(learner, javascript, "join a cohort")
    learner.get_by_label("Cohort code").fill(code.lower())  # capitals do not matter
    learner.get_by_role("button", name="Join the cohort").click()
    assert _flash(learner) == "You joined the cohort Kaya caseworkers."
    assert learner.get_by_text(f"Due on {(today + timedelta(days=7)).strftime('%b %-d, %Y')}").count() == 1
    assert_page_is_sound(learner, javascript, "course with the cohort's dates")
    learner.get_by_role("link", name="Pre-test").click()
    consent = learner.locator("#q-consent")
    consent.get_by_label("The child and caregiver, as appropriate").check()
    consent.get_by_role("button", name="Submit").click()
    learner.locator("#q-consent [class*=result]").first.wait_for()
    learner.context.close()

    cohort_nav.get_by_role("link", name="Progress").click()
    table = staff.get_by_role("region", name="Learners and modules")
    assert "Amina Hassan" in table.inner_text()
    sound("dashboard with a learner")
    if javascript:  # the 360 px screenshots come from tests/facilitate/test_facilitate_in_browser.py
        screenshot(staff, "cohort-dashboard-en-desktop", tmp_path)
    with staff.expect_download() as download_info:
        staff.get_by_role("link", name="Progress table (CSV)").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-progress.csv")
    rows = list(csv.reader(io.StringIO(open(download.path(), encoding="utf-8-sig").read())))
    assert [row[0] for row in rows[1:]] == ["Amina Hassan"]
    assert "Pre-test" in rows[0] and "Pathways" in rows[0]

    table.get_by_role("link", name="Amina Hassan").click()
    assert staff.locator("h1").inner_text() == "Amina Hassan"
    assert "Who must agree" in staff.get_by_role("region", name="Latest answer to each question").inner_text()
    sound("learner's record")
    staff.get_by_role("link", name="Kaya caseworkers").click()

    staff.get_by_role("navigation", name="Cohort").get_by_role("link", name="Questions").click()
    assert "Who must agree" in staff.locator("main").inner_text()
    sound("questions")
    staff.get_by_role("navigation", name="Cohort").get_by_role("link", name="Pre/post").click()
    sound("pre/post")

    staff.get_by_role("navigation", name="Cohort").get_by_role("link", name="Sessions").click()
    sound("sessions")
    staff.get_by_label("Session").fill("Day 1, case management")
    staff.get_by_label("Date").fill(today.isoformat())
    staff.get_by_role("button", name="Add the session").click()
    assert staff.locator("h1").inner_text() == "Day 1, case management"
    sound("attendance")
    staff.get_by_role("group", name="Who was present?").get_by_label("Amina Hassan").check()
    staff.get_by_role("button", name="Save attendance").click()
    assert _flash(staff) == "Attendance saved."
    assert "1 present" in staff.locator("main").inner_text()

    staff.get_by_role("navigation", name="Cohort").get_by_role("link", name="Settings").click()
    sound("settings")
    staff.get_by_role("button", name="Archive the cohort").click()
    assert _flash(staff).startswith("The cohort is archived.")
    assert staff.get_by_role("button", name="Reopen the cohort").count() == 1
    sound("settings, archived")
    staff.context.close()
