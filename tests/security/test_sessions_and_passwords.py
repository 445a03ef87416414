"""Sessions and passwords: what a stolen cookie, a shared phone or a password guesser can do (nothing lasting).

The session is a signed cookie holding "<user id>:<session token>"
(lms_app/accounts/loading.py); changing the token is how sessions end
server-side. tests/accounts/test_sessions.py covers the sign-in form itself.
"""
import statistics
import time

import pytest
from argon2 import PasswordHasher

from lms_app.accounts.models import User
from lms_app.accounts.service import authenticate
from lms_app.extensions import db

from ..conftest import TEST_PASSWORD, csrf_token, sign_in
from .conftest import form_token

NEW_PASSWORD = "a brand new passphrase"


def _session_cookie(client) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None, "no session cookie"
    return cookie.value


def _client_with_cookie(app, value: str):
    """Another browser, given a copy of a session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", value)
    return thief


def _signed_in(client) -> bool:
    return client.get("/account").status_code == 200


# Passwords

def test_passwords_are_argon2id_with_rfc_9106_parameters(app, make_user):
    from lms_app.accounts.passwords import hash_password

    stored = hash_password(TEST_PASSWORD)
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    parameters = PasswordHasher().check_needs_rehash(stored)
    assert parameters is False


def test_weaker_hash_is_upgraded_at_the_next_sign_in(app, client, make_user):
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(TEST_PASSWORD)
    user = make_user("amina")
    user.password_hash = weak
    db.session.commit()
    assert sign_in(client).status_code == 303
    assert db.session.get(User, user.id).password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_unknown_user_costs_the_same_time_as_a_wrong_password(app, make_user):
    """No account enumeration by timing: both spend one argon2 verification."""
    make_user("amina")

    def median(username):
        times = []
        for _ in range(5):
            start = time.perf_counter()
            assert authenticate(username, "not the password") is None
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    known, unknown = median("amina"), median("nobody-by-this-name")
    assert 0.5 < known / unknown < 2, (known, unknown)


# Cookie flags

def test_session_cookie_is_httponly_lax_and_lasts_the_configured_days(world, client):
    response = sign_in(client)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie
    assert "Secure" not in cookie  # plain HTTP on a laptop still works
    assert "remember_token" not in " ".join(response.headers.getlist("Set-Cookie"))


def test_session_cookie_is_secure_when_configured_even_behind_a_proxy(world, app, client, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    response = sign_in(client)
    assert "Secure" in response.headers["Set-Cookie"]


def test_https_requests_get_secure_cookies_and_hsts(world, app):
    client = app.test_client()
    page = client.get("/signin", base_url="https://localhost")
    assert "max-age=31536000" in page.headers["Strict-Transport-Security"]
    response = client.post("/signin", base_url="https://localhost", headers={"Referer": "https://localhost/signin"},
                           data={"username": "amina", "password": TEST_PASSWORD,
                                 "csrf_token": form_token(client, "/signin")})
    assert response.status_code == 303
    for cookie in response.headers.getlist("Set-Cookie"):
        assert "Secure" in cookie and "HttpOnly" in cookie


def test_language_cookie_is_httponly_and_lax(world, client):
    response = client.post("/language", data={"language": "ar", "next": "/", "csrf_token": form_token(client)})
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("lang="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie



def _sign_in_as_if(client, monkeypatch, days_ago: float):
    """Sign in with the cookie's signature dated `days_ago` days back."""
    from itsdangerous.timed import TimestampSigner

    signed = int(time.time() - days_ago * 24 * 3600)
    with monkeypatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: signed)
        assert sign_in(client).status_code == 303


