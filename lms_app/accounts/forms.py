"""Account forms (Flask-WTF: every one carries a CSRF token)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from ..i18n import LANGUAGE_NAMES
from .passwords import MAX_LENGTH, MIN_LENGTH
from .profile_choices import ORGANISATION_TYPES, WORK_ROLES

# Every reason an account operation can be refused, as the learner reads it.
ACCOUNT_ERRORS = {
    "username_invalid": _l("Use 3 to 40 letters, digits, dots, dashes or underscores, without spaces."),
    "username_taken": _l("This username is taken. Please choose another one."),
    "email_taken": _l("This e-mail address is already used by another account."),
    "password_too_short": _l("Use at least %(n)d characters.", n=MIN_LENGTH),
    "password_too_long": _l("Use at most %(n)d characters.", n=MAX_LENGTH),
    "password_too_common": _l("This password is too easy to guess. A short sentence is easy to remember and hard to guess."),
    "password_contains_username": _l("Your password must not contain your username."),
    "password_wrong": _l("Your current password is not correct."),
}


def country_choices(locale) -> list[tuple[str, str]]:
    """ISO 3166 countries named in the learner's language (Babel's data)."""
    names = {code: name for code, name in locale.territories.items() if len(code) == 2 and code.isalpha()}
    for code in ("ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"):
        names.pop(code, None)
    return [SelectChoice("", _l("Prefer not to say"))] + [
        SelectChoice(code, name) for code, name in sorted(names.items(), key=lambda item: item[1])]


class SignUpForm(FlaskForm):
    username = StringField(
        _l("Username"),
        validators=[DataRequired(), Length(min=3, max=40)],
        description=_l("You can use a pseudonym. Other learners do not see it."),
    )
    display_name = StringField(
        _l("Display name"),
        validators=[DataRequired(), Length(max=80)],
        description=_l("How facilitators see you. A first name or a nickname is enough."),
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords are not the same."))],
    )
    email = EmailField(
        _l("E-mail (optional)"),
        validators=[Optional(), Email(message=_l("This is not a valid e-mail address.")), Length(max=254)],
        description=_l("Only needed to reset a forgotten password."),
    )
    organisation_type = SelectField(_l("Organisation type (optional)"), choices=ORGANISATION_TYPES, validate_choice=True)
    work_role = SelectField(_l("Your role (optional)"), choices=WORK_ROLES, validate_choice=True)
    country = SelectField(_l("Country where you work (optional)"), choices=[], validate_choice=True)
    submit = SubmitField(_l("Create my account"))


class SignInForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])
    submit = SubmitField(_l("Sign in"))


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])
    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new", message=_l("The two passwords are not the same."))],
    )
    submit = SubmitField(_l("Change password"))


class ForgotPasswordForm(FlaskForm):
    login = StringField(_l("Username or e-mail address"), validators=[DataRequired(), Length(max=254)])
    submit = SubmitField(_l("Send me a link"))


class ResetPasswordForm(FlaskForm):
    # The token comes from the session (see views.reset_password_link), never
    # from the address, so that it is in no URL, Referer or history entry.
    token = HiddenField(validators=[DataRequired(), Length(max=400)])
    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new", message=_l("The two passwords are not the same."))],
    )
    submit = SubmitField(_l("Set my new password"))


class SignOutForm(FlaskForm):
    submit = SubmitField(_l("Sign out"))


class LanguageForm(FlaskForm):
    """The language switcher: one button per language, works without JavaScript."""

    language = SelectField(choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()])
    next = StringField()
