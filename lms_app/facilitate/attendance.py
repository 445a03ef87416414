"""Face-to-face sessions of a cohort and who attended them."""
from datetime import date

from ..database import write_transaction
from ..extensions import db
from .models import Attendance, Cohort, CohortSession


def cohort_sessions(cohort: Cohort) -> list[tuple[CohortSession, int]]:
    """The sessions, most recent first, each with the number of learners present (one query)."""
    present = (db.select(db.func.count(Attendance.id))
               .where(Attendance.session_id == CohortSession.id, Attendance.present.is_(True))
               .scalar_subquery())
    return [(s, n or 0) for s, n in db.session.execute(
        db.select(CohortSession, present).where(CohortSession.cohort_id == cohort.id)
        .order_by(CohortSession.held_on.desc(), CohortSession.id.desc()))]


def add_session(cohort: Cohort, title: str, held_on: date) -> CohortSession:
    with write_transaction() as session:
        row = CohortSession(cohort_id=cohort.id, title=" ".join(title.split())[:120], held_on=held_on)
        session.add(row)
    return row


def cohort_session(cohort: Cohort, session_id: int) -> CohortSession | None:
    """The session if it belongs to this cohort; another cohort's session id finds nothing."""
    return db.session.scalar(db.select(CohortSession).where(
        CohortSession.id == session_id, CohortSession.cohort_id == cohort.id))


def present_learners(cohort_session: CohortSession) -> set[int]:
    return set(db.session.scalars(db.select(Attendance.user_id).where(
        Attendance.session_id == cohort_session.id, Attendance.present.is_(True))))


def record_attendance(cohort_session: CohortSession, learner_ids: set[int], present_ids: set[int]) -> None:
    """Set who was present among the cohort's learners; posting the same form twice changes nothing."""
    present_ids = present_ids & learner_ids
    with write_transaction() as session:
        rows = {row.user_id: row for row in session.scalars(
            db.select(Attendance).where(Attendance.session_id == cohort_session.id))}
        for user_id in learner_ids:
            row = rows.get(user_id)
            if row is None:
                row = Attendance(session_id=cohort_session.id, user_id=user_id)
                session.add(row)
            row.present = user_id in present_ids
