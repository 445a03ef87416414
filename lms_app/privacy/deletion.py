"""Deleting an account: everything personal goes, the counts of cohorts and courses stay.

The user row is kept but emptied, and so are the rows that only link to it
(enrolments, module progress, attempt scores, memberships, attendance,
offline scores): a cohort's "20 learners, 15 completed" and its pre/post
averages stay true, and none of it can be tied to a person any more. What
the learner wrote (answers, block state, the name on a certificate) is
deleted. A certificate keeps its code, course and date so that an employer
can still verify it.
"""
import secrets

from ..accounts.models import User
from ..certificates.models import Certificate
from ..database import write_transaction
from ..extensions import db
from ..facilitate.models import AuditEntry, Reminder
from ..learn.models import Attempt
from ..models_base import utcnow
from ..xblock_runtime.models import XBlockField

# Not an argon2 hash: verification fails on it (InvalidHashError) whatever
# the password typed, so the account can never be signed in to again.
UNUSABLE_PASSWORD = "!deleted"


def delete_account(user: User) -> None:
    """Erase the person behind `user` in one transaction and end all their sessions."""
    user_id = user.id
    with write_transaction() as session:
        session.execute(db.delete(XBlockField).where(XBlockField.user_key == str(user_id)))
        session.execute(db.update(Attempt).where(Attempt.user_id == user_id).values(answer=None, response=None))
        session.execute(db.update(Certificate).where(Certificate.user_id == user_id)
                        .values(name_on_certificate="", user_id=None))
        # The log of who looked at these answers stays (facilitators are
        # accountable for it); only its free-form detail is cleared.
        session.execute(db.update(AuditEntry).where(AuditEntry.subject_user_id == user_id).values(detail={}))
        # Which days they were reminded: about them only, and no count depends on it.
        session.execute(db.delete(Reminder).where(Reminder.user_id == user_id))
        user.username = f"deleted-{secrets.token_hex(8)}"
        user.display_name = ""
        user.email = None
        user.organisation_type = None
        user.work_role = None
        user.country = None
        user.locale = None
        user.is_author = False
        user.is_admin = False
        user.is_facilitator = False
        user.password_hash = UNUSABLE_PASSWORD
        user.revoke_sessions()
        user.deleted_at = utcnow()
