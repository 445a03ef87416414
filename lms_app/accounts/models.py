"""Accounts: who can sign in, and what the site may know about them.

Learners are aid workers whose identity can put them at risk: we keep a
username, a display name, a password hash and optional, coarse profile data
(organisation type, role, country), nothing else.
"""
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, Integer, String, and_
from sqlalchemy.orm import Mapped, column_property, mapped_column

from ..extensions import db
from ..facilitate.models import FACILITATOR, CohortMembership
from ..models_base import utcnow


def new_session_token() -> str:
    return secrets.token_urlsafe(16)


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Stored NFKC-normalised and case-folded so that look-alike usernames
    # cannot coexist; shown as typed in display_name.
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str | None] = mapped_column(String(254), unique=True, nullable=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str | None] = mapped_column(String(5), nullable=True)
    organisation_type: Mapped[str | None] = mapped_column(String(32), nullable=True)
    work_role: Mapped[str | None] = mapped_column(String(32), nullable=True)
    country: Mapped[str | None] = mapped_column(String(2), nullable=True)
    is_author: Mapped[bool] = mapped_column(Boolean, default=False)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    # May create cohorts; within a cohort, facilitators are its memberships.
    is_facilitator: Mapped[bool] = mapped_column(Boolean, default=False)
    # Set on accounts a facilitator created with a printed one-time password.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    # Part of the id Flask-Login keeps in the session cookie: changing it
    # signs out every session of this user (password change, revocation).
    session_token: Mapped[str] = mapped_column(String(32), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Set when the learner deleted their account: the row stays, emptied of
    # everything personal, so that cohort counts stay right.
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Whether the person runs at least one cohort, as its creator or as a
    # co-facilitator without is_facilitator. The header shows "My cohorts" on
    # every page, so this is read in the SELECT that loads the user (an EXISTS
    # served by ix_cohort_membership_user_id), not by a query per page. Read
    # through `facilitates_a_cohort`, which cannot be assigned: the value
    # comes from the memberships only. Kept when the user's own row is
    # flushed (locale, password): that changes no membership, and reloading
    # it would cost a query in the request that saved.
    _facilitates_a_cohort: Mapped[bool] = column_property(
        and_(deleted_at.is_(None),
             db.select(CohortMembership.id)
             .where(CohortMembership.user_id == id, CohortMembership.role == FACILITATOR)
             .correlate_except(CohortMembership).exists()),
        expire_on_flush=False)

    @property
    def facilitates_a_cohort(self) -> bool:
        """Whether this account facilitates at least one cohort (archived ones included)."""
        return bool(self._facilitates_a_cohort)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def revoke_sessions(self) -> None:
        """Invalidate every session of this user, the current one included."""
        self.session_token = new_session_token()

    def __repr__(self) -> str:
        return f"<User {self.id} {self.username}>"
