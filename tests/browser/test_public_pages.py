"""The public pages in a real browser: accessible, no CSP violation, right-to-left in Arabic."""
import pytest

from .conftest import PHONE, axe_violations, csp_violations, new_page, screenshot


@pytest.mark.parametrize("path", ["/", "/signin", "/signup", "/privacy"])
def test_public_page_has_no_accessibility_or_csp_violation(browser, live_server, path):
    page = new_page(browser)
    page.goto(live_server + path)
    assert axe_violations(page) == []
    assert csp_violations(page) == []
    page.context.close()


def test_language_switcher_without_javascript_turns_the_page_arabic(browser, live_server, tmp_path):
    page = new_page(browser, viewport=PHONE, javascript=False)
    page.goto(live_server + "/signup")
    page.get_by_role("button", name="العربية").click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    screenshot(page, "signup-ar-360", tmp_path)
    page.context.close()


def test_sign_up_in_the_browser(browser, live_server, tmp_path):
    page = new_page(browser)
    page.goto(live_server + "/signup")
    page.get_by_label("Username").fill("amina")
    page.get_by_label("Display name").fill("Amina")
    page.get_by_label("Password", exact=True).fill("a long enough passphrase")
    page.get_by_label("Repeat the password").fill("a long enough passphrase")
    page.get_by_role("button", name="Create my account").click()
    assert "Welcome, Amina" in page.content()
    assert csp_violations(page) == []
    page.context.close()
