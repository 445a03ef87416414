"""Cohorts: creating them, who may see them, joining with a code, co-facilitators, archiving.

Access is decided inside the queries: a cohort id that is not one of the
facilitator's own finds nothing, exactly like an id that does not exist.
"""
import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import true
from sqlalchemy.exc import IntegrityError

from ..accounts.models import User
from ..accounts.service import find_user
from ..catalog.models import Course, CourseVersion
from ..database import write_transaction
from ..extensions import db
from ..learn.models import Enrollment
from ..models_base import utcnow
from . import audit
from .models import FACILITATOR, LEARNER, Cohort, CohortMembership

# No 0/O, 1/I/L: codes are read aloud and copied from a whiteboard.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8


class CohortError(ValueError):
    """A refused cohort operation; `code` names the reason, the view words it."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(code: str) -> str:
    """What the learner typed, without spaces or dashes, in capitals."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[:16]


def may_create_cohorts(user: User) -> bool:
    return bool(user.is_authenticated and (user.is_facilitator or user.is_admin))


def create_cohort(creator: User, course: Course, name: str, language: str,
                  starts_on: date | None, ends_on: date | None) -> Cohort:
    """A new cohort with `creator` as its facilitator and a fresh join code."""
    if starts_on and ends_on and ends_on < starts_on:
        raise CohortError("dates_reversed")
    for _ in range(5):  # a code collision is rare; the UNIQUE constraint decides
        try:
            with write_transaction() as session:
                cohort = Cohort(course_id=course.id, name=" ".join(name.split())[:120], language=language,
                                starts_on=starts_on, ends_on=ends_on, join_code=new_join_code(),
                                created_by_id=creator.id, inactive_days=7)
                cohort.memberships.append(CohortMembership(user_id=creator.id, role=FACILITATOR))
                session.add(cohort)
            return cohort
        except IntegrityError:
            continue
    raise CohortError("code_exhausted")


def learner_ids(cohort: Cohort):
    """The ids of the cohort's learners, as a subquery for `user_id.in_(...)`."""
    return db.select(CohortMembership.user_id).where(
        CohortMembership.cohort_id == cohort.id, CohortMembership.role == LEARNER).scalar_subquery()


def _facilitated_by(user: User):
    """The condition "`user` may run this cohort", for a query on Cohort."""
    if user.is_admin:
        return true()
    return Cohort.id.in_(db.select(CohortMembership.cohort_id).where(
        CohortMembership.user_id == user.id, CohortMembership.role == FACILITATOR))


@dataclass
class CohortListing:
    cohort: Cohort
    course_slug: str
    course_titles: dict
    default_language: str
    learner_count: int

    def course_title(self, language: str) -> str:
        return self.course_titles.get(language) or self.course_titles.get(self.default_language) or self.course_slug


def facilitated_cohorts(user: User) -> list[CohortListing]:
    """The cohorts `user` runs (every cohort for an admin), newest first, with their sizes: one query."""
    learners = (db.select(db.func.count(CohortMembership.id))
                .where(CohortMembership.cohort_id == Cohort.id, CohortMembership.role == LEARNER)
                .scalar_subquery())
    rows = db.session.execute(
        db.select(Cohort, Course.slug, CourseVersion.titles, CourseVersion.default_language, learners)
        .join(Course, Course.id == Cohort.course_id)
        .outerjoin(CourseVersion, CourseVersion.id == Course.current_version_id)
        .where(_facilitated_by(user))
        .order_by(Cohort.archived_at.is_not(None), Cohort.created_at.desc())
    ).all()
    return [CohortListing(c, slug, titles or {}, lang or "en", n or 0) for c, slug, titles, lang, n in rows]


def facilitated_cohort(cohort_id: int, user: User) -> Cohort | None:
    """The cohort if `user` facilitates it (or is an admin), else None, whether or not it exists."""
    return db.session.scalar(db.select(Cohort).where(Cohort.id == cohort_id, _facilitated_by(user)))


def cohort_facilitators(cohort: Cohort) -> list[User]:
    """The cohort's facilitators with an account: a deleted one keeps its membership row, emptied, and is not listed."""
    return list(db.session.scalars(
        db.select(User).join(CohortMembership, CohortMembership.user_id == User.id)
        .where(CohortMembership.cohort_id == cohort.id, CohortMembership.role == FACILITATOR,
               User.deleted_at.is_(None))
        .order_by(User.display_name)))


