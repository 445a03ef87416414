"""Password reset by e-mail: the mail, the link that works once and for an hour, and the page without e-mail."""
import re
import time

import pytest
from itsdangerous.timed import TimestampSigner

from lms_app.accounts.models import User
from lms_app.accounts.password_reset import reset_token
from lms_app.extensions import db

from ..conftest import CSRF_RE, TEST_PASSWORD, csrf_token, sign_in

NEW_PASSWORD = "a brand new passphrase"
LINK_RE = re.compile(r"(https?://\S+/reset-password/[\w.-]+)")


def ask_for_a_link(client, login: str, **kwargs):
    """Ask as the form does; the tests' task queue sends the mail before the answer (TASKS_IMMEDIATE)."""
    return client.post("/forgot-password",
                       data={"login": login, "csrf_token": csrf_token(client, "/forgot-password")}, **kwargs)


def link_in(message) -> str:
    match = LINK_RE.search(message.get_content())
    assert match, message.get_content()
    return match.group(1)


def set_new_password(client, link: str, password: str = NEW_PASSWORD):
    """Follow the link of the mail, then post the form it leads to."""
    landing = client.get(link)
    assert landing.status_code == 303 and landing.headers["Location"] == "/reset-password"
    page = client.get("/reset-password")
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', page.get_data(as_text=True))
    assert page.status_code == 200 and token, page.get_data(as_text=True)
    return client.post("/reset-password", data={"token": token.group(1), "new": password, "confirm": password,
                                                "csrf_token": csrf_token(client, "/reset-password")})


def test_the_mail_arrives_in_the_learners_language_with_an_absolute_link(client, make_user, mailbox):
    make_user("amina", email="amina@example.org", locale="fr")
    response = ask_for_a_link(client, "amina", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    [message] = mailbox.messages
    assert message["To"] == "amina@example.org"
    assert message["Subject"] == "Réinitialiser votre mot de passe CP Learn"
    assert message.get_content_type() == "text/plain"
    text = message.get_content()
    assert "Quelqu'un, probablement vous" in text and "amina" in text
    assert "ignorez ce message" in text and "60 minutes" in text
    assert link_in(message).startswith("http://localhost/reset-password/")


def test_the_mail_can_be_asked_for_by_e_mail_address_in_any_case(client, make_user, mailbox):
    make_user("amina", email="amina@example.org")
    ask_for_a_link(client, "  Amina@Example.ORG ")
    [message] = mailbox.messages
    assert message["To"] == "amina@example.org"
    assert "If you did not ask for this, ignore this message" in message.get_content()


def test_the_link_honours_the_scheme_and_host_the_proxy_passed_on(app, make_user, mailbox, monkeypatch):
    from werkzeug.middleware.proxy_fix import ProxyFix

    make_user("amina", email="amina@example.org")
    monkeypatch.setattr(app, "wsgi_app", ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1))
    client = app.test_client()
    ask_for_a_link(client, "amina", headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "learn.example.org",
                                             "X-Forwarded-For": "203.0.113.9",
                                             "Referer": "https://learn.example.org/forgot-password"})
    [message] = mailbox.messages
    assert link_in(message).startswith("https://learn.example.org/reset-password/")


def test_the_link_is_https_when_the_site_says_so_behind_a_proxy_that_does_not(app, client, make_user, mailbox,
                                                                              monkeypatch):
    monkeypatch.setitem(app.config, "PREFERRED_URL_SCHEME", "https")
    make_user("amina", email="amina@example.org")
    # The request arrives as plain HTTP, as from a proxy that does not say it received HTTPS.
    page = client.get("/forgot-password", base_url="http://localhost").get_data(as_text=True)
    client.post("/forgot-password", base_url="http://localhost",
                data={"login": "amina", "csrf_token": CSRF_RE.search(page).group(1)})
    [message] = mailbox.messages
    assert link_in(message).startswith("https://localhost/reset-password/")


def test_the_link_sets_a_new_password_once_and_does_not_sign_in(client, make_user, mailbox):
    user = make_user("amina", email="amina@example.org")
    ask_for_a_link(client, "amina")
    link = link_in(mailbox.messages[0])
    response = set_new_password(client, link)
    assert response.status_code == 303 and response.headers["Location"] == "/signin"
    assert client.get("/account").status_code == 302  # not signed in by the link
    assert sign_in(client, "amina", NEW_PASSWORD).status_code == 303
    # The same link again: refused, with a way to ask for another.
    again = client.get(link, follow_redirects=True)
    page = again.get_data(as_text=True)
    assert again.status_code == 400
    assert "it was already used" in page and 'href="/forgot-password"' in page
    assert db.session.get(User, user.id).must_change_password is False


