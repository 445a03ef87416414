"""Finding published blocks and building runtimes for them."""
from dataclasses import dataclass

from sqlalchemy import and_, bindparam

from sqlalchemy.engine import Row

from ..catalog.models import Block, Course, CourseVersion
from ..catalog.published import published_version
from ..extensions import db
from ..learn.models import Enrollment
from .field_data import load_state_rows
from .runtime import BlockDefinition, LmsRuntime


def block_definition(block: Block | Row, language: str, default_language: str) -> BlockDefinition:
    """The block's authored fields in `language`, else in the course's default language."""
    content = block.content.get(language) or block.content.get(default_language) or {}
    return BlockDefinition(block.usage_id, block.block_type, {**block.settings, **content})


# Built once: every module page and every submission runs it, and building
# the statement cost as much as running it.
_CURRENT_VERSION_WITH_ENROLLMENT = (
    db.select(Course, CourseVersion, Enrollment)
    .join(CourseVersion, Course.current_version_id == CourseVersion.id)
    .outerjoin(Enrollment, and_(Enrollment.course_id == Course.id, Enrollment.user_id == bindparam("user_id")))
    .where(Course.slug == bindparam("course_slug"))
)


def current_version_with_enrollment(course_slug: str, user_id: int):
    """(course, its current version, the user's enrolment or None), in one query; None if unpublished."""
    return db.session.execute(_CURRENT_VERSION_WITH_ENROLLMENT,
                              {"course_slug": course_slug, "user_id": user_id}).first()


@dataclass
class PublishedBlock:
    block: Row  # read-only rows of the published version (catalog.published)
    module: Row
    version: CourseVersion
    course: Course
    enrollment: Enrollment | None


def find_published_block(usage_id: str, user_id: int) -> PublishedBlock | None:
    """The block in its course's current version, with the user's enrolment (one query, blocks from memory).

    A usage id starts with its course's slug ("course/module/quiz", see
    courses/loader.py), so an id of an older version or of no course is not found.
    """
    found = current_version_with_enrollment(usage_id.partition("/")[0], user_id)
    if found is None:
        return None
    course, version, enrollment = found
    located = published_version(version).block(usage_id)
    if located is None:
        return None
    block, module = located
    return PublishedBlock(block, module, version, course, enrollment)


def runtime_for_blocks(user, language: str, default_language: str, blocks: list[Block] | tuple[Row, ...], *,
                       for_update: bool = False) -> LmsRuntime:
    """A runtime for these blocks with the user's state loaded in one query."""
    definitions = [block_definition(b, language, default_language) for b in blocks]
    rows = load_state_rows(user.id, [b.usage_id for b in blocks], for_update=for_update)
    return LmsRuntime(user, language, definitions, rows)
