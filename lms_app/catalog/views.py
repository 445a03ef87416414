"""The catalogue of published courses (the home page)."""
from flask import Blueprint, render_template
from flask_babel import get_locale
from flask_login import current_user

from .listing import catalog_entries

bp = Blueprint("catalog", __name__)


@bp.route("/")
def index():
    user_id = current_user.id if current_user.is_authenticated else None
    return render_template("catalog/index.html", entries=catalog_entries(str(get_locale()), user_id))


@bp.route("/privacy")
def privacy():
    return render_template("catalog/privacy.html")
