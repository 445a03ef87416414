"""Reminders: a facilitator e-mails the learners on the cohort's "needs help" list, each in their own language.

The button queues one row per learner and day (UNIQUE cohort, learner, day)
and one task; the task mails every row of the day not sent yet. So a second
press on the same day mails nobody twice, and a press after a mail-server
outage sends only what is still waiting. A row is claimed (its `sent_at`
set) before its mail goes out and released if the server refuses it:
two consumers never mail the same row, and a crash between the two loses a
reminder rather than sending it twice.

The mail names the course and the modules overdue or due soon with their
dates, and a link to the course: never a score, a failed test, or why the
facilitator thinks the learner needs help (a phone is often shared).
Learners without an e-mail address get nothing; the dashboard says how many.
"""
import logging
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ..accounts.models import User
from ..config import LANGUAGES
from ..database import write_transaction
from ..extensions import db
from ..mail import send_mail
from ..models_base import utcnow
from ..tasks import task
from .dashboard import COMPLETED, OVERDUE, PASSED, CohortLearner, Dashboard, cohort_dashboard
from .models import Cohort, Reminder

logger = logging.getLogger(__name__)

# A module due within this many days is "due soon" in the mail.
DUE_SOON = timedelta(days=7)
# A mail server that refuses is tried again after 1, 2, 4 ... 128 minutes: about four hours in all.
MAIL_RETRIES = 8
MAIL_RETRY_DELAY = 60


class RemindersNotSent(RuntimeError):
    """Some reminders could not be handed to the mail server; the task is retried for them."""


@dataclass
class ReminderPlan:
    """What pressing the button would do now, for the learners who need help."""

    to_mail: list[int]
    without_email: int
    reminded_today: int


def reminder_plan(board: Dashboard, today: date) -> ReminderPlan:
    """Who would get a reminder today (one query): needing help, with an address, not reminded today."""
    # Every learner who needs help: the dashboard's board holds only the first ones with their reasons.
    ids = board.needs_help_ids
    if not ids:
        return ReminderPlan([], 0, 0)
    rows = db.session.execute(
        db.select(User.id, User.email.is_not(None).label("has_email"), Reminder.id.is_not(None).label("reminded"))
        .outerjoin(Reminder, (Reminder.user_id == User.id) & (Reminder.cohort_id == board.cohort.id)
                   & (Reminder.sent_on == today))
        .where(User.id.in_(ids))
    ).all()
    return ReminderPlan(to_mail=[r.id for r in rows if r.has_email and not r.reminded],
                        without_email=sum(1 for r in rows if not r.has_email and not r.reminded),
                        reminded_today=sum(1 for r in rows if r.reminded))


def queue_reminders(board: Dashboard, today: date) -> int:
    """Record today's reminder for every learner of the plan; returns how many are new.

    The caller then queues `send_reminders` (after this commit).
    """
    try:
        with write_transaction() as session:
            plan = reminder_plan(board, today)
            session.add_all(Reminder(cohort_id=board.cohort.id, user_id=user_id, sent_on=today)
                            for user_id in plan.to_mail)
    except IntegrityError:
        # Another press of the button got there first (PostgreSQL; SQLite takes turns).
        db.session.rollback()
        return 0
    return len(plan.to_mail)


@task(retries=MAIL_RETRIES, retry_delay=MAIL_RETRY_DELAY, retry_backoff=2)
def send_reminders(cohort_id: int, day: str, course_url: str) -> int:
    """Mail the reminders of the cohort recorded for `day` (ISO date) and not sent yet; returns how many went out.

    `course_url` is the course's address as the facilitator's request saw
    it. Raises RemindersNotSent (and is retried) if the mail server refused
    any; those sent stay sent.
    """
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        return 0
    waiting = db.session.execute(
        db.select(Reminder.id, Reminder.user_id, User.email, User.locale, User.deleted_at)
        .join(User, User.id == Reminder.user_id)
        .where(Reminder.cohort_id == cohort_id, Reminder.sent_on == date.fromisoformat(day),
               Reminder.sent_at.is_(None))
        .order_by(Reminder.id)).all()
    if not waiting:
        return 0
    board = cohort_dashboard(cohort, utcnow())
    learners = {learner.user_id: learner for learner in board.learners}
    sent = failed = 0
    for row in waiting:
        learner = learners.get(row.user_id)
        if row.email is None or row.deleted_at is not None or learner is None:
            # The address was removed, the account deleted, or the learner left: nobody to mail.
            with write_transaction() as session:
                session.execute(db.delete(Reminder).where(Reminder.id == row.id, Reminder.sent_at.is_(None)))
            continue
        if not _claim(row.id):
            continue  # another run of the task has it
        language = row.locale if row.locale in LANGUAGES else cohort.language
        with force_locale(language):
            subject, body = reminder_message(learner, board, course_url, language)
        try:
            send_mail(row.email, subject, body)
        except Exception:
            logger.warning("reminder %s not sent", row.id, exc_info=True)
            _release(row.id)
            failed += 1
        else:
            sent += 1
    if failed:
        raise RemindersNotSent(f"{failed} reminder(s) of cohort {cohort_id} not sent; {sent} sent")
    return sent


def _claim(reminder_id: int) -> bool:
    with write_transaction() as session:
        claimed = session.execute(db.update(Reminder).where(Reminder.id == reminder_id, Reminder.sent_at.is_(None))
                                  .values(sent_at=utcnow()))
    return claimed.rowcount == 1


def _release(reminder_id: int) -> None:
    with write_transaction() as session:
        session.execute(db.update(Reminder).where(Reminder.id == reminder_id).values(sent_at=None))


def reminder_message(learner: CohortLearner, board: Dashboard, course_url: str, language: str) -> tuple[str, str]:
    """The subject and plain-text body of a learner's reminder, in the current (forced) locale."""
    version = board.version

    def title(item) -> str:
        return item.titles.get(language) or item.titles.get(version.default_language) or item.slug

    course = version.titles.get(language) or version.titles.get(version.default_language) or board.course.slug
    overdue, due_soon = [], []
    for module in board.modules:
        dates = board.schedule.get(module.slug)
        status = learner.statuses.get(module.slug)
        if dates is None or dates.due_on is None or status in (COMPLETED, PASSED):
            continue
        line = _("- %(module)s (due on %(date)s)", module=title(module), date=format_date(dates.due_on, "long"))
        if status == OVERDUE:
            overdue.append(line)
        elif dates.due_on - board.today <= DUE_SOON:
            due_soon.append(line)
    lines = [_("Hello %(name)s,", name=learner.display_name or learner.username), "",
             _("Your facilitator sends you this reminder about the course \"%(course)s\".", course=course), ""]
    if overdue:
        lines += [_("Overdue:")] + overdue + [""]
    if due_soon:
        lines += [_("Due soon:")] + due_soon + [""]
    if not overdue and not due_soon:
        lines += [_("Take a few minutes to continue where you left off."), ""]
    lines += [_("Continue the course: %(url)s", url=course_url), "",
              _("You receive this message because you take this course in a cohort. "
                "If you need help, ask your facilitator: this address does not read replies.")]
    return _("Reminder: %(course)s", course=course), "\n".join(lines)
