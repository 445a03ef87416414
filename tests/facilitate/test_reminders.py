"""Reminders: the learners who need help get one e-mail a day at most, in their own language, with nothing sensitive."""
import re
import socket
from datetime import timedelta

import pytest

from lms_app.extensions import db
from lms_app.facilitate.dashboard import cohort_dashboard
from lms_app.facilitate.models import Reminder
from lms_app.facilitate.reminders import MAIL_RETRIES, queue_reminders, reminder_plan, send_reminders
from lms_app.facilitate.schedule import ModuleDates, set_schedule, today

from ..conftest import csrf_token
from .conftest import progress, set_activity, sign_in_as, utc_now


@pytest.fixture
def stuck(cohort, course, add_learners):
    """Four learners idle for ten days: Amina (French), Jean (no language set), Li (no address), Omar (Arabic).

    The pre-test was due three days ago and Pathways is due in three days;
    Amina failed Pathways twice, which her reminder must not say.
    """
    amina, = add_learners("amina", display_name="Amina", email="amina@example.org", locale="fr")
    jean, = add_learners("jean", display_name="Jean", email="jean@example.org")
    li, = add_learners("li", display_name="Li")
    omar, = add_learners("omar", display_name="Omar", email="omar@example.org", locale="ar")
    busy, = add_learners("busy", display_name="Busy", email="busy@example.org")
    for learner in (amina, jean, li, omar):
        set_activity(learner, course, days_ago=10)
    set_activity(busy, course, days_ago=1)
    progress(busy, course, "pre-test", score=1, max_score=1)
    progress(amina, course, "pathways", score=0, max_score=1, completed=False, failed_attempts=2)
    modules = cohort_dashboard(cohort, utc_now()).modules
    set_schedule(cohort, modules, {"pre-test": ModuleDates(None, today() - timedelta(days=3)),
                                   "pathways": ModuleDates(None, today() + timedelta(days=3))})
    return {"amina": amina, "jean": jean, "li": li, "omar": omar, "busy": busy}


def _press(client, cohort):
    return client.post(f"/cohorts/{cohort.id}/reminders",
                       data={"csrf_token": csrf_token(client, f"/cohorts/{cohort.id}")})


def _by_recipient(mailbox) -> dict:
    return {message["To"]: message for message in mailbox.messages}


def test_the_dashboard_says_who_gets_a_reminder_and_who_has_no_address(client, facilitator, cohort, stuck, mailbox):
    sign_in_as(client, facilitator)
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "3 of them can get an e-mail reminder" in page
    assert "1 has no e-mail address and gets no reminder." in page
    assert re.search(r'<form method="post" action="/cohorts/\d+/reminders"', page)
    assert "E-mail them a reminder" in page


def test_each_learner_gets_the_reminder_in_their_language_naming_what_is_due(client, facilitator, cohort, stuck,
                                                                              mailbox):
    sign_in_as(client, facilitator)
    response = _press(client, cohort)
    assert response.status_code == 303 and response.location.endswith(f"/cohorts/{cohort.id}")
    mail = _by_recipient(mailbox)
    assert set(mail) == {"amina@example.org", "jean@example.org", "omar@example.org"}

    english = mail["jean@example.org"]
    assert english["Subject"] == "Reminder: Referral basics"
    body = english.get_content()
    assert "Hello Jean," in body
    overdue, due_soon = body.split("Overdue:")[1].split("Due soon:")
    assert "- Pre-test (due on" in overdue and "Pathways" not in overdue
    assert "- Pathways (due on" in due_soon
    assert "http://localhost/courses/referral" in body

    french = mail["amina@example.org"]
    assert french["Subject"] == "Rappel : Bases du référencement"
    body = french.get_content()
    assert "Bonjour Amina," in body and "En retard :" in body
    assert "- Circuits (à rendre le" in body  # the module's French title

    arabic = mail["omar@example.org"]
    assert "تذكير" in arabic["Subject"]
    assert "مرحبا Omar" in arabic.get_content()

    for message in mail.values():
        text = message.get_content().lower()
        # Never a score, a failure, or why the facilitator worries.
        for word in ("%", "score", "fail", "échou", "twice", "deux fois", "no activity", "help list"):
            assert word not in text, (message["To"], word)
    assert db.session.scalar(db.select(db.func.count(Reminder.id)).where(Reminder.sent_at.is_not(None))) == 3


