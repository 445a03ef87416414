"""The facilitator's pages (cohorts, dashboard, reports, exports) and the learner's "join a cohort"."""
from datetime import datetime, timezone

from flask import (Blueprint, abort, current_app, flash, make_response, redirect, render_template, request,
                   send_file, url_for)
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from courses import cpms

from ..catalog.models import Course, CourseVersion
from ..certificates.bulk import certificate_offer
from ..database import write_transaction
from ..extensions import db
from ..mail import mail_configured
from ..permissions import admin_required
from ..tasks import enqueue
from . import audit
from .attendance import add_session, cohort_session, cohort_sessions, present_learners, record_attendance
from .charts import pre_post_chart
from .cohorts import (CohortError, add_facilitator, cohort_by_code, cohort_facilitators, create_cohort,
                      facilitated_cohort, facilitated_cohorts, join_cohort, may_create_cohorts, remove_facilitator,
                      set_archived, update_cohort)
from .dashboard import STATUSES, cohort_course, cohort_dashboard, cohort_roster, dashboard_page
from .forms import (ArchiveForm, AttendanceForm, CohortForm, CohortSettingsForm, FacilitatorForm, JoinForm,
                    PaperScoreForm, PrepareFileForm, ReminderForm, RemoveFacilitatorForm, ReopenForm, RosterForm,
                    SessionForm, schedule_form)
from .item_analysis import item_analysis
from .learner_record import learner_record
from .pre_post import cohort_pre_post, record_paper_score
from .prepared_files import (CERTIFICATES, NothingToPrepare, download_name, downloadable_file, expires_at, file_size,
                             files_of, is_large, learner_count, offered_kinds, request_file)
from .reminders import ReminderPlan, queue_reminders, reminder_plan, send_reminders
from .roster import REFUSED, RosterFileError, import_roster
from .schedule import ModuleDates, ScheduleError, cohort_schedule, set_schedule, today
from .tables import (PRE_POST, PROGRESS, QUESTIONS, SUMMARY, donor_table, export_table, items_table, matrix_table,
                     pre_post_table, standards_table, status_labels, table_csv, titles_in)

bp = Blueprint("facilitate", __name__)


# Learners per page of the matrix: a phone shows 50 rows well, not 2,000 (the CSV has them all).
MATRIX_PAGE = 50


def _page_number() -> int:
    try:
        return max(1, int(request.args.get("page", 1)))
    except ValueError:
        return 1


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _language() -> str:
    return str(get_locale())


def _title_of(version: CourseVersion):
    return titles_in(version, _language())


def _cohort(cohort_id: int):
    """The cohort if the signed-in user facilitates it; 404 otherwise, so foreign ids reveal nothing."""
    cohort = facilitated_cohort(cohort_id, current_user)
    if cohort is None:
        abort(404)
    return cohort


def _csv(table, name: str, cohort):
    response = make_response(table_csv(table))
    response.mimetype = "text/csv"
    response.charset = "utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="cohort-{cohort.id}-{name}.csv"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


COHORT_ERRORS = {
    "dates_reversed": lambda: _("The end date is before the start date."),
    "unknown_user": lambda: _("There is no account with this username."),
    "is_learner": lambda: _("This person is a learner in this cohort, so they cannot facilitate it."),
    "is_facilitator": lambda: _("You facilitate this cohort, so you cannot join it as a learner."),
    "other_cohort": lambda: _("You already take this course in another cohort. Ask your facilitator."),
    "unknown_code": lambda: _("No open cohort has this code. Check the code with your facilitator."),
    "code_exhausted": lambda: _("The cohort could not be created. Please try again."),
    "last_facilitator": lambda: _("A cohort needs at least one facilitator: add another before you remove this one."),
}

ROSTER_FILE_ERRORS = {
    "empty": lambda: _("The file is empty."),
    "too_large": lambda: _("The file is too large: import at most 1,000 learners at a time."),
    "too_many_lines": lambda: _("The file is too large: import at most 1,000 learners at a time."),
    "no_header": lambda: _("The first line must name the columns: username or email, and display name."),
    "unreadable": lambda: _("The file could not be read as CSV. Save it again as CSV from your spreadsheet."),
}

