"""Learner forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField


class EnrolForm(FlaskForm):
    submit = SubmitField(_l("Enrol in this course"))
