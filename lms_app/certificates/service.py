"""Issuing, finding, naming and revoking certificates.

A certificate is issued once per learner and course (UNIQUE user+course),
in the transaction that records the pass. It keeps what the public
verification page and the PDF need even after the learner deletes their
account: the course, the issue date, the score and the verification code.
"""
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from ..accounts.models import User
from ..catalog.models import Course, CourseVersion
from ..database import write_transaction
from ..extensions import db
from ..learn.models import Enrollment
from ..models_base import utcnow
from .models import Certificate

# No 0/O, 1/I/L, 5/S or 8/B: the code is read aloud and typed from paper.
CODE_ALPHABET = "2345679ACDEFGHJKMNPQRTUVWXYZ"
# 28 ** 16 is about 2 ** 77: a code cannot be guessed or enumerated.
CODE_LENGTH = 16
NAME_MAX_LENGTH = 120
REASON_MAX_LENGTH = 200


def new_certificate_code() -> str:
    """A fresh random verification code of CODE_LENGTH unambiguous characters."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    """The code as stored: upper case, without the spaces or dashes people type or print."""
    return "".join(code.split()).replace("-", "").upper()[:64]


def grouped_code(code: str) -> str:
    """The code in groups of four (ABCD-EFGH-...), easier to read out and copy by hand."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def score_percent(enrollment: Enrollment) -> float:
    """The course score as a percentage, rounded to one decimal (100 when nothing is graded)."""
    if not enrollment.max_score:
        return 100.0
    return round(enrollment.score / enrollment.max_score * 100, 1)


def issue_certificate(enrollment: Enrollment, version: CourseVersion) -> Certificate | None:
    """The learner's certificate for this course, created if the enrolment is passed.

    Returns None when the course is not passed or the version grants no
    certificate. Runs in the caller's transaction and is idempotent: a
    second call, or a concurrent request that issued it first, gives the
    existing certificate. The name printed defaults to the display name.
    """
    if enrollment.passed_at is None or not version.grants_certificate:
        return None
    existing = certificate_of(enrollment.user_id, enrollment.course_id)
    if existing is not None:
        return existing
    user = db.session.get(User, enrollment.user_id)
    for _ in range(3):
        certificate = Certificate(
            user_id=enrollment.user_id,
            course_id=enrollment.course_id,
            code=new_certificate_code(),
            name_on_certificate=(user.display_name if user else "")[:NAME_MAX_LENGTH],
            score_percent=score_percent(enrollment),
            issued_at=enrollment.passed_at or utcnow(),
        )
        # A savepoint, so that losing a race on the UNIQUE constraints does
        # not roll back the caller's transaction (the answer that passed).
        try:
            with db.session.begin_nested():
                db.session.add(certificate)
        except IntegrityError:
            existing = certificate_of(enrollment.user_id, enrollment.course_id)
            if existing is not None:
                return existing
            continue  # the code collided with another certificate's: draw again
        return certificate
    raise RuntimeError("could not draw a unique certificate code")


def certificate_of(user_id: int, course_id: int) -> Certificate | None:
    """The certificate a learner holds for a course, if any."""
    return db.session.scalar(db.select(Certificate).where(
        Certificate.user_id == user_id, Certificate.course_id == course_id))


def find_by_code(code: str) -> Certificate | None:
    """The certificate with this verification code (case, spaces and dashes ignored)."""
    key = normalise_code(code)
    if not key:
        return None
    return db.session.scalar(db.select(Certificate).where(Certificate.code == key))


@dataclass
class LearnerCertificate:
    """What the learner's certificate page shows for one course."""

    course: Course
    version: CourseVersion
    enrollment: Enrollment | None
    certificate: Certificate | None

    @property
    def passed(self) -> bool:
        return self.enrollment is not None and self.enrollment.passed_at is not None


def learner_certificate(user_id: int, course_slug: str) -> LearnerCertificate | None:
    """The course, the learner's enrolment and certificate; issues a missing one if the course is passed.

    Issuing here too means a learner who passed before certificates were
    switched on for the course, or before this feature existed, still gets one.
    Returns None for an unknown or unpublished course.
    """
    row = db.session.execute(
        db.select(Course, CourseVersion, Enrollment, Certificate)
        .join(CourseVersion, CourseVersion.id == Course.current_version_id)
        .outerjoin(Enrollment, (Enrollment.course_id == Course.id) & (Enrollment.user_id == user_id))
        .outerjoin(Certificate, (Certificate.course_id == Course.id) & (Certificate.user_id == user_id))
        .where(Course.slug == course_slug)
    ).first()
    if row is None:
        return None
    course, version, enrollment, certificate = row
    if certificate is None and enrollment is not None and enrollment.passed_at is not None \
            and version.grants_certificate:
        with write_transaction():
            certificate = issue_certificate(enrollment, version)
    return LearnerCertificate(course, version, enrollment, certificate)


def set_printed_name(certificate: Certificate, name: str) -> None:
    """Store how the learner wants their name printed (blank: their display name)."""
    name = " ".join(name.split())[:NAME_MAX_LENGTH]
    with write_transaction():
        if not name:
            user = db.session.get(User, certificate.user_id)
            name = user.display_name if user else ""
        certificate.name_on_certificate = name


def revoke_certificate(certificate: Certificate, reason: str) -> None:
    """Mark a certificate revoked, with the reason the admin gave; the verify page then says so."""
    with write_transaction():
        certificate.revoked_at = utcnow()
        certificate.revoked_reason = " ".join(reason.split())[:REASON_MAX_LENGTH]


@dataclass
class Verification:
    """Everything the public verification page may reveal: never the name or the score."""

    code: str
    course_slug: str
    course_titles: dict
    default_language: str
    issued_at: datetime
    revoked_at: datetime | None

    @property
    def valid(self) -> bool:
        return self.revoked_at is None

    def course_title(self, language: str) -> str:
        return self.course_titles.get(language) or self.course_titles.get(self.default_language) or self.course_slug


def verification(code: str) -> Verification | None:
    """The public facts of the certificate with this code, or None if there is none."""
    key = normalise_code(code)
    if not key:
        return None
    row = db.session.execute(
        db.select(Certificate.code, Certificate.issued_at, Certificate.revoked_at, Course.slug,
                  CourseVersion.titles, CourseVersion.default_language)
        .join(Course, Course.id == Certificate.course_id)
        .outerjoin(CourseVersion, CourseVersion.id == Course.current_version_id)
        .where(Certificate.code == key)
    ).first()
    if row is None:
        return None
    return Verification(row.code, row.slug, row.titles or {}, row.default_language or "en", row.issued_at, row.revoked_at)


def course_title(version: CourseVersion, language: str) -> str:
    """The course title in `language`, else in the course's default language."""
    return version.titles.get(language) or version.titles.get(version.default_language) or ""