ROSTER_LINE_REASONS = {
    "formula": lambda: _("A cell starts with =, +, - or @, which a spreadsheet would run as a formula."),
    "no_identity": lambda: _("Neither a username nor an email."),
    "username_invalid": lambda: _("The username must be 3 to 40 letters, digits, dots, dashes or underscores."),
    "email_invalid": lambda: _("The email address is not valid."),
    "name_too_long": lambda: _("The display name is longer than 80 characters."),
    "duplicate": lambda: _("This learner is already on an earlier line."),
    "deleted": lambda: _("This account was deleted."),
    "is_facilitator": lambda: _("This person facilitates the cohort."),
    "other_cohort": lambda: _("This learner takes the course in another cohort."),
    "username_taken": lambda: _("The username is taken."),
    "email_taken": lambda: _("The email address belongs to another account."),
}


def _roster_reason(code: str) -> str:
    return ROSTER_LINE_REASONS.get(code, lambda: _("The account could not be created."))()


# --- cohorts ---------------------------------------------------------------

@bp.route("/facilitate")
@login_required
def index():
    cohorts = facilitated_cohorts(current_user)
    if not cohorts and not may_create_cohorts(current_user):
        abort(403)
    return render_template("facilitate/index.html", cohorts=cohorts, may_create=may_create_cohorts(current_user),
                           lang=_language())


def _published_courses() -> list[tuple[Course, CourseVersion]]:
    return db.session.execute(
        db.select(Course, CourseVersion).join(CourseVersion, CourseVersion.id == Course.current_version_id)
        .order_by(Course.slug)).all()


@bp.route("/facilitate/new", methods=["GET", "POST"])
@login_required
def new_cohort():
    if not may_create_cohorts(current_user):
        abort(403)
    courses = {course.slug: (course, version) for course, version in _published_courses()}
    form = CohortForm()
    language = _language()
    form.course.choices = [(slug, v.titles.get(language) or v.titles.get(v.default_language) or slug)
                           for slug, (_c, v) in courses.items()]
    if request.method == "GET":
        form.language.data = language
    if form.validate_on_submit():
        course, _version = courses[form.course.data]
        try:
            cohort = create_cohort(current_user, course, form.name.data, form.language.data, form.starts_on.data,
                                   form.ends_on.data)
        except CohortError as error:
            form.ends_on.errors = list(form.ends_on.errors) + [COHORT_ERRORS[error.code]()]
        else:
            flash(_("The cohort is ready. Give your learners its code: %(code)s", code=cohort.join_code), "success")
            return redirect(url_for("facilitate.dashboard", cohort_id=cohort.id), code=303)
    return render_template("facilitate/new.html", form=form), 400 if form.errors else 200


@bp.route("/cohorts/<int:cohort_id>")
@login_required
def dashboard(cohort_id: int):
    cohort = _cohort(cohort_id)
    page = _page_number()
    # The database counts; cells are built for this page's learners and the needs-help learners shown.
    board = dashboard_page(cohort, _now(), page, MATRIX_PAGE)
    if page > 1 and not board.learners:
        abort(404)
    title_of = _title_of(board.version)
    table = matrix_table(board, title_of, lambda l: url_for("facilitate.learner", cohort_id=cohort.id,
                                                            user_id=l.user_id), board.learners)
    return render_template("facilitate/dashboard.html", cohort=cohort, board=board, table=table, title_of=title_of,
                           module_titles=lambda modules: ", ".join(title_of(m) for m in modules),
                           statuses=STATUSES, status_labels=status_labels(), page=page,
                           has_more=board.learner_count > page * MATRIX_PAGE, help_shown=MATRIX_PAGE,
                           join_url=url_for("facilitate.join_with_code", code=cohort.join_code, _external=True),
                           certificates=certificate_offer(cohort))


@bp.route("/cohorts/<int:cohort_id>/progress.csv")
@login_required
def dashboard_csv(cohort_id: int):
    cohort = _cohort(cohort_id)
    return _csv(export_table(cohort, PROGRESS, _language(), _now()), "progress", cohort)


# --- one learner -----------------------------------------------------------

