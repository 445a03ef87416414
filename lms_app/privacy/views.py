"""My data: download everything stored about me, or delete my account."""
from flask import Blueprint, current_app, flash, make_response, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from ..accounts.passwords import verify_password
from ..extensions import limiter
from ..models_base import utcnow
from .deletion import delete_account
from .export import export_csv_zip, export_json
from .forms import DeleteAccountForm

bp = Blueprint("privacy", __name__)


def _password_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _user_key() -> str:
    return f"delete-account:{current_user.get_id()}"


@bp.route("/my-data")
@login_required
def my_data():
    return render_template("privacy/my_data.html", form=DeleteAccountForm(formdata=None))


def _download(body: bytes, mimetype: str, extension: str):
    response = make_response(body)
    response.mimetype = mimetype
    filename = f"cp-learn-my-data-{utcnow():%Y-%m-%d}.{extension}"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal data: never kept by a shared proxy or the browser cache.
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/my-data/export.json")
@login_required
def export_as_json():
    return _download(export_json(current_user), "application/json", "json")


@bp.route("/my-data/export.zip")
@login_required
def export_as_csv():
    return _download(export_csv_zip(current_user), "application/zip", "zip")


@bp.route("/my-data/delete", methods=["POST"])
@login_required
# A stolen session must not be able to try passwords here at leisure.
@limiter.limit(_password_rate_limit, key_func=_user_key)
def delete():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if verify_password(current_user.password_hash, form.password.data):
            delete_account(current_user._get_current_object())
            logout_user()
            session.clear()
            flash(_("Your account and everything personal in it are deleted. Thank you for learning with us."),
                  "success")
            return redirect(url_for("catalog.index"), code=303)
        form.password.errors = [_("This password is not correct.")]
    return render_template("privacy/my_data.html", form=form), 400
