"""The learner's pages: course outline, enrolment, module pages, media."""
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, send_from_directory, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..catalog.models import Course
from ..database import write_transaction
from ..extensions import db
from ..facilitate.schedule import opening_date_if_locked
from .enrollment import course_outline, enrol
from .forms import EnrolForm
from .module_page import NotFound, load_module, render_module
from .progress import record_view

bp = Blueprint("learn", __name__)


@bp.route("/courses/<course_slug>")
def course(course_slug: str):
    user_id = current_user.id if current_user.is_authenticated else None
    outline = course_outline(course_slug, user_id)
    if outline is None:
        abort(404)
    return render_template("learn/course.html", outline=outline, form=EnrolForm())


@bp.route("/courses/<course_slug>/enrol", methods=["POST"])
@login_required
def enrol_in_course(course_slug: str):
    form = EnrolForm()
    if not form.validate_on_submit():
        abort(400)
    course = db.session.scalar(db.select(Course).where(Course.slug == course_slug))
    if course is None or course.current_version_id is None:
        abort(404)
    created = enrol(current_user.id, course)
    if created:
        flash(_("You are enrolled. Start whenever you are ready."), "success")
    return redirect(url_for("learn.course", course_slug=course_slug), code=303)


@bp.route("/courses/<course_slug>/<module_slug>")
@login_required
def module(course_slug: str, module_slug: str):
    try:
        view = load_module(course_slug, module_slug, current_user.id)
    except NotFound:
        abort(404)
    if view.enrollment is None:
        return render_template("learn/not_enrolled.html", course=view.course, version=view.version,
                               form=EnrolForm()), 403
    opens_on = opening_date_if_locked(view.enrollment.cohort_id, view.module.slug)
    if opens_on is not None:
        return render_template("learn/locked.html", view=view, opens_on=opens_on), 403
    if view.enrollment.last_module_slug != view.module.slug:
        with write_transaction():
            record_view(view.enrollment, view.version, view.module)
    render_module(view, current_user, str(get_locale()))
    return render_template("learn/module.html", view=view)


@bp.route("/media/<course_slug>/<path:filename>")
def media(course_slug: str, filename: str):
    """A course's media file, as copied at publish time."""
    # The slug goes through safe_join with the file name: as part of the
    # directory it was trusted, and /media/%2e%2e/secret_key served the
    # instance folder (secret key, SQLite database).
    root = Path(current_app.instance_path) / "media"
    return send_from_directory(root, f"{course_slug}/{filename}", max_age=24 * 3600)


@bp.route("/my-learning")
@login_required
def my_learning():
    from .my_learning import enrolment_summaries, mastery_by_standard

    return render_template("learn/my_learning.html", summaries=enrolment_summaries(current_user.id),
                           mastery=mastery_by_standard(current_user.id))
