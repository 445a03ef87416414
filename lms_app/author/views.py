"""Authors preview courses from disk, with the checker's messages beside the page."""
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, request
from markupsafe import Markup

from courses.translation_status import translation_status

from ..permissions import author_required
from .preview import SLOT_START, course_folders, messages_for, preview_course

bp = Blueprint("author", __name__)


def _content_dir() -> Path:
    return Path(current_app.config["CONTENT_DIR"])


@bp.route("/author")
@author_required
def index():
    previews = [preview_course(_content_dir(), folder.name) for folder in course_folders(_content_dir())]
    return render_template("author/index.html", previews=previews)


@bp.route("/author/<slug>")
@author_required
def course(slug: str):
    preview = preview_course(_content_dir(), slug) or abort(404)
    model = preview.result.course
    status = translation_status(preview.folder, model.default_language, model.languages) if model else []
    return render_template("author/course.html", preview=preview, messages=messages_for(preview),
                           translations=status)


@bp.route("/author/<slug>/<module_slug>")
@author_required
def module(slug: str, module_slug: str):
    preview = preview_course(_content_dir(), slug) or abort(404)
    model = preview.result.course
    if model is None:
        return render_template("author/course.html", preview=preview, messages=messages_for(preview)), 422
    module_model = next((m for m in model.modules if m.slug == module_slug), None) or abort(404)
    language = request.args.get("lang", model.default_language)
    page = module_model.pages.get(language) or module_model.pages.get(model.default_language)
    html = page.html if page else ""
    # Each quiz slot shows the author what the block holds, answer key included.
    for block in module_model.blocks:
        fields = block.content_by_language.get(language) or block.content_by_language.get(model.default_language, {})
        card = render_template("author/quiz_card.html", block=block, fields=fields)
        start = html.find(SLOT_START + block.usage_id + '"')
        if start != -1:
            end = html.index("</div>", start) + len("</div>")
            html = html[:start] + card + html[end:]
    return render_template("author/module.html", preview=preview, module=module_model, language=language,
                           html=Markup(html), messages=messages_for(preview, module_slug))
