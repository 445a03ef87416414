"""Sign up, sign in, sign out, password, language."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import limiter
from ..i18n import LANGUAGE_COOKIE
from ..navigation import safe_next
from .forms import ACCOUNT_ERRORS, ChangePasswordForm, LanguageForm, SignInForm, SignOutForm, SignUpForm, country_choices
from .service import (AccountError, authenticate, change_password, create_user, end_all_sessions, normalise_username,
                      set_locale)

bp = Blueprint("auth", __name__)


def _login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_key() -> str:
    return "account:" + normalise_username(request.form.get("username", ""))[:64]


def _start_session(user) -> None:
    # A fresh session at sign-in: nothing set before (by an attacker who
    # planted a cookie, say) survives into the signed-in session.
    session.clear()
    session.permanent = True
    login_user(user)


# Pages a user with a printed one-time password may still open before choosing their own.
_BEFORE_PASSWORD_CHANGE = {"auth.account", "auth.signout", "auth.language", "static", "xblock.resource",
                           "xblock.bundle"}


@bp.before_app_request
def _require_own_password():
    """An account created by a facilitator must choose its own password before anything else."""
    if current_user.is_authenticated and current_user.must_change_password \
            and request.endpoint not in _BEFORE_PASSWORD_CHANGE:
        flash(_("Choose your own password to continue: the one on your sheet works only once."), "info")
        return redirect(url_for("auth.account"))
    return None


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("catalog.index"))
    form = SignUpForm()
    form.country.choices = country_choices(get_locale())
    if form.validate_on_submit():
        try:
            user = create_user(
                form.username.data,
                form.display_name.data,
                form.password.data,
                email=form.email.data,
                organisation_type=form.organisation_type.data,
                work_role=form.work_role.data,
                country=form.country.data,
                locale=str(get_locale()),
            )
        except AccountError as error:
            field = form.password if error.code.startswith("password") else (
                form.email if error.code == "email_taken" else form.username)
            field.errors = list(field.errors) + [ACCOUNT_ERRORS[error.code]]
        else:
            _start_session(user)
            flash(_("Welcome, %(name)s. Your account is ready.", name=user.display_name), "success")
            return redirect(url_for("catalog.index"), code=303)
    return render_template("accounts/signup.html", form=form), 400 if form.errors else 200


@bp.route("/signin", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
@limiter.limit(_login_rate_limit, methods=["POST"], key_func=_account_key)
def signin():
    form = SignInForm()
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        if user is not None:
            _start_session(user)
            return redirect(safe_next(request.args.get("next")), code=303)
        # One message for unknown user and wrong password: no enumeration.
        form.password.errors = [_("The username or password is not correct.")]
    return render_template("accounts/signin.html", form=form), 400 if form.errors else 200


@bp.route("/signout", methods=["POST"])
def signout():
    form = SignOutForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            # The session lives in the cookie: clearing it here does not stop
            # a copy of it (a shared phone, a cyber café, a stolen cookie)
            # from working. Changing the session token does, on every device.
            end_all_sessions(current_user._get_current_object())
        logout_user()
        session.clear()
        flash(_("You are signed out."), "info")
    return redirect(url_for("catalog.index"), code=303)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current.data, form.new.data)
        except AccountError as error:
            field = form.current if error.code == "password_wrong" else form.new
            field.errors = list(field.errors) + [ACCOUNT_ERRORS[error.code]]
        else:
            # Every other session is now invalid; keep this one.
            _start_session(current_user._get_current_object())
            flash(_("Your password is changed. You are signed out on your other devices."), "success")
            return redirect(url_for("auth.account"), code=303)
    return render_template("accounts/account.html", form=form), 400 if form.errors else 200


@bp.route("/language", methods=["POST"])
def language():
    form = LanguageForm()
    target = safe_next(request.form.get("next"))
    if form.validate_on_submit():
        chosen = form.language.data
        if current_user.is_authenticated:
            set_locale(current_user, chosen)
        response = redirect(target, code=303)
        response.set_cookie(LANGUAGE_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                            secure=request.is_secure)
        return response
    flash(_("This language is not available."), "error")
    return redirect(target, code=303)