def add_facilitator(cohort: Cohort, username: str, actor_id: int) -> User:
    """Make an existing account a co-facilitator of the cohort, on `actor_id`'s word (audited)."""
    user = find_user(username)
    if user is None or user.deleted_at is not None:
        raise CohortError("unknown_user")
    with write_transaction() as session:
        membership = session.scalar(db.select(CohortMembership).where(
            CohortMembership.cohort_id == cohort.id, CohortMembership.user_id == user.id))
        if membership is not None and membership.role == LEARNER:
            raise CohortError("is_learner")
        if membership is None:
            session.add(CohortMembership(cohort_id=cohort.id, user_id=user.id, role=FACILITATOR))
            audit.record(session, actor_id, audit.ADDED_FACILITATOR, cohort.id, user.id)
    return user


def remove_facilitator(cohort: Cohort, user_id: int, actor_id: int) -> User:
    """End `user_id`'s facilitation of the cohort (added by mistake, or leaving it), on `actor_id`'s word (audited).

    Refused when it would leave the cohort with no facilitator who has an
    account: its learners' progress would then be visible to admins only.
    The cohort row is locked first (PostgreSQL; SQLite's write lock does the
    same), so that two facilitators removing each other at the same moment
    cannot both succeed.
    """
    with write_transaction() as session:
        session.scalar(db.select(Cohort.id).where(Cohort.id == cohort.id).with_for_update())
        facilitators = session.execute(
            db.select(CohortMembership, User).join(User, User.id == CohortMembership.user_id)
            .where(CohortMembership.cohort_id == cohort.id, CohortMembership.role == FACILITATOR,
                   User.deleted_at.is_(None))).all()
        leaving = next(((membership, user) for membership, user in facilitators if user.id == user_id), None)
        if leaving is None:
            raise CohortError("not_facilitator")
        if len(facilitators) == 1:
            raise CohortError("last_facilitator")
        session.delete(leaving[0])
        audit.record(session, actor_id, audit.REMOVED_FACILITATOR, cohort.id, user_id)
    return leaving[1]


def set_archived(cohort: Cohort, archived: bool) -> None:
    """Archive (or reopen) a cohort. Learners keep their progress and certificates either way."""
    with write_transaction():
        cohort.archived_at = utcnow() if archived else None


def update_cohort(cohort: Cohort, name: str, language: str, starts_on: date | None, ends_on: date | None,
                  inactive_days: int) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise CohortError("dates_reversed")
    with write_transaction():
        cohort.name = " ".join(name.split())[:120]
        cohort.language = language
        cohort.starts_on = starts_on
        cohort.ends_on = ends_on
        cohort.inactive_days = inactive_days


def cohort_by_code(code: str) -> Cohort | None:
    key = normalise_join_code(code)
    if not key:
        return None
    return db.session.scalar(db.select(Cohort).where(Cohort.join_code == key, Cohort.archived_at.is_(None)))


def add_learner(session, cohort: Cohort, user_id: int) -> str:
    """Put a learner in the cohort and enrol them in its course, in the caller's transaction.

    Returns "joined", "already" (nothing to do) or raises CohortError
    ("is_facilitator", "other_cohort"). A learner already enrolled on their
    own joins the cohort with their progress.
    """
    membership = session.scalar(db.select(CohortMembership).where(
        CohortMembership.cohort_id == cohort.id, CohortMembership.user_id == user_id))
    if membership is not None and membership.role == FACILITATOR:
        raise CohortError("is_facilitator")
    enrollment = session.scalar(db.select(Enrollment).where(
        Enrollment.user_id == user_id, Enrollment.course_id == cohort.course_id))
    if enrollment is not None and enrollment.cohort_id not in (None, cohort.id):
        raise CohortError("other_cohort")
    if membership is not None and enrollment is not None and enrollment.cohort_id == cohort.id:
        return "already"
    if membership is None:
        session.add(CohortMembership(cohort_id=cohort.id, user_id=user_id, role=LEARNER))
    if enrollment is None:
        session.add(Enrollment(user_id=user_id, course_id=cohort.course_id, cohort_id=cohort.id))
    else:
        enrollment.cohort_id = cohort.id
    session.flush()
    return "joined"


def join_cohort(user: User, code: str) -> tuple[Cohort, str]:
    """The learner joins the cohort with this code: ("joined"|"already"), or CohortError."""
    cohort = cohort_by_code(code)
    if cohort is None:
        raise CohortError("unknown_code")
    try:
        with write_transaction() as session:
            outcome = add_learner(session, cohort, user.id)
    except IntegrityError:
        # A double click raced with itself: the first request joined.
        db.session.rollback()
        return cohort, "already"
    return cohort, outcome
