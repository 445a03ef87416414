"""Files built in the background for one facilitator: a large cohort's exports, the cohort's certificates.

A cohort above TASKS_LARGE_COHORT learners would hold a web worker for
seconds per export (5 s at 20,000 learners, docs/benchmarks.md), so its
exports are asked for with a button, built by the task queue, and offered
for download on the cohort's "prepared files" page once ready. Smaller
cohorts keep their immediate CSV links. The certificates' ZIP is always
built this way.

A file is the facilitator's own: only the person who asked for it, while
they still run the cohort, may download it; it lives in
`instance/prepared/` under a random name, readable by its owner only, and
is deleted TASKS_FILE_HOURS after it is ready.

The certificates' ZIP is not asked for while no learner of the cohort
holds a certificate, nor for a course that gives none (NothingToPrepare).
Certificates revoked, or accounts deleted, between the request and the
build may still leave it with none: the file is then EMPTY, listed as
having nothing in it, and never offered as an empty download.
"""
import logging
import os
import secrets
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from huey import crontab

from ..accounts.models import User
from ..certificates.bulk import CertificateOffer, certificate_offer, write_certificates_zip
from ..database import write_transaction
from ..extensions import db
from ..models_base import utcnow
from ..tasks import enqueue, task
from .dashboard import as_aware
from .models import LEARNER, Cohort, CohortMembership, PreparedFile
from .tables import EXPORTS, export_table, table_csv

logger = logging.getLogger(__name__)

CERTIFICATES = "certificates"
KINDS = EXPORTS + (CERTIFICATES,)

WAITING = "waiting"
READY = "ready"
FAILED = "failed"
EMPTY = "empty"  # built, with nothing in it: no file on disk, nothing to download

FOLDER = "prepared"
REQUEUE_AFTER = timedelta(hours=1)


def files_folder() -> Path:
    return Path(current_app.instance_path) / FOLDER


def learner_count(cohort: Cohort) -> int:
    return db.session.scalar(db.select(db.func.count(CohortMembership.id)).where(
        CohortMembership.cohort_id == cohort.id, CohortMembership.role == LEARNER)) or 0


class NothingToPrepare(Exception):
    """The file asked for would hold nothing: the course gives no certificate, or no learner holds one."""

    def __init__(self, offer: CertificateOffer):
        super().__init__(offer)
        self.offer = offer


def is_large(learners: int) -> bool:
    """Whether a cohort of this many learners gets its exports built in the background."""
    return learners > current_app.config["TASKS_LARGE_COHORT"]


def offered_kinds(large: bool, certificates: CertificateOffer) -> list[str]:
    """The files that may be asked for: a large cohort's exports, and the certificates once a learner holds one.

    Never the certificates of a course that gives none, even if some were
    issued while an earlier version of it gave them.
    """
    return [*(EXPORTS if large else ()), *((CERTIFICATES,) if certificates.zip_offered else ())]


def download_name(row: PreparedFile) -> str:
    return f"cohort-{row.cohort_id}-{row.kind}.{'zip' if row.kind == CERTIFICATES else 'csv'}"


def expires_at(row: PreparedFile) -> datetime | None:
    if row.ready_at is None:
        return None
    return as_aware(row.ready_at) + timedelta(hours=current_app.config["TASKS_FILE_HOURS"])


def file_size(row: PreparedFile) -> int | None:
    """The size in bytes of a ready file, None if it is not on disk."""
    try:
        return (files_folder() / row.token).stat().st_size
    except OSError:
        return None


