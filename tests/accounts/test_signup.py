from lms_app.accounts.models import User
from lms_app.extensions import db

from ..conftest import csrf_token


def signup(client, **overrides):
    data = {
        "username": "amina", "display_name": "Amina", "password": "a long enough passphrase",
        "confirm": "a long enough passphrase", "email": "", "organisation_type": "", "work_role": "",
        "country": "", "csrf_token": csrf_token(client, "/signup"),
    }
    data.update(overrides)
    if "confirm" not in overrides:
        data["confirm"] = data["password"]
    return client.post("/signup", data=data)


def test_sign_up_creates_an_account_and_signs_in(client):
    response = signup(client, organisation_type="lngo", work_role="caseworker", country="JO")
    assert response.status_code == 303
    user = db.session.scalar(db.select(User))
    assert (user.username, user.organisation_type, user.work_role, user.country) == ("amina", "lngo", "caseworker", "JO")
    assert "Amina" in client.get("/account").get_data(as_text=True)


def test_password_is_stored_as_an_argon2id_hash(client):
    signup(client)
    user = db.session.scalar(db.select(User))
    assert user.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert "a long enough passphrase" not in user.password_hash


def test_duplicate_username_is_refused_even_with_other_case_or_width(client, make_user):
    make_user("amina")
    for name in ("amina", "AMINA", "ａｍｉｎａ"):
        response = signup(client, username=name)
        assert response.status_code == 400
        assert "This username is taken" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1


def test_weak_passwords_are_refused_with_a_reason(client):
    cases = {
        "short1": "Use at least 10 characters",
        "password123": "too easy to guess",
        "aaaaaaaaaaaa": "too easy to guess",
        "amina-is-my-name": "must not contain your username",
    }
    for password, reason in cases.items():
        response = signup(client, password=password)
        assert response.status_code == 400, password
        assert reason in response.get_data(as_text=True), password
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_mismatched_confirmation_is_refused(client):
    response = signup(client, password="a long enough passphrase", confirm="another long passphrase")
    assert response.status_code == 400
    assert "The two passwords are not the same" in response.get_data(as_text=True)


def test_over_long_fields_are_refused_without_error_page(client):
    for field in ("username", "display_name", "email"):
        response = signup(client, **{field: "x" * 300})
        assert response.status_code == 400, field
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_arabic_display_name_and_username_are_kept_as_typed(client):
    response = signup(client, username="أمينة", display_name="أمينة الحسن")
    assert response.status_code == 303
    user = db.session.scalar(db.select(User))
    assert user.display_name == "أمينة الحسن"
    assert user.username == "أمينة"


def test_a_country_outside_the_list_is_refused(client):
    response = signup(client, country="Atlantis")
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_sign_up_without_csrf_token_is_refused(client):
    response = signup(client, csrf_token="")
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0