def test_pages_of_an_unchanged_session_send_no_cookie(world, client):
    """Each response used to carry the whole session cookie again (about 330 bytes on 2G)."""
    sign_in(client)
    for url in ("/account", "/my-learning", "/", "/account"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers.getlist("Set-Cookie") == [], url
    assert _signed_in(client)


def test_a_session_signed_over_a_day_ago_is_sent_again_with_a_new_expiry(world, client, monkeypatch):
    _sign_in_as_if(client, monkeypatch, days_ago=1.5)
    old = _session_cookie(client)
    response = client.get("/account")
    assert response.status_code == 200
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("session=") and "Expires=" in cookie and "HttpOnly" in cookie
    assert _session_cookie(client) != old
    # Refreshed, it is quiet again for a day.
    assert client.get("/account").headers.getlist("Set-Cookie") == []


def test_a_session_used_within_the_day_is_not_sent_again(world, client, monkeypatch):
    _sign_in_as_if(client, monkeypatch, days_ago=0.9)
    assert client.get("/account").headers.getlist("Set-Cookie") == []
    assert _signed_in(client)


def test_a_session_older_than_its_lifetime_is_signed_out(world, app, client, monkeypatch):
    days = app.config["PERMANENT_SESSION_LIFETIME"] / (24 * 3600)
    _sign_in_as_if(client, monkeypatch, days_ago=days + 0.1)
    assert not _signed_in(client)


def test_a_changed_session_is_sent_at_once(world, client):
    """Signing out, or anything that changes the session, is never held back by the once-a-day rule."""
    sign_in(client)
    response = client.post("/signout", data={"csrf_token": csrf_token(client, "/account")})
    assert any(c.startswith("session=") for c in response.headers.getlist("Set-Cookie"))
    assert not _signed_in(client)

# Ending sessions

def test_sign_out_ends_a_copied_session_cookie(world, app, client):
    """A shared phone or a cyber café: signing out must also end the cookie someone copied."""
    sign_in(client)
    copied = _session_cookie(client)
    client.post("/signout", data={"csrf_token": csrf_token(client, "/account")})
    assert not _signed_in(client)
    assert not _signed_in(_client_with_cookie(app, copied))


def test_sign_out_ends_the_other_sessions_too(world, app):
    phone, cafe = app.test_client(), app.test_client()
    sign_in(phone)
    sign_in(cafe)
    cafe.post("/signout", data={"csrf_token": csrf_token(cafe, "/account")})
    assert not _signed_in(phone)
    assert sign_in(phone).status_code == 303 and _signed_in(phone)


def test_password_change_ends_copied_cookies_and_keeps_this_session(world, app, client):
    sign_in(client)
    copied = _session_cookie(client)
    response = client.post("/account", data={"current": TEST_PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD,
                                             "csrf_token": csrf_token(client, "/account")})
    assert response.status_code == 303
    assert _signed_in(client)
    assert not _signed_in(_client_with_cookie(app, copied))
    assert sign_in(app.test_client(), "amina", TEST_PASSWORD).status_code == 400


def test_deleting_the_account_ends_copied_cookies(world, app, client):
    sign_in(client)
    copied = _session_cookie(client)
    response = client.post("/my-data/delete", data={"password": TEST_PASSWORD, "confirm": "y",
                                                    "csrf_token": csrf_token(client, "/my-data")})
    assert response.status_code == 303
    assert not _signed_in(_client_with_cookie(app, copied))


def test_a_forged_session_without_the_token_is_anonymous(world, app, client_as):
    """Knowing a user id is not enough: the cookie must carry the current session token."""
    client = app.test_client()
    learner = world.users["learner"]
    for forged in (str(learner.id), f"{learner.id}:", f"{learner.id}:wrong-token", f"{learner.id}:{'0' * 22}",
                   "not-a-number:token", f"-1:{learner.session_token}", f"{learner.id}:{learner.session_token}:x"):
        with client.session_transaction() as session:
            session["_user_id"] = forged
        assert not _signed_in(client), forged


def test_a_cookie_signed_with_another_key_is_ignored(world, app):
    from flask.sessions import SecureCookieSessionInterface

    learner = world.users["learner"]
    other = type("OtherApp", (), {"secret_key": "another-installation", "config": app.config})()
    serializer = SecureCookieSessionInterface().get_signing_serializer(other)
    forged = serializer.dumps({"_user_id": learner.get_id(), "_fresh": True})
    assert not _signed_in(_client_with_cookie(app, forged))


# Rate limits

def test_sign_in_limit_also_holds_for_unknown_accounts(world, app):
    """The limit per account cannot be used to tell which accounts exist: unknown names are limited too."""
    for attempt in range(10):
        client = app.test_client()
        response = client.post("/signin", data={"username": "nobody-here", "password": "wrong password!",
                                                "csrf_token": form_token(client, "/signin")},
                               environ_base={"REMOTE_ADDR": f"10.1.0.{attempt}"})
        assert response.status_code == 400
    client = app.test_client()
    blocked = client.post("/signin", data={"username": "nobody-here", "password": "wrong password!",
                                           "csrf_token": form_token(client, "/signin")},
                          environ_base={"REMOTE_ADDR": "10.1.1.1"})
    assert blocked.status_code == 429


def test_sign_in_limit_counts_the_name_however_it_is_written(world, app):
    """'Amina', 'AMINA' and full-width 'ａｍｉｎａ' are one account, so one counter."""
    spellings = ["amina", "Amina", "AMINA", "ａｍｉｎａ", " amina "]
    for attempt in range(10):
        client = app.test_client()
        client.post("/signin", data={"username": spellings[attempt % len(spellings)], "password": "wrong password!",
                                     "csrf_token": form_token(client, "/signin")},
                    environ_base={"REMOTE_ADDR": f"10.2.0.{attempt}"})
    client = app.test_client()
    blocked = client.post("/signin", data={"username": "AmInA", "password": TEST_PASSWORD,
                                           "csrf_token": form_token(client, "/signin")},
                          environ_base={"REMOTE_ADDR": "10.2.1.1"})
    assert blocked.status_code == 429


def test_account_deletion_cannot_be_used_to_guess_the_password(world, client_as):
    """A stolen session must not try passwords at leisure on the deletion form."""
    client = client_as("learner")
    statuses = []
    for _ in range(11):
        response = client.post("/my-data/delete", data={"password": "a wrong guess!!", "confirm": "y",
                                                        "csrf_token": form_token(client)})
        statuses.append(response.status_code)
    assert statuses[:10] == [400] * 10 and statuses[10] == 429
    assert db.session.get(User, world.users["learner"].id).deleted_at is None


@pytest.mark.parametrize("field", ["current", "new"])
def test_password_change_with_overlong_passwords_is_refused_without_hashing(world, client_as, field):
    """Argon2 on a megabyte-long password would be a cheap way to load the server."""
    client = client_as("learner")
    data = {"current": TEST_PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD,
            "csrf_token": form_token(client, "/account")}
    data[field] = "x" * 100_000
    if field == "new":
        data["confirm"] = data["new"]
    start = time.perf_counter()
    response = client.post("/account", data=data)
    assert response.status_code == 400
    assert time.perf_counter() - start < 1.0
