"""Forms of the admin area."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SubmitField


class RolesForm(FlaskForm):
    is_facilitator = BooleanField(_l("Facilitator"), description=_l("May create cohorts"))
    is_author = BooleanField(_l("Author"))
    is_admin = BooleanField(_l("Administrator"))
    submit = SubmitField(_l("Save roles"))


class OneTimePasswordForm(FlaskForm):
    submit = SubmitField(_l("Give a one-time password"))
