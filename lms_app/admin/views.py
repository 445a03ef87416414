"""The admin area: accounts and their roles."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.models import User
from ..accounts.service import give_one_time_password, normalise_username, set_roles
from ..extensions import db
from ..permissions import admin_required
from .forms import OneTimePasswordForm, RolesForm

bp = Blueprint("admin", __name__)

PAGE_SIZE = 50


@bp.route("/users")
@admin_required
def users():
    query = request.args.get("q", "")[:80]
    try:
        page = max(1, int(request.args.get("page", 1)))
    except ValueError:
        page = 1
    statement = db.select(User).order_by(User.username)
    if query:
        key = normalise_username(query).replace("%", r"\%").replace("_", r"\_")
        statement = statement.where(User.username.like(f"%{key}%", escape="\\"))
    rows = db.session.scalars(statement.limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)).all()
    return render_template("admin/users.html", users=rows[:PAGE_SIZE], has_more=len(rows) > PAGE_SIZE,
                           page=page, query=query, form=RolesForm(), one_time_form=OneTimePasswordForm())


@bp.route("/users/<int:user_id>/roles", methods=["POST"])
@admin_required
def user_roles(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = RolesForm()
    if not form.validate_on_submit():
        abort(400)
    if user.id == current_user.id and not form.is_admin.data:
        flash(_("You cannot remove your own administrator role."), "error")
    else:
        set_roles(user, is_author=form.is_author.data or form.is_admin.data, is_admin=form.is_admin.data,
                  is_facilitator=form.is_facilitator.data)
        flash(_("Roles of %(name)s saved.", name=user.username), "success")
    return redirect(url_for("admin.users", q=request.args.get("q", "")), code=303)


@bp.route("/users/<int:user_id>/one-time-password", methods=["POST"])
@admin_required
def user_one_time_password(user_id: int):
    """For a learner who forgot their password when the site sends no e-mail (or they have none)."""
    user = db.session.get(User, user_id)
    if user is None or user.deleted_at is not None:
        abort(404)
    form = OneTimePasswordForm()
    if not form.validate_on_submit():
        abort(400)
    if user.id == current_user.id:
        flash(_("Change your own password on your account page."), "error")
        return redirect(url_for("admin.users", q=request.args.get("q", "")), code=303)
    password = give_one_time_password(user)
    # The answer is the only place the password is ever shown (never stored
    # in clear, never in a flash message kept in the session cookie).
    return render_template("admin/one_time_password.html", user=user, password=password,
                           query=request.args.get("q", ""))
