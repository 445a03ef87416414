"""Forms of the facilitator's pages (Flask-WTF: every one carries a CSRF token)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, DecimalField, IntegerField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

LANGUAGES = [SelectChoice("en", "English"), SelectChoice("fr", "Français"), SelectChoice("es", "Español"),
             SelectChoice("ar", "العربية")]


class CohortForm(FlaskForm):
    course = SelectField(_l("Course"), validate_choice=True)
    name = StringField(_l("Name of the cohort"), validators=[DataRequired(), Length(max=120)],
                       description=_l("For example: Caseworkers, Kaya office, March"))
    language = SelectField(_l("Language of the cohort"), choices=LANGUAGES, validate_choice=True)
    starts_on = DateField(_l("Start date (optional)"), validators=[Optional()])
    ends_on = DateField(_l("End date (optional)"), validators=[Optional()])
    submit = SubmitField(_l("Create the cohort"))


class CohortSettingsForm(FlaskForm):
    name = StringField(_l("Name of the cohort"), validators=[DataRequired(), Length(max=120)])
    language = SelectField(_l("Language of the cohort"), choices=LANGUAGES, validate_choice=True)
    starts_on = DateField(_l("Start date (optional)"), validators=[Optional()])
    ends_on = DateField(_l("End date (optional)"), validators=[Optional()])
    inactive_days = IntegerField(_l("Days without activity before a learner needs help"),
                                 validators=[InputRequired(), NumberRange(min=1, max=90)])
    submit = SubmitField(_l("Save"))


class JoinForm(FlaskForm):
    code = StringField(_l("Cohort code"), validators=[DataRequired(), Length(max=32)],
                       description=_l("The code your facilitator gave you, for example K7M2-QX9P."))
    submit = SubmitField(_l("Join the cohort"))


class FacilitatorForm(FlaskForm):
    username = StringField(_l("Username of the co-facilitator"), validators=[DataRequired(), Length(max=40)])
    submit = SubmitField(_l("Add as co-facilitator"))


class RemoveFacilitatorForm(FlaskForm):
    submit = SubmitField(_l("Remove"))


class ArchiveForm(FlaskForm):
    submit = SubmitField(_l("Archive the cohort"))


class ReopenForm(FlaskForm):
    submit = SubmitField(_l("Reopen the cohort"))


class RosterForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired()],
                     description=_l("One learner per line, with a header line: username or email, and display "
                                    "name. Commas or semicolons; UTF-8 or Latin-1."))
    submit = SubmitField(_l("Import the roster"))


class SessionForm(FlaskForm):
    title = StringField(_l("Session"), validators=[DataRequired(), Length(max=120)],
                        description=_l("For example: Day 1, case management"))
    held_on = DateField(_l("Date"), validators=[InputRequired()])
    submit = SubmitField(_l("Add the session"))


class AttendanceForm(FlaskForm):
    present = SelectMultipleField(_l("Present"), coerce=int, widget=ListWidget(prefix_label=False),
                                  option_widget=CheckboxInput(), validate_choice=True)
    submit = SubmitField(_l("Save attendance"))


class PaperScoreForm(FlaskForm):
    test = SelectField(_l("Test"), choices=[SelectChoice("pre", _l("Pre-test")), SelectChoice("post", _l("Post-test"))],
                       validate_choice=True)
    score = DecimalField(_l("Points obtained"), validators=[InputRequired(), NumberRange(min=0, max=10000)])
    max_score = DecimalField(_l("Out of"), validators=[InputRequired(), NumberRange(min=1, max=10000)])
    submit = SubmitField(_l("Save the paper score"))

    def validate_score(self, field):
        if field.data is not None and self.max_score.data is not None and field.data > self.max_score.data:
            raise ValidationError(_l("The points obtained cannot be more than the total."))


def schedule_form(modules, title_of, data: dict | None = None) -> FlaskForm:
    """A form with an opening and a due date for each module of the course."""

    class ScheduleForm(FlaskForm):
        submit = SubmitField(_l("Save the dates"))

    for module in modules:
        title = title_of(module)
        setattr(ScheduleForm, f"opens_{module.id}",
                DateField(_l("Opens on"), validators=[Optional()], description=title))
        setattr(ScheduleForm, f"due_{module.id}", DateField(_l("Due on"), validators=[Optional()], description=title))
    return ScheduleForm(data=data)


class ReminderForm(FlaskForm):
    """Only a CSRF token: the button is on the dashboard (facilitate/_reminders.html)."""


class PrepareFileForm(FlaskForm):
    """Ask for a file built in the background; each of the page's buttons posts its own kind."""

    kind = SelectField(choices=[SelectChoice(kind, kind) for kind in ("progress", "questions", "pre-post", "summary",
                                                                       "certificates")], validate_choice=True)
