"""An administrator gives a one-time password to someone who forgot theirs (the way without e-mail)."""
import re

from lms_app.accounts.models import User
from lms_app.extensions import db

from ..conftest import TEST_PASSWORD, csrf_token, sign_in

PASSWORD_ON_PAGE = re.compile(r'<code dir="ltr">([a-z0-9-]+)</code>')


def give_one_time_password(client, user):
    return client.post(f"/admin/users/{user.id}/one-time-password",
                       data={"csrf_token": csrf_token(client, "/admin/users")})


def test_the_admin_sees_the_password_once_and_the_learner_must_then_choose_their_own(app, make_user):
    learner = make_user("amina")
    make_user("omar", is_admin=True)
    admin, phone = app.test_client(), app.test_client()
    sign_in(phone)
    sign_in(admin, "omar")
    response = give_one_time_password(admin, learner)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    password = PASSWORD_ON_PAGE.search(page).group(1)
    assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", password)
    assert response.headers["Cache-Control"] == "no-store"
    stored = db.session.get(User, learner.id)
    assert stored.must_change_password and password not in stored.password_hash
    # Signed out on the phone; the old password no longer works; the new one works once, for choosing another.
    assert phone.get("/account").status_code == 302
    assert sign_in(app.test_client(), "amina", TEST_PASSWORD).status_code == 400
    assert sign_in(phone, "amina", password).status_code == 303
    assert phone.get("/my-learning").headers["Location"] == "/account"
    phone.post("/account", data={"current": password, "new": "my own passphrase", "confirm": "my own passphrase",
                                 "csrf_token": csrf_token(phone, "/account")})
    assert phone.get("/my-learning").status_code == 200
    assert password not in admin.get("/admin/users").get_data(as_text=True)


def test_an_admin_cannot_give_themselves_a_one_time_password(client, make_user):
    admin = make_user("omar", is_admin=True)
    sign_in(client, "omar")
    response = give_one_time_password(client, admin)
    assert response.status_code == 303
    assert db.session.get(User, admin.id).must_change_password is False


def test_a_deleted_account_gets_no_one_time_password(client, make_user):
    from lms_app.privacy.deletion import delete_account

    learner = make_user("amina")
    make_user("omar", is_admin=True)
    delete_account(learner)
    sign_in(client, "omar")
    assert give_one_time_password(client, learner).status_code == 404


def test_the_accounts_page_offers_it_for_everyone_but_oneself(client, make_user):
    learner = make_user("amina")
    admin = make_user("omar", is_admin=True)
    sign_in(client, "omar")
    page = client.get("/admin/users").get_data(as_text=True)
    assert f'/admin/users/{learner.id}/one-time-password' in page
    assert f'/admin/users/{admin.id}/one-time-password' not in page
