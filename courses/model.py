"""The course model: what a course folder becomes once loaded and rendered."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .messages import Message
from .quiz import Quiz


@dataclass
class BlockModel:
    """One quiz: its XBlock type and field values (docs/blocks.md)."""

    quiz_id: str
    usage_id: str
    block_type: str
    graded: bool
    weight: float
    settings: dict
    content_by_language: dict[str, dict]
    cpms_standards: list[int]
    line: int
    # The parsed markdown of each language, for exports (GIFT) that need the
    # author's text rather than rendered HTML.
    sources: dict[str, Quiz] = field(default_factory=dict, repr=False)


@dataclass
class PageModel:
    """A module page in one language: sanitised HTML with block placeholders."""

    language: str
    html: str
    headings: list[dict]
    word_count: int


@dataclass
class ModuleModel:
    """One module (or the pre-test / post-test) in every language it has."""

    slug: str
    number: int
    role: str  # "pre_test" | "module" | "post_test"
    titles: dict[str, str]
    duration_minutes: int
    objectives: dict[str, list[str]]
    cpms_standards: list[int]
    cpms_principles: list[int]
    competencies: list[str]
    pass_mark: int
    content_notes: dict[str, str]
    pages: dict[str, PageModel]
    source_hashes: dict[str, str]
    blocks: list[BlockModel]


@dataclass
class CourseModel:
    """A whole course, validated and rendered, ready to publish."""

    slug: str
    titles: dict[str, str]
    summaries: dict[str, str]
    audiences: dict[str, str]
    level: str
    languages: list[str]
    default_language: str
    pass_mark: int
    pre_test: str | None
    post_test: str | None
    certificate: bool
    version: str
    content_hash: str
    modules: list[ModuleModel]
    duration_minutes: int
    cpms_standards: list[int]
    media: dict[str, Path]

    def module(self, slug: str) -> ModuleModel | None:
        """The module with this slug, or None."""
        return next((m for m in self.modules if m.slug == slug), None)


@dataclass
class LoadResult:
    """The outcome of loading a course: the model (None on errors) and the messages."""

    course: CourseModel | None
    messages: list[Message] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.course is not None