@bp.route("/cohorts/<int:cohort_id>/learners/<int:user_id>", methods=["GET", "POST"])
@login_required
def learner(cohort_id: int, user_id: int):
    cohort = _cohort(cohort_id)
    board = cohort_dashboard(cohort, _now(), user_ids=[user_id])
    record = learner_record(board, user_id, _language())
    if record is None:
        abort(404)
    form = PaperScoreForm()
    if form.validate_on_submit():
        record_paper_score(cohort, user_id, form.test.data, float(form.score.data), float(form.max_score.data),
                           current_user.id)
        flash(_("Paper score saved."), "success")
        return redirect(url_for("facilitate.learner", cohort_id=cohort.id, user_id=user_id), code=303)
    if request.method == "GET":
        with write_transaction() as session:
            audit.record(session, current_user.id, audit.VIEWED_ANSWERS, cohort.id, user_id)
    return render_template("facilitate/learner.html", cohort=cohort, board=board, record=record, form=form,
                           title_of=_title_of(board.version), status_labels=status_labels()), \
        400 if form.errors else 200


# --- reports ---------------------------------------------------------------

def _items(cohort):
    _course, version, modules = cohort_course(cohort)
    stats = item_analysis(cohort, modules, _language(), version.default_language)
    return stats, items_table(stats, _language(), version.default_language, _title_of(version))


@bp.route("/cohorts/<int:cohort_id>/questions")
@login_required
def questions(cohort_id: int):
    cohort = _cohort(cohort_id)
    stats, table = _items(cohort)
    return render_template("facilitate/questions.html", cohort=cohort, stats=stats, table=table)


@bp.route("/cohorts/<int:cohort_id>/questions.csv")
@login_required
def questions_csv(cohort_id: int):
    cohort = _cohort(cohort_id)
    return _csv(export_table(cohort, QUESTIONS, _language(), _now()), "questions", cohort)


def _pre_post(cohort):
    """The learners without their cells (the reports need none), and their pre/post results."""
    roster = cohort_roster(cohort)
    return roster, cohort_pre_post(cohort, roster.version, roster.modules, roster.learners)


@bp.route("/cohorts/<int:cohort_id>/pre-post")
@login_required
def pre_post(cohort_id: int):
    cohort = _cohort(cohort_id)
    _roster, result = _pre_post(cohort)
    labels = {s.standard: cpms.standard_name(s.standard, _language()) for s in result.standards}
    return render_template("facilitate/pre_post.html", cohort=cohort, result=result,
                           table=pre_post_table(result),
                           standards=standards_table(result, lambda n: f"{n}. {labels[n]}"),
                           chart=pre_post_chart(result.standards))


@bp.route("/cohorts/<int:cohort_id>/pre-post.csv")
@login_required
def pre_post_csv(cohort_id: int):
    cohort = _cohort(cohort_id)
    return _csv(export_table(cohort, PRE_POST, _language(), _now()), "pre-post", cohort)


@bp.route("/cohorts/<int:cohort_id>/donor-summary.csv")
@login_required
def donor_csv(cohort_id: int):
    cohort = _cohort(cohort_id)
    return _csv(export_table(cohort, SUMMARY, _language(), _now()), "summary", cohort)


@bp.route("/cohorts/<int:cohort_id>/donor-summary")
@login_required
def donor_summary(cohort_id: int):
    cohort = _cohort(cohort_id)
    roster, result = _pre_post(cohort)
    return render_template("facilitate/donor.html", cohort=cohort, table=donor_table(roster, result))


# --- running the cohort ----------------------------------------------------

@bp.route("/cohorts/<int:cohort_id>/schedule", methods=["GET", "POST"])
@login_required
def schedule(cohort_id: int):
    cohort = _cohort(cohort_id)
    board = cohort_dashboard(cohort, _now())
    title_of = _title_of(board.version)
    current = cohort_schedule(cohort.id)
    data = {}
    for m in board.modules:
        dates = current.get(m.slug, ModuleDates())
        data[f"opens_{m.id}"], data[f"due_{m.id}"] = dates.opens_on, dates.due_on
    form = schedule_form(board.modules, title_of, None if request.method == "POST" else data)
    if form.validate_on_submit():
        dates = {m.slug: ModuleDates(form[f"opens_{m.id}"].data, form[f"due_{m.id}"].data) for m in board.modules}
        try:
            set_schedule(cohort, board.modules, dates)
        except ScheduleError as error:
            module = next(m for m in board.modules if m.slug == error.module_slug)
            form[f"due_{module.id}"].errors = [_("The due date is before the opening date.")]
        else:
            flash(_("Dates saved."), "success")
            return redirect(url_for("facilitate.schedule", cohort_id=cohort.id), code=303)
    return render_template("facilitate/schedule.html", cohort=cohort, board=board, form=form,
                           title_of=title_of), 400 if form.errors else 200


