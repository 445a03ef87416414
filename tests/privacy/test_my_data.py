"""My data: the export holds everything about me and nothing about anyone else; deletion erases me but not the counts."""
import csv
import io
import json
import zipfile

from sqlalchemy import select

from lms_app.accounts.models import User
from lms_app.accounts.service import authenticate
from lms_app.certificates.models import Certificate
from lms_app.extensions import db
from lms_app.facilitate.models import Attendance, CohortMembership, OfflineScore, Reminder
from lms_app.learn.models import Attempt, Enrollment, ModuleProgress
from lms_app.xblock_runtime.models import XBlockField

from ..conftest import TEST_PASSWORD, csrf_token, sign_in

EXPECTED_TABLES = {"account", "enrollments", "module_progress", "attempts", "block_state", "cohort_memberships",
                   "attendance", "offline_scores", "certificates", "views_of_my_answers", "facilitation_of_cohorts",
                   "reminders"}


def _personal_values(learner) -> list[str]:
    return [learner.username, learner.display_name, learner.email, learner.reflection, learner.printed_name]


def _every_stored_value() -> str:
    """Every cell of every table of the database, as one searchable text."""
    cells = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)):
            cells.extend(json.dumps(value, default=str, ensure_ascii=False) for value in row)
    return "\n".join(cells)


def _count(model, **where) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model).filter_by(**where))


def test_json_export_holds_everything_about_me(client, zainab):
    sign_in(client, zainab.username)
    response = client.get("/my-data/export.json")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    data = json.loads(response.get_data())
    assert EXPECTED_TABLES <= set(data)
    assert data["account"][0]["email"] == zainab.email
    assert "password_hash" not in data["account"][0] and "session_token" not in data["account"][0]
    assert len(data["attempts"]) == 2
    assert zainab.reflection in [attempt["answer"] for attempt in data["attempts"]]
    assert any(row["value"] == zainab.reflection for row in data["block_state"])
    assert data["cohort_memberships"][0]["cohort"] == "Goma March"
    assert data["attendance"][0]["present"] is True
    assert data["offline_scores"][0]["score"] == 7
    assert data["certificates"][0]["name_on_certificate"] == zainab.printed_name
    assert data["enrollments"][0]["passed_at"]
    assert data["module_progress"][0]["module_slug"] == "listening"
    assert data["reminders"] == [{"cohort": "Goma March", "sent_on": "2026-03-09", "sent_at": None}]
    assert [(row["action"], row["cohort"]) for row in data["views_of_my_answers"]] == [("viewed_answers", "Goma March")]
    assert [row["action"] for row in data["facilitation_of_cohorts"]] == ["added_facilitator", "removed_facilitator"]


def test_csv_export_is_a_zip_of_one_csv_per_table(client, zainab):
    sign_in(client, zainab.username)
    response = client.get("/my-data/export.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    assert {name.removesuffix(".csv") for name in archive.namelist()} == EXPECTED_TABLES
    attempts = list(csv.DictReader(io.StringIO(archive.read("attempts.csv").decode("utf-8-sig"))))
    assert zainab.reflection in [row["answer"] for row in attempts]
    account = list(csv.DictReader(io.StringIO(archive.read("account.csv").decode("utf-8-sig"))))
    assert account == [dict(account[0], username=zainab.username, email=zainab.email)]


def test_export_of_one_learner_contains_nothing_of_another(client, zainab, omar):
    sign_in(client, zainab.username)
    exported = client.get("/my-data/export.json").get_data(as_text=True)
    archive = zipfile.ZipFile(io.BytesIO(client.get("/my-data/export.zip").get_data()))
    exported_csv = "".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())
    for text in (exported, exported_csv):
        assert zainab.reflection in text
        for value in _personal_values(omar):
            assert value not in text
        assert f'"{omar.user.id}"' not in text  # not even the other learner's id as block-state key


