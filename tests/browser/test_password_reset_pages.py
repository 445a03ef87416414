"""Forgotten passwords in Chromium at 360 px: reset by e-mail without JavaScript; every page in English and Arabic."""
import re

import pytest

from lms_app.accounts.password_reset import reset_token

from .conftest import PHONE, assert_page_is_sound, new_page, screenshot, sign_in

LINK_RE = re.compile(r"(https?://\S+/reset-password/[\w.-]+)")
LOCALES = {"en": "en-US", "ar": "ar"}


def test_reset_by_e_mail_without_javascript(browser, live_server, make_user, mailbox, tmp_path):
    make_user("amina", email="amina@example.org")
    page = new_page(browser, viewport=PHONE, javascript=False)
    page.goto(live_server + "/signin")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Username or e-mail address").fill("amina@example.org")
    page.get_by_role("button", name="Send me a link").click()
    assert "If an account with an e-mail address matches" in page.content()
    link = LINK_RE.search(mailbox.messages[0].get_content()).group(1)
    page.goto(link)
    assert page.url == live_server + "/reset-password"
    page.get_by_label("New password", exact=True).fill("a brand new passphrase")
    page.get_by_label("Repeat the new password").fill("a brand new passphrase")
    page.get_by_role("button", name="Set my new password").click()
    assert page.url == live_server + "/signin"
    assert "Your password is changed" in page.content()
    page.get_by_label("Username").fill("amina")
    page.get_by_label("Password").fill("a brand new passphrase")
    page.get_by_role("button", name="Sign in").click()
    assert page.url == live_server + "/"
    page.context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_password_page_is_sound_at_360_px(browser, live_server, app, make_user, mailbox, language, tmp_path):
    user = make_user("amina", email="amina@example.org", locale=language)
    page = new_page(browser, viewport=PHONE, locale=LOCALES[language])
    where = f"{language} 360"

    page.goto(live_server + "/signin")
    assert_page_is_sound(page, True, f"signin {where}")
    page.goto(live_server + "/forgot-password")
    assert_page_is_sound(page, True, f"forgot {where}")
    screenshot(page, f"forgot-password-{language}-360", tmp_path)
    page.locator("#login").fill("amina")
    page.locator("form.stack button, form.stack input[type=submit]").first.click()
    assert_page_is_sound(page, True, f"sent {where}")
    screenshot(page, f"forgot-password-sent-{language}-360", tmp_path)
    page.goto(f"{live_server}/reset-password/{reset_token(user)}")
    assert_page_is_sound(page, True, f"reset {where}")
    screenshot(page, f"reset-password-{language}-360", tmp_path)
    page.goto(live_server + "/reset-password/not-a-token")
    assert_page_is_sound(page, True, f"link error {where}")
    screenshot(page, f"reset-link-error-{language}-360", tmp_path)
    app.config["MAIL_SERVER"] = None  # the mailbox fixture puts it back
    page.goto(live_server + "/forgot-password")
    assert_page_is_sound(page, True, f"no mail {where}")
    screenshot(page, f"forgot-password-no-mail-{language}-360", tmp_path)
    page.context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_admins_one_time_password_pages_are_sound_at_360_px(browser, live_server, make_user, language,
                                                                tmp_path):
    make_user("amina", display_name="Amina Uwase")
    make_user("omar", is_admin=True, locale=language)
    page = new_page(browser, viewport=PHONE, locale=LOCALES[language])
    sign_in(page, live_server, "omar")
    page.goto(live_server + "/admin/users")
    assert_page_is_sound(page, True, f"admin users {language}")
    screenshot(page, f"admin-users-{language}-360", tmp_path)
    page.locator("form[action*='one-time-password'] button").first.click()
    assert re.search(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", page.locator("code").inner_text())
    assert_page_is_sound(page, True, f"one-time password {language}")
    screenshot(page, f"admin-one-time-password-{language}-360", tmp_path)
    page.context.close()
