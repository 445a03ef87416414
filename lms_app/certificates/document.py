"""The certificate's PDF in the current language: its words (Flask-Babel), laid out by pdf.py.

One function for the learner's own download and for a cohort's ZIP built in
the background, which has no request: the caller gives the address of the
verification page.
"""
from flask_babel import format_date, format_percent, get_locale
from flask_babel import gettext as _

from ..catalog.models import Course
from ..i18n import text_direction
from .models import Certificate
from .pdf import CertificateText, certificate_pdf
from .service import course_title, grouped_code


def certificate_text(certificate: Certificate, course: Course, verify_url: str) -> CertificateText:
    language = str(get_locale())
    return CertificateText(
        heading=_("Certificate of completion"),
        certifies=_("This certifies that"),
        name=certificate.name_on_certificate,
        completed=_("has completed the course"),
        course_title=course_title(course.current_version, language),
        details=[
            _("Issued on %(date)s", date=format_date(certificate.issued_at, format="long")),
            _("Score: %(score)s", score=format_percent(certificate.score_percent / 100)),
        ],
        code_label=_("Verification code"),
        code=grouped_code(certificate.code),
        verify_hint=_("Scan the QR code or open this address to check that this certificate is valid:"),
        verify_url=verify_url,
        issuer="CP Learn",
        right_to_left=text_direction(language) == "rtl",
    )


def certificate_document(certificate: Certificate, course: Course, verify_url: str) -> bytes:
    """The certificate as PDF bytes, worded in the current locale."""
    return certificate_pdf(certificate_text(certificate, course, verify_url))
