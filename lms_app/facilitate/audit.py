"""The log of who looked at whose answers, and of who gave or took away access to a cohort's learners, for an admin."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import aliased

from ..accounts.models import User
from ..extensions import db
from .models import AuditEntry, Cohort

VIEWED_ANSWERS = "viewed_answers"
# A co-facilitator sees every learner of the cohort and their answers: who
# granted or ended that is as much the admin's business as who looked.
ADDED_FACILITATOR = "added_facilitator"
REMOVED_FACILITATOR = "removed_facilitator"
FACILITATION_CHANGES = (ADDED_FACILITATOR, REMOVED_FACILITATOR)
PAGE_SIZE = 100


def record(session, actor_id: int, action: str, cohort_id: int | None, subject_user_id: int | None) -> None:
    """Add an entry in the caller's transaction."""
    session.add(AuditEntry(actor_id=actor_id, action=action, cohort_id=cohort_id, subject_user_id=subject_user_id,
                           detail={}))


@dataclass
class AuditLine:
    created_at: datetime
    action: str
    actor: str
    cohort: str
    subject: str


def audit_lines(page: int) -> tuple[list[AuditLine], bool]:
    """The newest entries first, a page at a time (one query); True if there is a next page."""
    actor, subject = aliased(User), aliased(User)
    rows = db.session.execute(
        db.select(AuditEntry.created_at, AuditEntry.action, actor.username, Cohort.name, subject.username)
        .outerjoin(actor, actor.id == AuditEntry.actor_id)
        .outerjoin(subject, subject.id == AuditEntry.subject_user_id)
        .outerjoin(Cohort, Cohort.id == AuditEntry.cohort_id)
        .order_by(AuditEntry.id.desc())
        .limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)
    ).all()
    return [AuditLine(*row) for row in rows[:PAGE_SIZE]], len(rows) > PAGE_SIZE
