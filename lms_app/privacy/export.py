"""Everything stored about one person, as one JSON document or a zip of CSV files.

The export is organised as named tables of rows (`personal_data`), the same
for both formats: the JSON document holds every table under its name; the
zip holds one CSV per table (`<name>.csv`, a header row, then one row per
record; nested values such as answers are written as JSON text in their
cell). Rows only carry what is about the person: no password hash, no
session token, and never another person's id or name (who entered an
offline score, who looked at the answers).
"""
import csv
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from ..accounts.models import User
from ..catalog.models import Course
from ..certificates.models import Certificate
from ..extensions import db
from ..facilitate import audit
from ..facilitate.models import (Attendance, AuditEntry, Cohort, CohortMembership, CohortSession, OfflineScore,
                                 Reminder)
from ..facilitate.tables import spreadsheet_safe
from ..learn.models import Attempt, Enrollment, ModuleProgress
from ..models_base import utcnow
from ..xblock_runtime.models import XBlockField

FORMAT_VERSION = 1


@dataclass
class ExportTable:
    """One table of the export: its column names (kept when it has no rows) and its rows."""

    columns: list[str]
    rows: list[dict]


def _account(user: User) -> ExportTable:
    row = {
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email,
        "locale": user.locale,
        "organisation_type": user.organisation_type,
        "work_role": user.work_role,
        "country": user.country,
        "is_author": user.is_author,
        "is_admin": user.is_admin,
        "created_at": user.created_at,
    }
    return ExportTable(list(row), [row])


def _table(statement) -> ExportTable:
    result = db.session.execute(statement)
    return ExportTable(list(result.keys()), [dict(row._mapping) for row in result])


def _audit_table(user_id: int, actions) -> ExportTable:
    return _table(
        db.select(AuditEntry.action, Cohort.name.label("cohort"), AuditEntry.created_at)
        .outerjoin(Cohort, Cohort.id == AuditEntry.cohort_id)
        .where(AuditEntry.subject_user_id == user_id, AuditEntry.action.in_(actions)).order_by(AuditEntry.id))


def personal_data(user: User) -> dict[str, ExportTable]:
    """Every table of the export, by name, each a list of rows; one query per table."""
    user_id = user.id
    return {
        "account": _account(user),
        "enrollments": _table(
            db.select(Course.slug.label("course"), Cohort.name.label("cohort"), Enrollment.enrolled_at,
                      Enrollment.last_activity_at, Enrollment.last_module_slug, Enrollment.score,
                      Enrollment.max_score, Enrollment.completed_at, Enrollment.passed_at)
            .join(Course, Course.id == Enrollment.course_id)
            .outerjoin(Cohort, Cohort.id == Enrollment.cohort_id)
            .where(Enrollment.user_id == user_id).order_by(Enrollment.id)),
        "module_progress": _table(
            db.select(Course.slug.label("course"), ModuleProgress.module_slug, ModuleProgress.viewed_at,
                      ModuleProgress.answered_count, ModuleProgress.score, ModuleProgress.max_score,
                      ModuleProgress.completed_at, ModuleProgress.passed, ModuleProgress.failed_attempts,
                      ModuleProgress.updated_at)
            .join(Course, Course.id == ModuleProgress.course_id)
            .where(ModuleProgress.user_id == user_id).order_by(ModuleProgress.id)),
        "attempts": _table(
            db.select(Course.slug.label("course"), Attempt.module_slug, Attempt.quiz_id, Attempt.usage_id,
                      Attempt.answer, Attempt.score, Attempt.max_score, Attempt.correct, Attempt.response,
                      Attempt.source, Attempt.created_at)
            .join(Course, Course.id == Attempt.course_id)
            .where(Attempt.user_id == user_id).order_by(Attempt.id)),
        "block_state": _table(
            db.select(XBlockField.usage_id, XBlockField.scope, XBlockField.field_name, XBlockField.value,
                      XBlockField.updated_at)
            .where(XBlockField.user_key == str(user_id)).order_by(XBlockField.id)),
        "cohort_memberships": _table(
            db.select(Cohort.name.label("cohort"), Course.slug.label("course"), CohortMembership.role,
                      CohortMembership.joined_at)
            .join(Cohort, Cohort.id == CohortMembership.cohort_id)
            .join(Course, Course.id == Cohort.course_id)
            .where(CohortMembership.user_id == user_id).order_by(CohortMembership.id)),
        "attendance": _table(
            db.select(Cohort.name.label("cohort"), CohortSession.title.label("session"), CohortSession.held_on,
                      Attendance.present)
            .join(CohortSession, CohortSession.id == Attendance.session_id)
            .join(Cohort, Cohort.id == CohortSession.cohort_id)
            .where(Attendance.user_id == user_id).order_by(Attendance.id)),
        "offline_scores": _table(
            db.select(Cohort.name.label("cohort"), OfflineScore.test, OfflineScore.score, OfflineScore.max_score,
                      OfflineScore.entered_at)
            .join(Cohort, Cohort.id == OfflineScore.cohort_id)
            .where(OfflineScore.user_id == user_id).order_by(OfflineScore.id)),
        "certificates": _table(
            db.select(Course.slug.label("course"), Certificate.code, Certificate.name_on_certificate,
                      Certificate.score_percent, Certificate.issued_at, Certificate.revoked_at,
                      Certificate.revoked_reason)
            .join(Course, Course.id == Certificate.course_id)
            .where(Certificate.user_id == user_id).order_by(Certificate.id)),
        # Facilitators' views of my answers are logged, and so is each time I
        # was made or unmade a cohort's facilitator; the log says when and in
        # which cohort, not who did it (that is the facilitator's data).
        "views_of_my_answers": _audit_table(user_id, [audit.VIEWED_ANSWERS]),
        "facilitation_of_cohorts": _audit_table(user_id, audit.FACILITATION_CHANGES),
        "reminders": _table(
            db.select(Cohort.name.label("cohort"), Reminder.sent_on, Reminder.sent_at)
            .join(Cohort, Cohort.id == Reminder.cohort_id)
            .where(Reminder.user_id == user_id).order_by(Reminder.id)),
    }


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")


def export_json(user: User) -> bytes:
    """The whole export as one UTF-8 JSON document."""
    tables = {name: table.rows for name, table in personal_data(user).items()}
    document = {"format_version": FORMAT_VERSION, "exported_at": utcnow(), **tables}
    return json.dumps(document, ensure_ascii=False, indent=1, default=_plain).encode("utf-8")


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        # Cohort and session names are written by facilitators: a "=..."
        # name must not run as a formula in the learner's spreadsheet.
        return spreadsheet_safe(value)
    return value


def export_csv_zip(user: User) -> bytes:
    """The export as a zip of one CSV file per table (UTF-8 with a byte-order mark, for spreadsheets)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, table in personal_data(user).items():
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(table.columns)
            for row in table.rows:
                writer.writerow([_cell(row[column]) for column in table.columns])
            archive.writestr(f"{name}.csv", "\ufeff" + text.getvalue())
    return buffer.getvalue()