@bp.route("/cohorts/<int:cohort_id>/sessions", methods=["GET", "POST"])
@login_required
def sessions(cohort_id: int):
    cohort = _cohort(cohort_id)
    form = SessionForm()
    if form.validate_on_submit():
        row = add_session(cohort, form.title.data, form.held_on.data)
        return redirect(url_for("facilitate.attendance", cohort_id=cohort.id, session_id=row.id), code=303)
    return render_template("facilitate/sessions.html", cohort=cohort, sessions=cohort_sessions(cohort),
                           form=form), 400 if form.errors else 200


@bp.route("/cohorts/<int:cohort_id>/sessions/<int:session_id>", methods=["GET", "POST"])
@login_required
def attendance(cohort_id: int, session_id: int):
    cohort = _cohort(cohort_id)
    meeting = cohort_session(cohort, session_id)
    if meeting is None:
        abort(404)
    board = cohort_dashboard(cohort, _now())
    learners = [l for l in board.learners if not l.deleted]
    form = AttendanceForm()
    form.present.choices = [(l.user_id, l.display_name or l.username) for l in learners]
    if request.method == "GET":
        form.present.data = sorted(present_learners(meeting))
    if form.validate_on_submit():
        record_attendance(meeting, {l.user_id for l in learners}, set(form.present.data or []))
        flash(_("Attendance saved."), "success")
        return redirect(url_for("facilitate.sessions", cohort_id=cohort.id), code=303)
    return render_template("facilitate/attendance.html", cohort=cohort, meeting=meeting, form=form), \
        400 if form.errors else 200


@bp.route("/cohorts/<int:cohort_id>/roster", methods=["GET", "POST"])
@login_required
def roster(cohort_id: int):
    cohort = _cohort(cohort_id)
    form = RosterForm()
    lines = None
    if form.validate_on_submit():
        try:
            lines = import_roster(cohort, form.file.data.read(), cohort.language)
        except (RosterFileError, UnicodeDecodeError) as error:
            code = error.code if isinstance(error, RosterFileError) else "no_header"
            form.file.errors = list(form.file.errors) + [ROSTER_FILE_ERRORS[code]()]
    status = 400 if form.errors else 200
    return render_template("facilitate/roster.html", cohort=cohort, form=form, lines=lines, refused=REFUSED,
                           reason=_roster_reason), status


@bp.route("/cohorts/<int:cohort_id>/settings", methods=["GET", "POST"])
@login_required
def settings(cohort_id: int):
    cohort = _cohort(cohort_id)
    form = CohortSettingsForm(obj=cohort)
    if form.validate_on_submit():
        try:
            update_cohort(cohort, form.name.data, form.language.data, form.starts_on.data, form.ends_on.data,
                          form.inactive_days.data)
        except CohortError as error:
            form.ends_on.errors = list(form.ends_on.errors) + [COHORT_ERRORS[error.code]()]
        else:
            flash(_("Cohort saved."), "success")
            return redirect(url_for("facilitate.settings", cohort_id=cohort.id), code=303)
    return render_template("facilitate/settings.html", cohort=cohort, form=form,
                           facilitators=cohort_facilitators(cohort), facilitator_form=FacilitatorForm(),
                           remove_form=RemoveFacilitatorForm(), archive_form=ArchiveForm(),
                           reopen_form=ReopenForm(), certificates=certificate_offer(cohort)), \
        400 if form.errors else 200


@bp.route("/cohorts/<int:cohort_id>/facilitators", methods=["POST"])
@login_required
def add_co_facilitator(cohort_id: int):
    cohort = _cohort(cohort_id)
    form = FacilitatorForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        user = add_facilitator(cohort, form.username.data, current_user.id)
    except CohortError as error:
        flash(COHORT_ERRORS[error.code](), "error")
    else:
        flash(_("%(name)s now facilitates this cohort.", name=user.display_name), "success")
    return redirect(url_for("facilitate.settings", cohort_id=cohort.id), code=303)


