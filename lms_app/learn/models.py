"""Learning records: enrolments, progress per module, and every attempt.

Progress is keyed on (learner, course, module slug) and attempts on usage
ids, never on a course version, so a re-published course keeps them.
"""
from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..extensions import db
from ..models_base import utcnow


class Enrollment(db.Model):
    __tablename__ = "enrollment"
    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohort.id", ondelete="SET NULL"), nullable=True, index=True
    )
    enrolled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_activity_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_module_slug: Mapped[str | None] = mapped_column(String(64), nullable=True)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    max_score: Mapped[float] = mapped_column(Float, default=0.0)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    passed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    user: Mapped[User] = relationship()


class ModuleProgress(db.Model):
    __tablename__ = "module_progress"
    __table_args__ = (UniqueConstraint("user_id", "course_id", "module_slug"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    module_slug: Mapped[str] = mapped_column(String(64))
    viewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    answered_count: Mapped[int] = mapped_column(Integer, default=0)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    max_score: Mapped[float] = mapped_column(Float, default=0.0)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    passed: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Attempt(db.Model):
    """One submission to a block, stored exactly once.

    The UNIQUE (user, idempotency key) constraint is what makes a replayed
    or double-clicked submission harmless, whatever the code above it does.
    """

    __tablename__ = "attempt"
    __table_args__ = (
        UniqueConstraint("user_id", "idempotency_key"),
        # A submission reads the learner's latest attempt at each question of
        # the module (learn/progress.py); with an index on user_id alone that
        # read every attempt the learner ever made (bench/bench_submission.py).
        # Queries by user_id alone use this index's first column.
        Index("ix_attempt_user_id_usage_id_id", "user_id", "usage_id", "id"),
        # A cohort's answers in its course (facilitate/item_analysis.py, pre_post.py): each learner's own,
        # by question, not every attempt of every cohort that ever took the course. Queries by course_id
        # alone use this index's first column.
        Index("ix_attempt_course_id_user_id_usage_id", "course_id", "user_id", "usage_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    module_slug: Mapped[str] = mapped_column(String(64))
    usage_id: Mapped[str] = mapped_column(String(200), index=True)
    quiz_id: Mapped[str] = mapped_column(String(64))
    idempotency_key: Mapped[str] = mapped_column(String(64))
    answer: Mapped[object] = mapped_column(JSON, nullable=True)
    # None for ungraded blocks (poll, reflection).
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    max_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    correct: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    # The JSON the handler answered, returned as is to a replay.
    response: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    # "online", or "paper" for a score a facilitator entered.
    source: Mapped[str] = mapped_column(String(8), default="online")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
