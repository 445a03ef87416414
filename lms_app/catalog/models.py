"""The catalogue: published courses, their versions, modules, pages and blocks.

Everything here is written by `flask content publish` only; learners read
it. A course version is immutable: re-publishing changed content adds a new
version and points the course at it. Progress and block state are keyed on
module slugs and usage ids, which versions share, so they survive.
"""
from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_base import utcnow


class Course(db.Model):
    __tablename__ = "course"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("course_version.id", use_alter=True, ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    current_version: Mapped["CourseVersion | None"] = relationship(foreign_keys=[current_version_id])

    @property
    def is_published(self) -> bool:
        return self.current_version_id is not None


class CourseVersion(db.Model):
    __tablename__ = "course_version"
    __table_args__ = (UniqueConstraint("course_id", "content_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    version_label: Mapped[str] = mapped_column(String(32), default="")
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    titles: Mapped[dict] = mapped_column(JSON)
    summaries: Mapped[dict] = mapped_column(JSON, default=dict)
    audiences: Mapped[dict] = mapped_column(JSON, default=dict)
    level: Mapped[str] = mapped_column(String(16))
    languages: Mapped[list] = mapped_column(JSON)
    default_language: Mapped[str] = mapped_column(String(5))
    pass_mark: Mapped[float] = mapped_column(Float)
    pre_test_slug: Mapped[str | None] = mapped_column(String(64), nullable=True)
    post_test_slug: Mapped[str | None] = mapped_column(String(64), nullable=True)
    grants_certificate: Mapped[bool] = mapped_column(Boolean, default=False)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=0)
    cpms_standards: Mapped[list] = mapped_column(JSON, default=list)

    course: Mapped[Course] = relationship(foreign_keys=[course_id])
    modules: Mapped[list["Module"]] = relationship(
        back_populates="version", order_by="Module.position", cascade="all, delete-orphan"
    )


class Module(db.Model):
    __tablename__ = "module"
    __table_args__ = (UniqueConstraint("version_id", "slug"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("course_version.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    # "pre_test", "module" or "post_test"
    role: Mapped[str] = mapped_column(String(16), default="module")
    titles: Mapped[dict] = mapped_column(JSON)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=0)
    objectives: Mapped[dict] = mapped_column(JSON, default=dict)
    cpms_standards: Mapped[list] = mapped_column(JSON, default=list)
    cpms_principles: Mapped[list] = mapped_column(JSON, default=list)
    competencies: Mapped[list] = mapped_column(JSON, default=list)
    content_notes: Mapped[dict] = mapped_column(JSON, default=dict)
    pass_mark: Mapped[float] = mapped_column(Float)
    max_score: Mapped[float] = mapped_column(Float, default=0.0)
    graded_block_count: Mapped[int] = mapped_column(Integer, default=0)

    version: Mapped[CourseVersion] = relationship(back_populates="modules")
    pages: Mapped[list["ModulePage"]] = relationship(back_populates="module", cascade="all, delete-orphan")
    blocks: Mapped[list["Block"]] = relationship(
        back_populates="module", order_by="Block.position", cascade="all, delete-orphan"
    )


class ModulePage(db.Model):
    """A module rendered once, at publish time, in one language."""

    __tablename__ = "module_page"
    __table_args__ = (UniqueConstraint("module_id", "language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(5))
    html: Mapped[str] = mapped_column(Text)
    headings: Mapped[list] = mapped_column(JSON, default=list)
    source_hash: Mapped[str] = mapped_column(String(64), default="")
    word_count: Mapped[int] = mapped_column(Integer, default=0)

    module: Mapped[Module] = relationship(back_populates="pages")


class Block(db.Model):
    """A quiz block: its XBlock type and authored fields (see docs/blocks.md)."""

    __tablename__ = "block"
    __table_args__ = (UniqueConstraint("module_id", "quiz_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"), index=True)
    usage_id: Mapped[str] = mapped_column(String(200), index=True)
    quiz_id: Mapped[str] = mapped_column(String(64))
    block_type: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    graded: Mapped[bool] = mapped_column(Boolean, default=True)
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    # {language: {field name: value}} for content-scoped fields.
    content: Mapped[dict] = mapped_column(JSON, default=dict)
    cpms_standards: Mapped[list] = mapped_column(JSON, default=list)

    module: Mapped[Module] = relationship(back_populates="blocks")