@bp.route("/cohorts/<int:cohort_id>/facilitators/<int:user_id>/remove", methods=["POST"])
@login_required
def remove_co_facilitator(cohort_id: int, user_id: int):
    cohort = _cohort(cohort_id)
    if not RemoveFacilitatorForm().validate_on_submit():
        abort(400)
    try:
        user = remove_facilitator(cohort, user_id, current_user.id)
    except CohortError as error:
        if error.code == "not_facilitator":
            abort(404)
        flash(COHORT_ERRORS[error.code](), "error")
        return redirect(url_for("facilitate.settings", cohort_id=cohort.id), code=303)
    if user.id == current_user.id and not current_user.is_admin:
        flash(_("You no longer facilitate this cohort."), "success")
        return redirect(url_for("facilitate.index"), code=303)
    flash(_("%(name)s no longer facilitates this cohort.", name=user.display_name), "success")
    return redirect(url_for("facilitate.settings", cohort_id=cohort.id), code=303)

@bp.route("/cohorts/<int:cohort_id>/archive", methods=["POST"])
@login_required
def archive(cohort_id: int):
    cohort = _cohort(cohort_id)
    archiving = ArchiveForm()
    reopening = ReopenForm()
    if not (archiving.validate_on_submit() or reopening.validate_on_submit()):
        abort(400)
    to_archive = request.form.get("action") != "reopen"
    set_archived(cohort, to_archive)
    flash(_("The cohort is archived. Its learners keep their progress and certificates.") if to_archive
          else _("The cohort is open again."), "success")
    return redirect(url_for("facilitate.settings", cohort_id=cohort.id), code=303)


# --- learners joining --------------------------------------------------------

@bp.route("/join", methods=["GET", "POST"])
@login_required
def join():
    form = JoinForm()
    if form.validate_on_submit():
        return _join(form, form.code.data)
    return render_template("facilitate/join.html", form=form, cohort=None), 400 if form.errors else 200


@bp.route("/join/<code>", methods=["GET", "POST"])
@login_required
def join_with_code(code: str):
    form = JoinForm()
    if request.method == "GET":
        form.code.data = code
        cohort = cohort_by_code(code)
        if cohort is None:
            form.code.errors = [COHORT_ERRORS["unknown_code"]()]
            return render_template("facilitate/join.html", form=form, cohort=None), 404
        return render_template("facilitate/join.html", form=form, cohort=cohort,
                               course=db.session.get(Course, cohort.course_id))
    if not form.validate_on_submit():
        abort(400)
    return _join(form, form.code.data)


def _join(form, code: str):
    try:
        cohort, outcome = join_cohort(current_user, code)
    except CohortError as error:
        form.code.errors = list(form.code.errors) + [COHORT_ERRORS[error.code]()]
        return render_template("facilitate/join.html", form=form, cohort=None), 400
    course = db.session.get(Course, cohort.course_id)
    if outcome == "joined":
        flash(_("You joined the cohort %(name)s.", name=cohort.name), "success")
    else:
        flash(_("You are already in the cohort %(name)s.", name=cohort.name), "info")
    return redirect(url_for("learn.course", course_slug=course.slug), code=303)


# --- admin -------------------------------------------------------------------

@bp.route("/admin/audit")
@admin_required
def audit_log():
    page = _page_number()
    lines, has_more = audit.audit_lines(page)
    action_labels = {audit.VIEWED_ANSWERS: _("Opened the learner's answers"),
                     audit.ADDED_FACILITATOR: _("Added as co-facilitator"),
                     audit.REMOVED_FACILITATOR: _("Removed from the facilitators")}
    return render_template("facilitate/audit.html", lines=lines, page=page, has_more=has_more,
                           action_labels=action_labels)


@bp.app_template_global()
def date_or_dash(value) -> str:
    return format_date(value) if value else "–"


# --- background work: reminders and prepared files (lms_app/tasks.py) --------

@bp.app_template_global()
def reminder_plan_for(board) -> ReminderPlan | None:
    """What the dashboard's reminder button would do; None when no mail server is configured."""
    return reminder_plan(board, today()) if mail_configured() else None


