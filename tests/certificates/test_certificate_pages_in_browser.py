"""Certificate, verification and my-data pages in headless Chromium at 360 px: accessible, no CSP violation, no sideways scroll."""
from pathlib import Path

import pytest

from lms_app.certificates.service import issue_certificate, revoke_certificate
from lms_app.database import write_transaction

from ..browser.conftest import CHROMIUM, axe_violations, browser, csp_violations, live_server, new_page, screenshot
from ..conftest import TEST_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed (CI installs it)"),
]
__all__ = ["browser", "live_server"]  # fixtures used by name below


def _sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/signin")
    page.locator("#username").fill(username)
    page.locator("#password").fill(TEST_PASSWORD)
    page.locator("form.stack button, form.stack input[type=submit]").first.click()
    page.wait_for_load_state()


def _check(page, name: str, tmp_path) -> None:
    assert axe_violations(page) == []
    assert csp_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, name, tmp_path)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_learner_certificate_and_my_data_pages_fit_a_phone(browser, live_server, make_user, course, pass_course,
                                                           language, tmp_path):
    enrollment = pass_course(make_user("amina", display_name="Amina Hassan", locale=language))
    with write_transaction():
        issue_certificate(enrollment, course.current_version)
    page = new_page(browser)
    _sign_in(page, live_server, "amina")
    page.goto(live_server + "/certificates/safe-practice")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    _check(page, f"certificate-{language}-360", tmp_path)
    page.goto(live_server + "/my-data")
    _check(page, f"my-data-{language}-360", tmp_path)
    page.context.close()


@pytest.mark.parametrize("revoked", [False, True])
def test_public_verification_page_fits_a_phone(browser, live_server, make_user, course, pass_course, revoked,
                                               tmp_path):
    with write_transaction():
        certificate = issue_certificate(pass_course(make_user("amina")), course.current_version)
    if revoked:
        revoke_certificate(certificate, "issued in error")
    page = new_page(browser)
    page.goto(f"{live_server}/verify/{certificate.code}")
    assert ("revoked" in page.content()) is revoked
    _check(page, f"verify-{'revoked' if revoked else 'valid'}-360", tmp_path)
    page.goto(f"{live_server}/verify/NOSUCHCODE")
    _check(page, "verify-unknown-360", tmp_path)
    page.context.close()