def test_a_used_link_cannot_be_posted_again_either(client, make_user):
    user = make_user("amina", email="amina@example.org")
    token = reset_token(user)
    form = {"token": token, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert client.post("/reset-password", data={**form, "csrf_token": csrf_token(client)}).status_code == 303
    form.update(new="yet another passphrase", confirm="yet another passphrase")
    second = client.post("/reset-password", data={**form, "csrf_token": csrf_token(client)})
    assert second.status_code == 400 and "already used" in second.get_data(as_text=True)
    assert sign_in(client, "amina", NEW_PASSWORD).status_code == 303


def test_the_link_expires_after_the_configured_minutes(app, client, make_user, monkeypatch):
    user = make_user("amina", email="amina@example.org")
    monkeypatch.setitem(app.config, "PASSWORD_RESET_MINUTES", 60)
    issued = int(time.time())
    with monkeypatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda signer: issued - 61 * 60)
        old_token = reset_token(user)
        patch.setattr(TimestampSigner, "get_timestamp", lambda signer: issued - 59 * 60)
        recent_token = reset_token(user)
    client.get(f"/reset-password/{old_token}")
    page = client.get("/reset-password")
    assert page.status_code == 400 and "This link is too old" in page.get_data(as_text=True)
    client.get(f"/reset-password/{recent_token}")
    assert client.get("/reset-password").status_code == 200
    monkeypatch.setitem(app.config, "PASSWORD_RESET_MINUTES", 30)  # LMS_PASSWORD_RESET_MINUTES=30
    assert client.get("/reset-password").status_code == 400


def test_a_password_change_kills_the_links_already_sent(client, make_user, mailbox):
    make_user("amina", email="amina@example.org")
    ask_for_a_link(client, "amina")
    link = link_in(mailbox.messages[0])
    sign_in(client)
    client.post("/account", data={"current": TEST_PASSWORD, "new": "changed in the meantime",
                                  "confirm": "changed in the meantime", "csrf_token": csrf_token(client, "/account")})
    client.post("/signout", data={"csrf_token": csrf_token(client, "/account")})
    client.get(link)
    page = client.get("/reset-password")
    assert page.status_code == 400 and "already used" in page.get_data(as_text=True)


def test_resetting_signs_out_every_session(app, make_user, mailbox):
    make_user("amina", email="amina@example.org")
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone)
    sign_in(laptop)
    ask_for_a_link(laptop, "amina")
    assert set_new_password(laptop, link_in(mailbox.messages[0])).status_code == 303
    assert phone.get("/account").status_code == 302
    assert laptop.get("/account").status_code == 302


def test_a_printed_one_time_password_no_longer_needs_changing_after_a_reset(client, make_user):
    user = make_user("amina", email="amina@example.org", must_change_password=True)
    client.post("/reset-password", data={"token": reset_token(user), "new": NEW_PASSWORD, "confirm": NEW_PASSWORD,
                                         "csrf_token": csrf_token(client)})
    sign_in(client, "amina", NEW_PASSWORD)
    assert client.get("/my-learning").status_code == 200


@pytest.mark.parametrize("new, message", [
    ("short", "Use at least 10 characters."),
    ("amina-is-my-name", "Your password must not contain your username."),
    ("password123", "This password is too easy to guess."),
])
def test_the_new_password_follows_the_sign_up_rules(client, make_user, new, message):
    user = make_user("amina", email="amina@example.org")
    before = user.password_hash
    response = client.post("/reset-password", data={"token": reset_token(user), "new": new, "confirm": new,
                                                    "csrf_token": csrf_token(client)})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.session.get(User, user.id).password_hash == before


@pytest.mark.parametrize("token", ["", "garbage", "x" * 5000, "WzEsImFiYyJd.ZZZZZZ.not-a-signature"])
def test_a_broken_link_gets_a_clear_page_never_a_500(client, token):
    landing = client.get(f"/reset-password/{token}") if token else client.get("/reset-password")
    assert landing.status_code in (303, 400)
    page = client.get("/reset-password")
    assert page.status_code == 400
    assert "This link cannot be used" in page.get_data(as_text=True)
    assert len(client.get_cookie("session").value) < 1000


