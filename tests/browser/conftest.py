"""Headless Chromium (Debian's /usr/bin/chromium) driving the real app over HTTP.

The app is served from a thread on a free loopback port, against the test
database. Nothing downloads a browser: without /usr/bin/chromium these tests
are skipped locally, and CI installs it (.ci/run).
"""
import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from ..conftest import TEST_PASSWORD

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items):
    if not Path(CHROMIUM).exists():
        skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (CI installs Debian's chromium)")
        for item in items:
            if "tests/browser" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


# Module scope: Playwright's sync API keeps an asyncio loop running in the
# main thread while it is open, which Django (the xblock-sdk workbench tests
# that run later) takes for an async context and refuses.
@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


def new_page(browser, viewport=PHONE, locale="en-US", javascript=True):
    context = browser.new_context(viewport=viewport, locale=locale, java_script_enabled=javascript)
    context.add_init_script(CSP_RECORDER)
    page = context.new_page()
    page.set_default_timeout(15000)
    return page



def sign_in(page, live_server, username: str) -> None:
    """Sign in through the form and wait for a signed-in page (its sign-out form, in any language)."""
    page.goto(live_server + "/signin")
    page.locator("#username").fill(username)
    page.locator("#password").fill(TEST_PASSWORD)
    page.locator("main form [type=submit]").click()
    page.locator("form[action$='/signout']").wait_for()

@pytest.fixture
def phone_page(browser):
    page = new_page(browser)
    yield page
    page.context.close()


def csp_violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations || []")


def axe_violations(page) -> list[str]:
    """WCAG 2.1 A and AA violations found by axe-core (shipped inside axe-playwright-python)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in results.response["violations"]]


def screenshot(page, name: str, tmp_path) -> Path:
    """Save a full-page PNG under LMS_SCREENSHOTS_DIR (docs/screenshots for `make screenshots`) or tmp."""
    folder = Path(os.environ.get("LMS_SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_page_is_sound(page, javascript: bool, where: str) -> None:
    """No sideways scroll; with scripts on, also no WCAG 2.1 AA violation (axe) and no CSP violation.

    axe-core and the CSP recorder are scripts themselves: with scripts off
    only the layout can be measured.
    """
    # A click on a link returns once the next page starts loading; measure it once it has loaded.
    page.wait_for_load_state()
    width = page.viewport_size["width"]
    # Wide tables scroll inside their own box; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{where}: wider than {width} px"
    if javascript:
        assert axe_violations(page) == [], where
        assert csp_violations(page) == [], where
