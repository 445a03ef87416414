from lms_app.accounts.models import User
from lms_app.extensions import db

from ..conftest import csrf_token, sign_in


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get("/admin/users").status_code == 302


def test_learners_and_authors_cannot_open_the_admin_page(client, make_user):
    make_user("amina")
    make_user("writer", is_author=True)
    sign_in(client, "amina")
    assert client.get("/admin/users").status_code == 403
    sign_in(client, "writer")
    assert client.get("/admin/users").status_code == 403


def test_admin_grants_the_author_role(client, make_user):
    make_user("boss", is_admin=True)
    learner = make_user("amina")
    sign_in(client, "boss")
    token = csrf_token(client, "/admin/users")
    response = client.post(f"/admin/users/{learner.id}/roles", data={"is_author": "y", "csrf_token": token})
    assert response.status_code == 303
    assert db.session.get(User, learner.id).is_author is True


def test_learner_cannot_grant_themself_a_role(client, make_user):
    learner = make_user("amina")
    sign_in(client, "amina")
    token = csrf_token(client, "/account")
    response = client.post(f"/admin/users/{learner.id}/roles", data={"is_admin": "y", "csrf_token": token})
    assert response.status_code == 403
    assert db.session.get(User, learner.id).is_admin is False


def test_roles_for_an_unknown_account_give_404(client, make_user):
    make_user("boss", is_admin=True)
    sign_in(client, "boss")
    token = csrf_token(client, "/admin/users")
    assert client.post("/admin/users/99999/roles", data={"csrf_token": token}).status_code == 404


def test_users_create_command(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "--username", "operator", "--password",
                                 "a long operating passphrase", "--admin"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).where(User.username == "operator"))
    assert user.is_admin and user.is_author
    weak = runner.invoke(args=["users", "create", "--username", "other", "--password", "short"])
    assert weak.exit_code != 0 and "at least 10 characters" in weak.output


def test_demo_accounts_are_created_once_and_printed(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "accounts"])
    second = runner.invoke(args=["demo", "accounts"])
    assert first.exit_code == second.exit_code == 0
    assert first.output == second.output
    assert db.session.scalar(db.select(db.func.count(User.id))) == 4
    for name in ("demo-learner", "demo-facilitator", "demo-author", "demo-admin"):
        assert name in first.output

