"""The certificates of a cohort's learners as one ZIP of PDFs, for the facilitator to print or send.

Built in the background (a PDF takes tens of milliseconds, a cohort can have
thousands): see facilitate/prepared_files.py. Each certificate is worded in
its learner's interface language, else the cohort's, as the learner would
download it; revoked certificates and deleted accounts are left out.
"""
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask_babel import force_locale

from ..accounts.models import User
from ..catalog.models import Course, CourseVersion
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


@dataclass(frozen=True)
class CertificateOffer:
    """What a cohort's facilitator is offered about certificates."""

    course_gives: bool  # the cohort's course, at its current version, gives certificates
    holders: int  # learners of the cohort holding a valid certificate: the PDFs its ZIP would hold

    @property
    def zip_offered(self) -> bool:
        """Whether the certificates' ZIP may be asked for: whenever someone holds one.

        Also once the course gives none any more: certificates issued before
        stay valid and verifiable, and a facilitator may still have to print
        them for the cohort's closing.
        """
        return self.holders > 0

    @property
    def course_gives_none(self) -> bool:
        """Whether to say the course gives no certificate: it gives none, and nobody holds one from before."""
        return not self.course_gives and self.holders == 0


def certificate_offer(cohort: Cohort) -> CertificateOffer:
    """Whether the cohort's course gives certificates and how many of its learners hold one (one query).

    A course gives certificates when its current version says so
    (`certificate: true` in course.yaml), as when they are issued.
    """
    holders = _held_in(cohort, db.func.count(Certificate.id)).scalar_subquery()
    gives, count = db.session.execute(
        db.select(CourseVersion.grants_certificate, holders).select_from(Course)
        .outerjoin(CourseVersion, CourseVersion.id == Course.current_version_id)
        .where(Course.id == cohort.course_id)).one()
    return CertificateOffer(bool(gives), count or 0)


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