def test_my_data_needs_sign_in(client, zainab):
    for path in ("/my-data", "/my-data/export.json", "/my-data/export.zip"):
        response = client.get(path)
        assert response.status_code == 302 and "/signin" in response.headers["Location"]


def test_deleting_my_account_leaves_nothing_personal_in_any_table_but_keeps_the_counts(client, zainab, omar):
    assert zainab.reflection in _every_stored_value()
    zainab.user.is_facilitator = True  # may create cohorts: a right the emptied account must not keep
    db.session.commit()
    sign_in(client, zainab.username)
    token = csrf_token(client, "/my-data")
    response = client.post("/my-data/delete", data={"password": TEST_PASSWORD, "confirm": "y", "csrf_token": token})
    assert response.status_code == 303

    stored = _every_stored_value()
    for value in _personal_values(zainab):
        assert value not in stored, f"{value!r} is still stored"
    for value in _personal_values(omar):
        assert value in stored  # the other learner is untouched

    user = db.session.get(User, zainab.user.id)
    assert user.deleted_at is not None and user.username.startswith("deleted-")
    assert (user.email, user.country, user.work_role, user.locale) == (None, None, None, None)
    assert not (user.is_author or user.is_admin or user.is_facilitator)
    # The cohort and the course still count two learners, their scores and presence.
    assert _count(CohortMembership) == 2 and _count(Enrollment) == 2 and _count(Attendance) == 2
    assert _count(OfflineScore) == 2 and _count(ModuleProgress) == 2
    assert _count(Attempt, user_id=user.id) == 2
    assert db.session.scalar(db.select(db.func.sum(Attempt.score)).where(Attempt.user_id == user.id)) == 1.0
    assert _count(XBlockField, user_key=str(user.id)) == 0
    assert _count(Reminder, user_id=user.id) == 0 and _count(Reminder) == 1
    # Their certificate still verifies, without a name or an owner.
    certificate = db.session.scalar(db.select(Certificate).where(Certificate.name_on_certificate == ""))
    assert certificate.user_id is None
    assert client.get(f"/verify/{certificate.code}").status_code == 200


def test_deleted_account_is_signed_out_and_can_never_sign_in_again(client, zainab):
    sign_in(client, zainab.username)
    token = csrf_token(client, "/my-data")
    client.post("/my-data/delete", data={"password": TEST_PASSWORD, "confirm": "y", "csrf_token": token})
    assert client.get("/my-data").status_code == 302  # this session ended
    deleted = db.session.get(User, zainab.user.id)
    assert authenticate(zainab.username, TEST_PASSWORD) is None
    assert authenticate(deleted.username, TEST_PASSWORD) is None
    assert authenticate(deleted.username, "") is None
    response = sign_in(client, zainab.username)
    assert response.status_code == 400
    assert client.get("/my-data").status_code == 302


def test_deletion_needs_the_right_password_the_confirmation_and_the_csrf_token(client, zainab):
    sign_in(client, zainab.username)
    token = csrf_token(client, "/my-data")
    wrong = client.post("/my-data/delete", data={"password": "not my password at all", "confirm": "y",
                                                 "csrf_token": token})
    assert wrong.status_code == 400 and "This password is not correct." in wrong.get_data(as_text=True)
    unconfirmed = client.post("/my-data/delete", data={"password": TEST_PASSWORD, "csrf_token": token})
    assert unconfirmed.status_code == 400
    forged = client.post("/my-data/delete", data={"password": TEST_PASSWORD, "confirm": "y"})
    assert forged.status_code == 400
    user = db.session.get(User, zainab.user.id)
    assert user.deleted_at is None and user.username == zainab.username


def test_my_data_page_works_without_javascript_and_offers_both_formats(client, zainab):
    sign_in(client, zainab.username)
    html = client.get("/my-data").get_data(as_text=True)
    assert 'href="/my-data/export.json"' in html and 'href="/my-data/export.zip"' in html
    assert 'action="/my-data/delete"' in html and 'name="password"' in html and "<script" not in html
