"""Importing a roster from CSV: encodings, separators, refused lines with reasons, nothing half-imported."""
import io
import re

import pytest

from lms_app.accounts.models import User
from lms_app.extensions import db
from lms_app.facilitate import roster
from lms_app.facilitate.models import CohortMembership
from lms_app.learn.models import Enrollment

from ..conftest import csrf_token
from .conftest import sign_in_as


def _upload(client, cohort, data: bytes):
    url = f"/cohorts/{cohort.id}/roster"
    return client.post(url, data={"csrf_token": csrf_token(client, url), "file": (io.BytesIO(data), "roster.csv")},
                       content_type="multipart/form-data")


def _members(cohort) -> set[str]:
    return set(db.session.scalars(db.select(User.username).join(CohortMembership, CohortMembership.user_id == User.id)
                                  .where(CohortMembership.cohort_id == cohort.id, CohortMembership.role == "learner")))


@pytest.mark.parametrize("encoding,separator", [("utf-8", ","), ("utf-8-sig", ";"), ("latin-1", ";")])
def test_spreadsheet_files_are_read_whatever_their_encoding(client, facilitator, cohort, encoding, separator):
    text = separator.join(["username", "display name"]) + "\r\n" + separator.join(["helene", "Hélène Séck"]) + "\r\n"
    sign_in_as(client, facilitator)
    response = _upload(client, cohort, text.encode(encoding))
    assert response.status_code == 200
    user = db.session.scalar(db.select(User).where(User.username == "helene"))
    assert user.display_name == "Hélène Séck"
    assert _members(cohort) == {"helene"}


def test_each_line_is_done_or_refused_with_its_reason(client, facilitator, cohort, make_user):
    make_user("existing", email="existing@example.org")
    csv_text = (
        "username,email,display name\n"
        "amina.k,,Amina K.\n"              # 2 created
        ",existing@example.org,\n"          # 3 existing account joins
        "amina.k,,Amina again\n"            # 4 duplicate
        "x,,Too short\n"                    # 5 invalid username
        ",not-an-email,Jean\n"              # 6 invalid email
        "mallory,,=HYPERLINK(\"http://evil\")\n"  # 7 formula
        ",,Nobody\n"                        # 8 no identity
        ",jean.b@example.org,Jean B.\n"     # 9 created from the email
    )
    sign_in_as(client, facilitator)
    page = _upload(client, cohort, csv_text.encode()).get_data(as_text=True)
    assert _members(cohort) == {"amina.k", "existing", "jean.b"}
    for reason in ("This learner is already on an earlier line.", "The username must be 3 to 40",
                   "The email address is not valid.", "which a spreadsheet would run as a formula",
                   "Neither a username nor an email."):
        assert reason in page
    assert "mallory" not in {u for u in db.session.scalars(db.select(User.username))}
    # The one-time passwords appear once, on the printable sheet, for the two new accounts only.
    created = db.session.scalars(db.select(User).where(User.must_change_password.is_(True))).all()
    assert sorted(u.username for u in created) == ["amina.k", "jean.b"]
    assert page.count("One-time password: <code>") == 2


def test_a_new_account_must_choose_its_own_password(client, facilitator, cohort):
    sign_in_as(client, facilitator)
    page = _upload(client, cohort, b"username,display name\nnewbie,New Bie\n").get_data(as_text=True)
    password = re.search(r"One-time password: <code>([^<]+)</code>", page)
    client.post("/signout", data={"csrf_token": csrf_token(client, "/")})
    token = csrf_token(client, "/signin")
    client.post("/signin", data={"username": "newbie", "password": password.group(1), "csrf_token": token})
    forced = client.get("/my-learning")
    assert forced.status_code == 302 and forced.location.endswith("/account")
    url = "/account"
    client.post(url, data={"csrf_token": csrf_token(client, url), "current": password.group(1),
                           "new": "a much better passphrase 42", "confirm": "a much better passphrase 42"})
    assert db.session.scalar(db.select(User.must_change_password).where(User.username == "newbie")) is False
    assert client.get("/my-learning").status_code == 200


@pytest.mark.parametrize("data,message", [
    (b"", "The file is empty."),
    (b"first,last\nA,B\n", "The first line must name the columns"),
    (b"username\n" + b"u\n" * 1001, "import at most 1,000 learners"),
])
def test_a_bad_file_is_refused_as_a_whole(client, facilitator, cohort, data, message):
    sign_in_as(client, facilitator)
    response = _upload(client, cohort, data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert _members(cohort) == set()


def test_an_error_in_the_middle_leaves_nothing_half_imported(client, facilitator, cohort, monkeypatch):
    calls = []
    real = roster.add_learner

    def failing_on_third(session, cohort, user_id):
        calls.append(user_id)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(session, cohort, user_id)

    monkeypatch.setattr(roster, "add_learner", failing_on_third)
    sign_in_as(client, facilitator)
    with pytest.raises(RuntimeError):
        client.application.config["PROPAGATE_EXCEPTIONS"] = True
        _upload(client, cohort, b"username,display name\nfirst1,A\nsecond2,B\nthird3,C\n")
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(User.id)).where(User.username.in_(
        ["first1", "second2", "third3"]))) == 0
    assert db.session.scalar(db.select(db.func.count(Enrollment.id))) == 0


def test_a_cell_too_long_for_csv_is_refused_with_a_reason(client, facilitator, cohort):
    sign_in_as(client, facilitator)
    response = _upload(client, cohort, b"username\n" + b"x" * 200_000)
    assert response.status_code == 400 and "could not be read as CSV" in response.get_data(as_text=True)
