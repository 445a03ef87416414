"""The certificates of a cohort's learners as one ZIP of PDFs, for the facilitator to print or send.

Built in the background (a PDF takes tens of milliseconds, a cohort can have
thousands): see facilitate/prepared_files.py. Each certificate is worded in
its learner's interface language, else the cohort's, as the learner would
download it; revoked certificates and deleted accounts are left out.
"""
import zipfile
from pathlib import Path

from flask_babel import force_locale

from ..accounts.models import User
from ..catalog.models import Course
from ..config import LANGUAGES
from ..extensions import db
from ..facilitate.models import LEARNER, Cohort, CohortMembership
from ..tasks import external_url
from .document import certificate_document
from .models import Certificate


def _held_in(cohort: Cohort, *columns):
    """A select of `columns` over the valid certificates held by the cohort's learners (one per learner)."""
    return (db.select(*columns)
            .join(User, User.id == Certificate.user_id)
            .join(CohortMembership, (CohortMembership.user_id == User.id) & (CohortMembership.cohort_id == cohort.id)
                  & (CohortMembership.role == LEARNER))
            .where(Certificate.course_id == cohort.course_id, Certificate.revoked_at.is_(None),
                   User.deleted_at.is_(None)))


def cohort_certificates(cohort: Cohort) -> list[tuple[Certificate, str, str | None]]:
    """(certificate, username, interface language) of each learner of the cohort who holds a valid one."""
    return [tuple(row) for row in db.session.execute(
        _held_in(cohort, Certificate, User.username, User.locale).order_by(User.username)).all()]


def certificate_holders(cohort: Cohort) -> int:
    """How many learners of the cohort hold a valid certificate: the number of PDFs its ZIP would hold."""
    return db.session.scalar(_held_in(cohort, db.func.count(Certificate.id))) or 0


def write_certificates_zip(cohort: Cohort, target: Path, url_root: str) -> int:
    """Write the ZIP to `target`; returns how many certificates are in it.

    `url_root` is the site's address as the facilitator's request saw it,
    for the verification links and QR codes.
    """
    course = db.session.get(Course, cohort.course_id)
    certificates = cohort_certificates(cohort)
    # Stored, not deflated: the PDFs are compressed already.
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        for certificate, username, locale in certificates:
            verify_url = external_url(url_root, "certificates.verify", code=certificate.code)
            with force_locale(locale if locale in LANGUAGES else cohort.language):
                document = certificate_document(certificate, course, verify_url)
            archive.writestr(f"{username}-{course.slug}.pdf", document)
    return len(certificates)
