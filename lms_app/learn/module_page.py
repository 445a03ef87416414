"""A module page for one learner: the stored HTML with each quiz slot filled by its block.

The markdown was rendered at publish time; here we only load the page, the
blocks and the learner's state (a fixed number of queries whatever the
number of questions) and let each block render its current state.
"""
from dataclasses import dataclass, field

from markupsafe import Markup
from sqlalchemy.engine import Row

from ..catalog.models import Course, CourseVersion
from ..catalog.published import PublishedVersion, published_version
from ..xblock_runtime.bundles import bundle_url
from ..xblock_runtime.loading import current_version_with_enrollment, runtime_for_blocks
from ..xblock_runtime.runtime import fragment_resource_urls
from .models import Enrollment

SLOT = '<div class="xblock-slot" data-usage-id="{usage_id}"></div>'


class NotFound(Exception):
    """No published course or module with these slugs."""


@dataclass
class ModuleView:
    course: Course
    version: CourseVersion
    module: Row  # the published module (catalog.published): read-only
    modules: list[Row]
    enrollment: Enrollment | None
    published: PublishedVersion
    page: Row | None = None
    fallback: bool = False
    html: Markup = Markup("")
    css_url: str | None = None
    js_url: str | None = None
    previous: Row | None = None
    next: Row | None = None
    block_count: int = 0
    extras: dict = field(default_factory=dict)


def load_module(course_slug: str, module_slug: str, user_id: int) -> ModuleView:
    """The course's current version, the learner's enrolment (one query) and the version's modules (memory)."""
    row = current_version_with_enrollment(course_slug, user_id)
    if row is None:
        raise NotFound(course_slug)
    course, version, enrollment = row
    published = published_version(version)
    current = published.module(module_slug)
    if current is None:
        raise NotFound(module_slug)
    modules = list(published.modules)
    index = modules.index(current)
    return ModuleView(
        course=course, version=version, module=current, modules=modules, enrollment=enrollment,
        published=published,
        previous=modules[index - 1] if index > 0 else None,
        next=modules[index + 1] if index + 1 < len(modules) else None,
    )


def render_module(view: ModuleView, user, language: str) -> ModuleView:
    """Fill `view` with the page in `language` (or the default language) and its blocks rendered."""
    default = view.version.default_language
    view.page, view.fallback = view.published.page(view.module.id, language, default)
    blocks = view.published.blocks[view.module.id]
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
