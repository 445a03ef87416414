"""A module page for one learner: the stored HTML with each quiz slot filled by its block.

The markdown was rendered at publish time; here we only load the page, the
blocks and the learner's state (a fixed number of queries whatever the
number of questions) and let each block render its current state.
"""
from dataclasses import dataclass, field

from markupsafe import Markup

from ..catalog.models import Block, Course, CourseVersion, Module, ModulePage
from ..extensions import db
from ..xblock_runtime.bundles import bundle_url
from ..xblock_runtime.loading import runtime_for_blocks
from ..xblock_runtime.runtime import fragment_resource_urls
from .models import Enrollment

SLOT = '<div class="xblock-slot" data-usage-id="{usage_id}"></div>'


class NotFound(Exception):
    """No published course or module with these slugs."""


@dataclass
class ModuleView:
    course: Course
    version: CourseVersion
    module: Module
    modules: list[Module]
    enrollment: Enrollment | None
    page: ModulePage | None = None
    fallback: bool = False
    html: Markup = Markup("")
    css_url: str | None = None
    js_url: str | None = None
    previous: Module | None = None
    next: Module | None = None
    block_count: int = 0
    extras: dict = field(default_factory=dict)


def load_module(course_slug: str, module_slug: str, user_id: int) -> ModuleView:
    """The course's current version with all its modules, and the learner's enrolment (two queries)."""
    rows = db.session.execute(
        db.select(Module, CourseVersion, Course)
        .join(CourseVersion, Module.version_id == CourseVersion.id)
        .join(Course, Course.current_version_id == CourseVersion.id)
        .where(Course.slug == course_slug)
        .order_by(Module.position)
    ).all()
    modules = [row[0] for row in rows]
    current = next((m for m in modules if m.slug == module_slug), None)
    if current is None:
        raise NotFound(module_slug)
    version, course = rows[0][1], rows[0][2]
    enrollment = db.session.scalar(db.select(Enrollment).where(
        Enrollment.course_id == course.id, Enrollment.user_id == user_id))
    index = modules.index(current)
    return ModuleView(
        course=course, version=version, module=current, modules=modules, enrollment=enrollment,
        previous=modules[index - 1] if index > 0 else None,
        next=modules[index + 1] if index + 1 < len(modules) else None,
    )


def render_module(view: ModuleView, user, language: str) -> ModuleView:
    """Fill `view` with the page in `language` (or the default language) and its blocks rendered."""
    default = view.version.default_language
    pages = {p.language: p for p in db.session.scalars(db.select(ModulePage).where(
        ModulePage.module_id == view.module.id, ModulePage.language.in_({language, default})))}
    view.page = pages.get(language) or pages.get(default)
    view.fallback = language not in pages
    blocks = list(db.session.scalars(
        db.select(Block).where(Block.module_id == view.module.id).order_by(Block.position)))
    view.block_count = len(blocks)
    html = view.page.html if view.page else ""
    if blocks:
        runtime = runtime_for_blocks(user, language, default, blocks)
        fragments = []
        for block in blocks:
            fragment = runtime.render(runtime.get_block(block.usage_id), "student_view", {})
            fragments.append(fragment)
            html = html.replace(SLOT.format(usage_id=block.usage_id), fragment.body_html(), 1)
        css, js = fragment_resource_urls(fragments)
        view.css_url = bundle_url("css", css)
        view.js_url = bundle_url("js", js)
    view.html = Markup(html)
    return view
