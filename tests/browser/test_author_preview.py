"""An author previews courses from disk in Chromium: the checker's messages beside the pages, quiz cards, translations.

With scripts on, every page visited is checked with axe-core and the CSP
recorder; with scripts on or off no page scrolls sideways.
"""
import pytest

from ..learn.conftest import write_course
from .conftest import DESKTOP, PHONE, assert_page_is_sound, new_page, screenshot, sign_in

VIEWPORTS = {"360": PHONE, "1280": DESKTOP}


@pytest.fixture
def content(app, tmp_path, monkeypatch):
    """The safe-practice course with one warning, and a course whose course.yaml has an unknown key."""
    root = tmp_path / "content"
    folder = write_course(root)
    with open(folder / "modules" / "02-referral.md", "a") as referral:
        referral.write("\nAsk <u>before</u> you refer.\n")
    broken = root / "broken"
    (broken / "modules").mkdir(parents=True)
    (broken / "course.yaml").write_text("title: {en: Broken}\nlanguages: [en]\nlevel: entry\npass_mark: 70\n"
                                        "colour: blue\n")
    (broken / "modules" / "01-intro.md").write_text("---\ntitle: Intro\nduration: 10 min\n---\n\nText.\n")
    monkeypatch.setitem(app.config, "CONTENT_DIR", str(root))
    return root


def _checker(page) -> str:
    return page.locator("section.checker").inner_text()


# Two runs, not four: axe and the CSP recorder need scripts, the layout is measured with or without them, and
# test_author_pages_in_arabic_at_360_px below runs axe at 360 px. The pages use no script, so the run without
# scripts at 360 px takes the English screenshots.
@pytest.mark.parametrize("javascript, width", [(True, "1280"), (False, "360")], ids=["js-1280px", "nojs-360px"])
def test_author_previews_courses_with_the_checker_messages(browser, live_server, make_user, content, tmp_path,
                                                           javascript, width):
    make_user("writer", is_author=True)
    page = new_page(browser, viewport=VIEWPORTS[width], javascript=javascript)
    sign_in(page, live_server, "writer")

    def sound(where: str, name: str):
        assert_page_is_sound(page, javascript, where)
        if width == "360":
            screenshot(page, f"author-{name}-en-360", tmp_path)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Preview").click()
    sound("author index", "index")
    cards = page.locator("main .card")
    assert cards.filter(has_text="broken").locator("p").inner_text() == "Errors: 1, warnings: 0"
    assert cards.filter(has_text="safe-practice").locator("p").inner_text() == "Errors: 0, warnings: 1"

    page.get_by_role("link", name="safe-practice").click()
    assert "safe-practice/modules/02-referral.md:17 M215" in _checker(page)
    status = page.get_by_role("region", name="Translation status")
    assert status.get_by_role("row", name="01-listening").get_by_role("cell").all_inner_texts() == \
        ["Original", "Up to date"]
    assert status.get_by_role("row", name="02-referral").get_by_role("cell").all_inner_texts() == \
        ["Original", "Missing"]
    sound("course preview", "course")

    page.get_by_role("listitem").filter(has_text="Listening").get_by_role("link", name="English").click()
    assert page.locator("h1").inner_text() == "Listening"
    assert _checker(page).endswith("No errors and no warnings.")
    first_step = page.locator(".quiz-preview").filter(has_text="first-step")
    assert "correct: Listen calmly" in first_step.inner_text()
    assert "Never promise secrecy." in first_step.inner_text()  # the feedback of a wrong choice
    sound("module preview", "module")
    page.go_back()
    page.get_by_role("listitem").filter(has_text="Listening").get_by_role("link", name="Français").click()
    assert "correct: Écouter calmement" in page.locator(".quiz-preview").first.inner_text()
    assert page.locator("article.module-body").get_attribute("lang") == "fr"
    page.get_by_role("link", name="safe-practice").click()

    page.get_by_role("listitem").filter(has_text="Referral").get_by_role("link", name="English").click()
    assert "02-referral.md:" in _checker(page) and "is HTML; it will be shown as text" in _checker(page)
    sound("module preview with a warning", "module-warning")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Preview").click()
    page.get_by_role("link", name="broken").click()
    error = page.locator("section.checker li.error")
    assert error.locator("code").inner_text() == "broken/course.yaml:5"
    assert "C103" in error.inner_text() and "colour" in error.inner_text()
    assert page.get_by_text("Fix the errors above to preview the pages.").count() == 1
    sound("broken course", "broken")
    page.context.close()


def test_author_pages_in_arabic_at_360_px(browser, live_server, make_user, content, tmp_path):
    """Right-to-left pages around left-to-right content, file names and checker messages."""
    make_user("writer", is_author=True, locale="ar")
    page = new_page(browser, viewport=PHONE, locale="ar")
    sign_in(page, live_server, "writer")
    for path, name in [("", "index"), ("/safe-practice", "course"), ("/safe-practice/listening", "module"),
                       ("/safe-practice/referral", "module-warning"), ("/broken", "broken")]:
        page.goto(f"{live_server}/author{path}")
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert_page_is_sound(page, True, path)
        screenshot(page, f"author-{name}-ar-360", tmp_path)
    # The checker writes English: "broken/course.yaml:5 C103: ..." must not be reordered right to left.
    assert page.locator("section.checker li").evaluate("item => getComputedStyle(item).direction") == "ltr"
    page.context.close()
