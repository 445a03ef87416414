"""Publishing: a validated course model from `courses/` becomes a stored course version.

Rendering happened in `courses/` already; here the results are stored, in
one transaction, and only when the content changed: re-publishing the same
files writes nothing.
"""
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..database import write_transaction
from ..extensions import db
from .models import Block, Course, CourseVersion, Module, ModulePage


@dataclass
class PublishOutcome:
    slug: str
    status: str  # "created", "updated", "unchanged" or "restored"
    version_id: int


def media_url(course_slug: str, filename: str) -> str:
    """Where a course's media file is served (rewritten into pages at publish time)."""
    return f"/media/{course_slug}/{filename}"


def _store_version(course: Course, model) -> CourseVersion:
    version = CourseVersion(
        course=course,
        content_hash=model.content_hash,
        version_label=str(model.version or ""),
        titles=dict(model.titles),
        summaries=dict(model.summaries),
        audiences=dict(model.audiences),
        level=model.level,
        languages=list(model.languages),
        default_language=model.default_language,
        pass_mark=float(model.pass_mark),
        pre_test_slug=model.pre_test,
        post_test_slug=model.post_test,
        grants_certificate=bool(model.certificate),
        duration_minutes=int(model.duration_minutes),
        cpms_standards=sorted(model.cpms_standards),
    )
    for position, module_model in enumerate(model.modules):
        blocks = [
            Block(
                usage_id=b.usage_id, quiz_id=b.quiz_id, block_type=b.block_type, position=index,
                graded=bool(b.graded), weight=float(b.weight), settings=dict(b.settings),
                content={lang: dict(fields) for lang, fields in b.content_by_language.items()},
                cpms_standards=list(b.cpms_standards),
            )
            for index, b in enumerate(module_model.blocks)
        ]
        module = Module(
            slug=module_model.slug, position=position, role=module_model.role,
            titles=dict(module_model.titles), duration_minutes=int(module_model.duration_minutes),
            objectives={lang: list(items) for lang, items in module_model.objectives.items()},
            cpms_standards=list(module_model.cpms_standards),
            cpms_principles=list(module_model.cpms_principles),
            competencies=list(module_model.competencies),
            content_notes=dict(module_model.content_notes),
            pass_mark=float(module_model.pass_mark),
            max_score=float(sum(b.weight for b in blocks if b.graded)),
            graded_block_count=sum(1 for b in blocks if b.graded),
            blocks=blocks,
            pages=[
                ModulePage(language=lang, html=page.html, headings=list(page.headings),
                           source_hash=module_model.source_hashes.get(lang, ""), word_count=page.word_count)
                for lang, page in module_model.pages.items()
            ],
        )
        version.modules.append(module)
    return version


def publish_course(model) -> PublishOutcome:
    """Store `model` (a courses.CourseModel) as the course's current version, unless it already is."""
    course = db.session.scalar(db.select(Course).where(Course.slug == model.slug))
    if course is None:
        course = Course(slug=model.slug)
        db.session.add(course)
        db.session.flush()
    existing = db.session.scalar(db.select(CourseVersion).where(
        CourseVersion.course_id == course.id, CourseVersion.content_hash == model.content_hash))
    if existing is not None:
        if course.current_version_id == existing.id:
            return PublishOutcome(model.slug, "unchanged", existing.id)
        course.current_version_id = existing.id
        return PublishOutcome(model.slug, "restored", existing.id)
    status = "updated" if course.current_version_id else "created"
    version = _store_version(course, model)
    db.session.add(version)
    db.session.flush()
    course.current_version_id = version.id
    return PublishOutcome(model.slug, status, version.id)


def copy_media(model, media_root: Path) -> None:
    """Copy the course's media files where the LMS serves them from."""
    target = media_root / model.slug
    for name, source in model.media.items():
        destination = target / name
        if destination.exists() and destination.read_bytes() == Path(source).read_bytes():
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)


def publish_courses(models: list, media_root: Path) -> list[PublishOutcome]:
    """Publish several courses in one transaction: all of them or none."""
    with write_transaction():
        outcomes = [publish_course(model) for model in models]
    for model in models:
        copy_media(model, media_root)
    return outcomes