def test_pressing_twice_the_same_day_mails_nobody_twice(client, facilitator, cohort, stuck, mailbox):
    sign_in_as(client, facilitator)
    _press(client, cohort)
    assert len(mailbox.messages) == 3
    again = _press(client, cohort)
    assert again.status_code == 303
    assert len(mailbox.messages) == 3
    page = client.get(again.location).get_data(as_text=True)
    assert "Nobody new to remind" in page
    assert "3 were reminded today already." in page
    assert "E-mail them a reminder" not in page  # nobody left to remind today
    # Only who, which cohort and which day are kept: no address, no text.
    assert {c.name for c in Reminder.__table__.columns} == {"id", "cohort_id", "user_id", "sent_on", "sent_at"}


def test_the_task_run_twice_sends_nothing_twice(app, cohort, stuck, mailbox):
    board = cohort_dashboard(cohort, utc_now())
    assert queue_reminders(board, today()) == 3
    assert queue_reminders(board, today()) == 0
    assert send_reminders(cohort.id, today().isoformat(), "http://localhost/courses/referral") == 3
    assert send_reminders(cohort.id, today().isoformat(), "http://localhost/courses/referral") == 0
    assert len(mailbox.messages) == 3


def test_a_learner_who_removed_their_address_meanwhile_gets_nothing(app, cohort, stuck, mailbox):
    queue_reminders(cohort_dashboard(cohort, utc_now()), today())
    stuck["jean"].email = None
    db.session.commit()
    assert send_reminders(cohort.id, today().isoformat(), "http://localhost/courses/referral") == 2
    assert "jean@example.org" not in _by_recipient(mailbox)
    assert reminder_plan(cohort_dashboard(cohort, utc_now()), today()).without_email == 2


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_refusing_mail_server_is_tried_again_later_and_nothing_is_lost(app, client, facilitator, cohort, stuck,
                                                                        mailbox, monkeypatch):
    huey = app.extensions["tasks"].huey
    huey.flush()
    working_port = app.config["MAIL_PORT"]
    monkeypatch.setitem(app.config, "MAIL_PORT", _closed_port())
    sign_in_as(client, facilitator)
    assert _press(client, cohort).status_code == 303
    assert mailbox.messages == []
    rows = db.session.scalars(db.select(Reminder)).all()
    assert len(rows) == 3 and all(row.sent_at is None for row in rows)
    # The task is scheduled again, with a delay (the test suite's queue keeps it in memory).
    [retry] = huey.scheduled()
    assert retry.retries == MAIL_RETRIES - 1
    assert retry.eta > utc_now().replace(tzinfo=None)
    # The server is back when the retry comes.
    monkeypatch.setitem(app.config, "MAIL_PORT", working_port)
    later = retry.eta + timedelta(seconds=1)
    [due] = huey.read_schedule(later)  # what a consumer's scheduler does every second
    huey.execute(due, timestamp=later)
    assert len(mailbox.messages) == 3
    db.session.rollback()  # a new transaction sees what the task committed
    assert all(row.sent_at is not None for row in db.session.scalars(db.select(Reminder)))
    assert huey.scheduled() == []


def test_without_a_mail_server_the_button_is_explained_and_sends_nothing(client, facilitator, cohort, stuck):
    sign_in_as(client, facilitator)
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "E-mail reminders are off" in page and "E-mail them a reminder" not in page
    response = _press(client, cohort)
    assert response.status_code == 303
    assert "no reminder was sent" in client.get(response.location).get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Reminder.id))) == 0
