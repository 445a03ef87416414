"""The catalogue of published courses (the home page)."""
from flask import Blueprint, render_template

from ..extensions import db
from .models import Course, CourseVersion

bp = Blueprint("catalog", __name__)


@bp.route("/")
def index():
    versions = db.session.scalars(
        db.select(CourseVersion).join(Course, Course.current_version_id == CourseVersion.id)
        .order_by(Course.slug)
    ).all()
    return render_template("catalog/index.html", versions=versions)


@bp.route("/privacy")
def privacy():
    return render_template("catalog/privacy.html")
