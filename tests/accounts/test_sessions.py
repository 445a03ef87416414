from lms_app.accounts.models import User
from lms_app.extensions import db

from ..conftest import CSRF_RE, TEST_PASSWORD, csrf_token, sign_in


def test_sign_in_with_the_right_password(client, make_user):
    make_user("amina")
    response = sign_in(client)
    assert response.status_code == 303
    assert client.get("/account").status_code == 200


def test_wrong_password_and_unknown_user_get_the_same_answer(client, make_user):
    make_user("amina")
    wrong = sign_in(client, "amina", "not the password at all")
    unknown = sign_in(client, "nobody-here", "not the password at all")
    assert wrong.status_code == unknown.status_code == 400
    message = "The username or password is not correct."
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)
    assert client.get("/account").status_code == 302


def test_sign_out_needs_a_post_with_csrf(client, make_user):
    make_user("amina")
    sign_in(client)
    assert client.get("/signout").status_code == 405
    client.post("/signout", data={})  # no token: refused, still signed in
    assert client.get("/account").status_code == 200
    client.post("/signout", data={"csrf_token": csrf_token(client, "/account")})
    assert client.get("/account").status_code == 302


def test_sign_in_renews_the_session(client, make_user):
    make_user("amina")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    sign_in(client)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_changing_the_password_signs_out_other_sessions(app, make_user):
    make_user("amina")
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone)
    sign_in(laptop)
    response = laptop.post("/account", data={
        "current": TEST_PASSWORD, "new": "a brand new passphrase", "confirm": "a brand new passphrase",
        "csrf_token": csrf_token(laptop, "/account")})
    assert response.status_code == 303
    assert laptop.get("/account").status_code == 200
    assert phone.get("/account").status_code == 302
    assert sign_in(phone, "amina", "a brand new passphrase").status_code == 303


def test_change_password_with_a_wrong_current_password_changes_nothing(client, make_user):
    user = make_user("amina")
    before = user.password_hash
    sign_in(client)
    response = client.post("/account", data={
        "current": "wrong current password", "new": "a brand new passphrase",
        "confirm": "a brand new passphrase", "csrf_token": csrf_token(client, "/account")})
    assert response.status_code == 400
    assert db.session.get(User, user.id).password_hash == before


def test_sign_in_is_rate_limited_per_account(app, make_user):
    make_user("amina")
    for attempt in range(10):
        client = app.test_client()
        token = csrf_token(client)
        response = client.post("/signin", data={"username": "amina", "password": "wrong password!",
                                                "csrf_token": token},
                               environ_base={"REMOTE_ADDR": f"10.0.0.{attempt}"})
        assert response.status_code == 400
    client = app.test_client()
    token = csrf_token(client)
    blocked = client.post("/signin", data={"username": "amina", "password": TEST_PASSWORD, "csrf_token": token},
                          environ_base={"REMOTE_ADDR": "10.0.1.1"})
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)


def test_sign_in_is_rate_limited_per_address(client, make_user):
    for attempt in range(10):
        response = sign_in(client, f"someone-{attempt}", "wrong password!")
        assert response.status_code == 400
    assert sign_in(client, "someone-else", "wrong password!").status_code == 429


def test_session_cookie_flags(client, make_user):
    make_user("amina")
    response = sign_in(client)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    secure_client = client.application.test_client()
    page = secure_client.get("/signin", base_url="https://localhost").get_data(as_text=True)
    token = CSRF_RE.search(page).group(1)
    response = secure_client.post("/signin", data={"username": "amina", "password": TEST_PASSWORD,
                                                   "csrf_token": token}, base_url="https://localhost",
                                  headers={"Referer": "https://localhost/signin"})
    assert "Secure" in response.headers["Set-Cookie"]


def test_language_switcher_works_signed_out_and_is_remembered_when_signed_in(client, make_user):
    response = client.post("/language", data={"language": "ar", "next": "/privacy",
                                              "csrf_token": csrf_token(client, "/privacy")})
    assert response.status_code == 303 and response.headers["Location"] == "/privacy"
    page = client.get("/privacy").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    user = make_user("amina")
    sign_in(client)
    client.post("/language", data={"language": "fr", "next": "https://evil.example/",
                                   "csrf_token": csrf_token(client, "/privacy")})
    assert db.session.get(User, user.id).locale == "fr"


def test_browser_language_is_used_when_nothing_was_chosen(client):
    page = client.get("/", headers={"Accept-Language": "es-CO,es;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="es" dir="ltr">' in page
