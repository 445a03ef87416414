"""Finding published blocks and building runtimes for them."""
from dataclasses import dataclass

from sqlalchemy import and_

from ..catalog.models import Block, Course, CourseVersion, Module
from ..extensions import db
from ..learn.models import Enrollment
from .field_data import load_state_rows
from .runtime import BlockDefinition, LmsRuntime


def block_definition(block: Block, language: str, default_language: str) -> BlockDefinition:
    """The block's authored fields in `language`, else in the course's default language."""
    content = block.content.get(language) or block.content.get(default_language) or {}
    return BlockDefinition(block.usage_id, block.block_type, {**block.settings, **content})


@dataclass
class PublishedBlock:
    block: Block
    module: Module
    version: CourseVersion
    course: Course
    enrollment: Enrollment | None


def find_published_block(usage_id: str, user_id: int) -> PublishedBlock | None:
    """The block in its course's current version, with the user's enrolment, in one query."""
    row = db.session.execute(
        db.select(Block, Module, CourseVersion, Course, Enrollment)
        .join(Module, Block.module_id == Module.id)
        .join(CourseVersion, Module.version_id == CourseVersion.id)
        .join(Course, Course.current_version_id == CourseVersion.id)
        .outerjoin(Enrollment, and_(Enrollment.course_id == Course.id, Enrollment.user_id == user_id))
        .where(Block.usage_id == usage_id)
    ).first()
    return PublishedBlock(*row) if row else None


def runtime_for_blocks(user, language: str, default_language: str, blocks: list[Block], *,
                       for_update: bool = False) -> LmsRuntime:
    """A runtime for these blocks with the user's state loaded in one query."""
    definitions = [block_definition(b, language, default_language) for b in blocks]
    rows = load_state_rows(user.id, [b.usage_id for b in blocks], for_update=for_update)
    return LmsRuntime(user, language, definitions, rows)
