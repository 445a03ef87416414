"""XBlock field data: one row per (scope, user, usage id, field name)."""
from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models_base import utcnow


class XBlockField(db.Model):
    __tablename__ = "xblock_field"
    # '' rather than NULL in the key columns: NULLs are distinct in a UNIQUE
    # constraint, so two rows for "no user" would both be allowed.
    __table_args__ = (UniqueConstraint("scope", "user_key", "usage_id", "field_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(32))
    user_key: Mapped[str] = mapped_column(String(32), default="", index=True)
    usage_id: Mapped[str] = mapped_column(String(200), default="")
    field_name: Mapped[str] = mapped_column(String(64))
    value: Mapped[object] = mapped_column(JSON, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