@bp.app_template_global()
def exports_in_background(board) -> bool:
    # The dashboard's board holds one page of learners; `learner_count` is the cohort's.
    return is_large(board.learner_count)


@bp.route("/cohorts/<int:cohort_id>/reminders", methods=["POST"])
@login_required
def remind(cohort_id: int):
    cohort = _cohort(cohort_id)
    if not ReminderForm().validate_on_submit():
        abort(400)
    if not mail_configured():
        flash(_("E-mail is not set up on this server, so no reminder was sent. Ask your administrator."), "error")
        return redirect(url_for("facilitate.dashboard", cohort_id=cohort.id), code=303)
    board = cohort_dashboard(cohort, _now())
    day = today()
    queued = queue_reminders(board, day)
    enqueue(send_reminders, cohort.id, day.isoformat(),
            url_for("learn.course", course_slug=board.course.slug, _external=True))
    if queued:
        flash(ngettext("A reminder is on its way to %(num)s learner.", "A reminder is on its way to %(num)s learners.",
                       queued), "success")
    else:
        flash(_("Nobody new to remind: the learners who need help were reminded today already, "
                "or have no e-mail address."), "info")
    return redirect(url_for("facilitate.dashboard", cohort_id=cohort.id), code=303)


# The CSV exports of a large cohort are built in the background (facilitate/prepared_files.py).
_EXPORT_ENDPOINTS = {"facilitate.dashboard_csv": PROGRESS, "facilitate.questions_csv": QUESTIONS,
                     "facilitate.pre_post_csv": PRE_POST, "facilitate.donor_csv": SUMMARY}


@bp.before_request
def _large_cohort_exports_wait_for_the_queue():
    """A large cohort's CSV links lead to its prepared-files page, where the export is asked for."""
    if request.endpoint not in _EXPORT_ENDPOINTS or not current_user.is_authenticated:
        return None  # the view itself signs in or refuses
    cohort = facilitated_cohort(request.view_args["cohort_id"], current_user)
    if cohort is None or not is_large(learner_count(cohort)):
        return None
    flash(_("This cohort is large: its exports are prepared in the background. Ask for the file here."), "info")
    return redirect(url_for("facilitate.prepared_files", cohort_id=cohort.id), code=303)


@bp.route("/cohorts/<int:cohort_id>/files", methods=["GET", "POST"])
@login_required
def prepared_files(cohort_id: int):
    cohort = _cohort(cohort_id)
    form = PrepareFileForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            request_file(cohort, current_user, form.kind.data, _language(), request.url_root)
        except NothingToPrepare as refused:  # a stale or forged form: the page offers no such button
            if refused.offer.course_gives_none:
                flash(_("This course gives no certificate."), "error")
            else:
                flash(_("The certificates were not prepared: no learner of this cohort holds a certificate yet."),
                      "error")
        else:
            flash(_("Your file is being prepared. It will be listed here when it is ready."), "success")
        return redirect(url_for("facilitate.prepared_files", cohort_id=cohort.id), code=303)
    files = files_of(cohort, current_user, _now())
    large = is_large(learner_count(cohort))
    certificates = certificate_offer(cohort)
    return render_template("facilitate/files.html", cohort=cohort, files=files, form=form, large=large,
                           offered=offered_kinds(large, certificates), certificates=certificates,
                           expires_at=expires_at, hours=current_app.config["TASKS_FILE_HOURS"], file_size=file_size,
                           labels=prepared_file_labels())


@bp.route("/cohorts/<int:cohort_id>/files/<int:file_id>")
@login_required
def prepared_file(cohort_id: int, file_id: int):
    cohort = _cohort(cohort_id)
    found = downloadable_file(cohort, current_user, file_id, _now())
    if found is None:
        abort(404)
    row, path = found
    response = send_file(path, mimetype="application/zip" if row.kind == CERTIFICATES else "text/csv",
                         as_attachment=True, download_name=download_name(row), max_age=0, conditional=False)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def prepared_file_labels() -> dict[str, str]:
    return {
        PROGRESS: _("Progress table (CSV)"),
        QUESTIONS: _("Questions (CSV)"),
        PRE_POST: _("Pre/post results (CSV)"),
        SUMMARY: _("Summary for donors (CSV)"),
        CERTIFICATES: _("Certificates of the cohort's learners (ZIP of PDF files)"),
    }
