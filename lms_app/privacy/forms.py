"""My-data forms (Flask-WTF: every one carries a CSRF token)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Length

from ..accounts.passwords import MAX_LENGTH


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(), Length(max=MAX_LENGTH)],
        description=_l("To be sure it is you."),
    )
    confirm = BooleanField(
        _l("I understand that my account, my answers and my progress are deleted for ever."),
        validators=[DataRequired(message=_l("Tick this box to confirm."))],
    )
    submit = SubmitField(_l("Delete my account"))
