"""Certificate forms (Flask-WTF: every one carries a CSRF token)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from .service import NAME_MAX_LENGTH, REASON_MAX_LENGTH


class PrintedNameForm(FlaskForm):
    name = StringField(
        _l("Name printed on the certificate"),
        validators=[Optional(), Length(max=NAME_MAX_LENGTH)],
        description=_l("Write it as it should appear, for example your full name. "
                       "Leave it empty to use your display name."),
    )
    submit = SubmitField(_l("Save the name"))


class FindCertificateForm(FlaskForm):
    # A GET search form: no CSRF token, nothing is changed.
    class Meta:
        csrf = False

    code = StringField(_l("Verification code"), validators=[DataRequired(), Length(max=64)])


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for revoking"),
        validators=[DataRequired(), Length(max=REASON_MAX_LENGTH)],
        description=_l("Kept with the certificate for the administrators. The public page only says it is revoked."),
    )
    submit = SubmitField(_l("Revoke this certificate"))