def test_a_token_of_another_purpose_is_refused(app, client, make_user):
    """The app signs other things with the same key (handler tokens, CSRF); the salt keeps them apart."""
    from itsdangerous import URLSafeTimedSerializer

    user = make_user("amina", email="amina@example.org")
    forged = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="xblock-handler").dumps(
        [user.id, reset_token(user).split(".")[0]])
    response = client.post("/reset-password", data={"token": forged, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD,
                                                    "csrf_token": csrf_token(client)})
    assert response.status_code == 400


def test_a_deleted_account_cannot_be_reset(client, make_user, mailbox):
    from lms_app.privacy.deletion import delete_account

    user = make_user("amina", email="amina@example.org")
    token = reset_token(user)
    delete_account(user)
    ask_for_a_link(client, "amina")
    assert mailbox.messages == []
    client.get(f"/reset-password/{token}")
    assert client.get("/reset-password").status_code == 400


def test_an_unknown_name_gets_the_same_answer_and_no_mail(client, make_user, mailbox):
    make_user("amina", email="amina@example.org")
    make_user("jean")  # an account without an e-mail address
    answers = [ask_for_a_link(client, login) for login in ("amina", "nobody-here", "jean", "nobody@example.org")]
    assert {a.status_code for a in answers} == {200}
    # The same page but for the CSRF tokens of the layout's forms, which carry the time.
    bodies = {CSRF_RE.sub("TOKEN", a.get_data(as_text=True)) for a in answers}
    assert len(bodies) == 1
    assert "If an account with an e-mail address matches what you typed" in bodies.pop()
    assert [m["To"] for m in mailbox.messages] == ["amina@example.org"]


def test_without_e_mail_the_page_says_whom_to_ask_and_has_no_form(client, make_user):
    make_user("amina", email="amina@example.org")
    page = client.get("/forgot-password").get_data(as_text=True)
    assert "This site does not send e-mail" in page and "one-time password" in page
    assert 'name="login"' not in page
    posted = client.post("/forgot-password", data={"login": "amina", "csrf_token": csrf_token(client)})
    assert posted.status_code == 200 and "This site does not send e-mail" in posted.get_data(as_text=True)


def test_the_sign_in_page_links_to_the_forgotten_password_page(client):
    assert 'href="/forgot-password"' in client.get("/signin").get_data(as_text=True)


def test_asking_is_rate_limited_per_account(app, make_user, mailbox, monkeypatch):
    monkeypatch.setitem(app.config, "PASSWORD_RESET_RATE_LIMIT", "3 per hour")
    make_user("amina", email="amina@example.org")
    spellings = ["amina", "AMINA", "ａｍｉｎａ"]
    for attempt, spelling in enumerate(spellings):
        response = ask_for_a_link(app.test_client(), spelling, environ_base={"REMOTE_ADDR": f"10.3.0.{attempt}"})
        assert response.status_code == 200
    blocked = ask_for_a_link(app.test_client(), "Amina", environ_base={"REMOTE_ADDR": "10.3.1.1"})
    assert blocked.status_code == 429
    assert len(mailbox.messages) == 3


def test_asking_is_rate_limited_per_address(app, client, mailbox, monkeypatch):
    monkeypatch.setitem(app.config, "PASSWORD_RESET_RATE_LIMIT", "3 per hour")
    for attempt in range(3):
        assert ask_for_a_link(client, f"someone-{attempt}").status_code == 200
    assert ask_for_a_link(client, "someone-else").status_code == 429


def test_the_token_is_in_no_address_the_form_page_has(client, make_user):
    """The link's address is swapped for one without the token before any page is shown (Referer, history)."""
    user = make_user("amina", email="amina@example.org")
    token = reset_token(user)
    landing = client.get(f"/reset-password/{token}")
    assert landing.headers["Referrer-Policy"] == "no-referrer"
    assert token not in landing.headers["Location"]
    page = client.get("/reset-password")
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    assert 'action="/reset-password"' in html
    assert all(token not in href for href in re.findall(r'(?:href|src|action)="([^"]*)"', html))