def request_file(cohort: Cohort, user: User, kind: str, language: str, url_root: str) -> PreparedFile:
    """Ask for a file; the same file still waiting for this person is not asked for twice.

    Unless it has waited REQUEUE_AFTER: its task may have been lost (a
    consumer killed in the middle), so it is queued again; a second run of
    a file already built does nothing.

    `url_root` is the site's address as the request saw it (the
    certificates' verification links need it). Raises NothingToPrepare
    for the certificates of a cohort where nobody holds one.
    """
    if kind not in KINDS:
        raise ValueError(kind)
    if kind == CERTIFICATES:
        offer = certificate_offer(cohort)
        if not offer.zip_offered:
            raise NothingToPrepare(offer)
    with write_transaction() as session:
        row = session.scalar(db.select(PreparedFile).where(
            PreparedFile.cohort_id == cohort.id, PreparedFile.requested_by_id == user.id,
            PreparedFile.kind == kind, PreparedFile.language == language, PreparedFile.status == WAITING))
        if row is not None and utcnow() - as_aware(row.requested_at) < REQUEUE_AFTER:
            return row
        if row is None:
            row = PreparedFile(cohort_id=cohort.id, requested_by_id=user.id, kind=kind, language=language,
                               status=WAITING, token=secrets.token_urlsafe(32))
            session.add(row)
    enqueue(prepare_file, row.id, url_root)
    return row


def files_of(cohort: Cohort, user: User, now: datetime) -> list[PreparedFile]:
    """The files this person asked for in this cohort and may still download or wait for, newest first."""
    rows = db.session.scalars(db.select(PreparedFile).where(
        PreparedFile.cohort_id == cohort.id, PreparedFile.requested_by_id == user.id)
        .order_by(PreparedFile.requested_at.desc(), PreparedFile.id.desc())).all()
    return [row for row in rows if row.status not in (READY, EMPTY) or expires_at(row) > now]


def downloadable_file(cohort: Cohort, user: User, file_id: int, now: datetime) -> tuple[PreparedFile, Path] | None:
    """The ready, unexpired file `file_id` if `user` asked for it in this cohort, and its path; else None."""
    row = db.session.scalar(db.select(PreparedFile).where(
        PreparedFile.id == file_id, PreparedFile.cohort_id == cohort.id, PreparedFile.requested_by_id == user.id,
        PreparedFile.status == READY))
    if row is None or expires_at(row) <= now:
        return None
    path = files_folder() / row.token
    return (row, path) if path.is_file() else None


@task()
def prepare_file(file_id: int, url_root: str) -> None:
    """Build a requested file into the instance folder and mark it ready (or empty, or failed, to be asked again)."""
    row = db.session.get(PreparedFile, file_id)
    if row is None or row.status != WAITING:
        return
    cohort = db.session.get(Cohort, row.cohort_id)
    folder = files_folder()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / row.token
    partial = folder / f"{row.token}.part"
    empty = False
    try:
        # Written under another name and renamed when complete: a download never sees half a file.
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # learners' names are in it
        os.close(fd)
        if row.kind == CERTIFICATES:
            empty = write_certificates_zip(cohort, partial, url_root) == 0
        else:
            with force_locale(row.language):
                partial.write_bytes(table_csv(export_table(cohort, row.kind, row.language, utcnow())))
        if empty:
            partial.unlink()
        else:
            partial.replace(target)
    except Exception:
        partial.unlink(missing_ok=True)
        db.session.rollback()
        with write_transaction() as session:
            session.execute(db.update(PreparedFile).where(PreparedFile.id == file_id)
                            .values(status=FAILED, ready_at=utcnow()))
        raise
    with write_transaction():
        row.status = EMPTY if empty else READY
        row.ready_at = utcnow()


def delete_expired_files(now: datetime) -> int:
    """Delete the files (and their rows) ready, empty or failed more than TASKS_FILE_HOURS ago; returns how many."""
    cutoff = now - timedelta(hours=current_app.config["TASKS_FILE_HOURS"])
    rows = db.session.scalars(db.select(PreparedFile).where(
        PreparedFile.status != WAITING, PreparedFile.ready_at < cutoff)).all()
    for row in rows:
        (files_folder() / row.token).unlink(missing_ok=True)
    if rows:
        with write_transaction() as session:
            session.execute(db.delete(PreparedFile).where(PreparedFile.id.in_([row.id for row in rows])))
    return len(rows)


@task(periodic=crontab(minute="17"))
def delete_expired_files_hourly() -> int:
    """The consumer deletes expired files once an hour."""
    return delete_expired_files(utcnow())
