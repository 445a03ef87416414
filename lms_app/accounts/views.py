"""Sign up, sign in, sign out, password, language."""
from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf.csrf import generate_csrf

from ..extensions import limiter
from ..i18n import LANGUAGE_COOKIE
from ..mail import mail_configured
from ..navigation import safe_next
from .forms import (ACCOUNT_ERRORS, ChangePasswordForm, ForgotPasswordForm, LanguageForm, ResetPasswordForm,
                    SignInForm, SignOutForm, SignUpForm, country_choices)
from .password_reset import ResetLinkError, request_reset, set_password_with_token, user_for_token
from .service import (AccountError, authenticate, change_password, create_user, end_all_sessions, normalise_username,
                      set_locale)

bp = Blueprint("auth", __name__)


def _login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_key() -> str:
    return "account:" + normalise_username(request.form.get("username", ""))[:64]


def _reset_rate_limit() -> str:
    return current_app.config["PASSWORD_RESET_RATE_LIMIT"]


def _reset_account_key() -> str:
    # Counted whether or not the name exists, so the limit tells nothing either.
    return "reset:" + normalise_username(request.form.get("login", ""))[:64]


def _start_session(user) -> None:
    # A fresh session at sign-in: nothing set before (by an attacker who
    # planted a cookie, say) survives into the signed-in session.
    session.clear()
    session.permanent = True
    login_user(user)
    # The forms' CSRF secret goes out with the sign-in's cookie, not with
    # the next page's (the cookie is otherwise sent only when it changes).
    # The sign-in form's token, cached on g, belonged to the cleared session.
    g.pop(current_app.config["WTF_CSRF_FIELD_NAME"], None)
    generate_csrf()


# Pages a user with a printed one-time password may still open before choosing their own.
_BEFORE_PASSWORD_CHANGE = {"auth.account", "auth.signout", "auth.language", "auth.reset_password_link",
                           "auth.reset_password", "static", "xblock.resource", "xblock.bundle"}


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


# The reset token between the link in the mail and the form: kept in the
# session so that it appears in no address bar, history entry or Referer.
RESET_TOKEN_KEY = "password_reset_token"
# A real token is about 100 characters; anything much longer is not one, and
# must not bloat the session cookie.
_MAX_TOKEN_LENGTH = 400


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(_reset_rate_limit, methods=["POST"])
@limiter.limit(_reset_rate_limit, methods=["POST"], key_func=_reset_account_key)
def forgot_password():
    """Ask for a reset link; the answer is the same whether or not the account exists."""
    if not mail_configured():
        # Without e-mail, a facilitator or an administrator gives a one-time password.
        return render_template("accounts/forgot_password.html", form=None, sent=False)
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        request_reset(form.login.data)
        return render_template("accounts/forgot_password.html", form=None, sent=True)
    return render_template("accounts/forgot_password.html", form=form, sent=False), 400 if form.errors else 200


@bp.route("/reset-password/<token>")
def reset_password_link(token: str):
    """The link of the mail: keep its token in the session and show the form at an address without it."""
    session[RESET_TOKEN_KEY] = token if len(token) <= _MAX_TOKEN_LENGTH else ""
    response = redirect(url_for("auth.reset_password"), code=303)
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/reset-password", methods=["GET", "POST"])
def reset_password():
    form = ResetPasswordForm()
    if request.method == "GET":
        form.token.data = session.get(RESET_TOKEN_KEY, "")
    try:
        user = user_for_token(form.token.data or "")
    except ResetLinkError as error:
        return _no_referrer(render_template("accounts/reset_link_error.html", reason=error.code,
                                            can_ask_again=mail_configured()), 400)
    if form.validate_on_submit():
        try:
            set_password_with_token(form.token.data, form.new.data)
        except ResetLinkError as error:  # used in another tab in the meantime
            return _no_referrer(render_template("accounts/reset_link_error.html", reason=error.code,
                                                can_ask_again=mail_configured()), 400)
        except AccountError as error:
            form.new.errors = list(form.new.errors) + [ACCOUNT_ERRORS[error.code]]
        else:
            # Not signed in: the link may have been opened on a shared
            # computer, where a session would outlive the reset; signing in
            # also has the learner type the new password once while it is fresh.
            logout_user()
            session.clear()
            flash(_("Your password is changed, and you are signed out everywhere. Sign in with your new "
                    "password."), "success")
            return redirect(url_for("auth.signin"), code=303)
    return _no_referrer(render_template("accounts/reset_password.html", form=form, user=user),
                        400 if form.errors else 200)


def _no_referrer(body: str, status: int):
    return body, status, {"Referrer-Policy": "no-referrer"}
