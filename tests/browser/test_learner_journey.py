"""The learner's journey in Chromium, with JavaScript on and off, at 360 px and 1280 px; Arabic at 360 px."""
import pytest

from ..learn.conftest import course  # noqa: F401 - fixture
from .conftest import (DESKTOP, PHONE, assert_page_is_sound, axe_violations, csp_violations, new_page, screenshot,
                       sign_in)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_learner_enrols_answers_and_sees_progress(browser, live_server, make_user, course, tmp_path, javascript,
                                                   viewport):
    make_user("amina")
    page = new_page(browser, viewport=viewport, javascript=javascript)
    sign_in(page, live_server, "amina")
    page.goto(live_server + "/courses/safe-practice")
    page.get_by_role("button", name="Enrol in this course").click()
    page.get_by_role("link", name="Continue where you left off").click()
    assert page.locator("h1").inner_text() == "Listening"
    block = page.locator("#q-first-step")
    block.get_by_label("Listen calmly").check()
    block.get_by_role("button", name="Submit").click()
    page.locator("#q-first-step").get_by_text("a calm reaction helps").wait_for()
    secrecy = page.locator("#q-secrecy")
    secrecy.get_by_label("False").check()
    secrecy.get_by_role("button", name="Submit").click()
    page.locator("#q-secrecy .cp-quiz-result, #q-secrecy [class*=result]").first.wait_for()
    assert page.locator("#q-secrecy").get_by_text("You can promise a child to keep any secret.").count() == 1
    assert_page_is_sound(page, javascript, "module, answered")
    if javascript:
        screenshot(page, "module-answered-en-360" if viewport == PHONE else "module-en-desktop", tmp_path)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My learning").click()
    assert_page_is_sound(page, javascript, "my learning")
    page.context.close()


def test_pages_in_arabic_are_right_to_left_and_accessible(browser, live_server, make_user, course, tmp_path):
    make_user("amina", locale="ar")
    page = new_page(browser, viewport=PHONE, locale="ar")
    sign_in(page, live_server, "amina")
    for path, name in [("/", "catalogue"), ("/courses/safe-practice", "course")]:
        page.goto(live_server + path)
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert axe_violations(page) == []
        screenshot(page, f"{name}-ar-360", tmp_path)
    page.locator("form[action$='/enrol'] [type=submit]").click()
    page.goto(live_server + "/courses/safe-practice/listening")
    assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot(page, "module-ar-360", tmp_path)
    assert csp_violations(page) == []
    page.context.close()
