"""Certificate pages: the learner's certificate, its PDF, public verification, and revocation by an admin."""
from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..accounts.models import User
from ..catalog.models import Course
from ..extensions import db
from ..permissions import admin_required
from .document import certificate_document
from .forms import FindCertificateForm, PrintedNameForm, RevokeForm
from .models import Certificate
from .service import (find_by_code, grouped_code, learner_certificate, normalise_code,
                      revoke_certificate, set_printed_name, verification)

bp = Blueprint("certificates", __name__)


@bp.route("/certificates/<course_slug>", methods=["GET", "POST"])
@login_required
def course_certificate(course_slug: str):
    page = learner_certificate(current_user.id, course_slug)
    if page is None:
        abort(404)
    form = PrintedNameForm()
    if page.certificate is not None and request.method == "GET":
        form.name.data = page.certificate.name_on_certificate
    if request.method == "POST":
        if page.certificate is None or page.certificate.revoked_at is not None:
            abort(404)
        if form.validate_on_submit():
            set_printed_name(page.certificate, form.name.data or "")
            flash(_("Your certificate will show your name as: %(name)s", name=page.certificate.name_on_certificate),
                  "success")
            return redirect(url_for("certificates.course_certificate", course_slug=course_slug), code=303)
    return render_template("certificates/course.html", page=page, form=form, lang=str(get_locale()),
                           grouped_code=grouped_code), 400 if form.errors else 200


@bp.route("/certificates/<code>.pdf")
@login_required
def certificate_download(code: str):
    certificate = find_by_code(code)
    # Another learner's code is "not found", not "forbidden": it must not
    # even confirm that the code exists.
    if certificate is None or certificate.user_id != current_user.id or certificate.revoked_at is not None:
        abort(404)
    course = db.session.get(Course, certificate.course_id)
    if course is None or course.current_version is None:
        abort(404)
    document = certificate_document(certificate, course,
                                    url_for("certificates.verify", code=certificate.code, _external=True))
    response = make_response(document)
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="certificate-{course.slug}.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/verify")
def verify_form():
    """A code typed from a paper certificate: go to its verification page."""
    form = FindCertificateForm(request.args)
    if form.validate():
        return redirect(url_for("certificates.verify", code=normalise_code(form.code.data)), code=303)
    return render_template("certificates/verify_form.html", form=form)


@bp.route("/verify/<code>")
def verify(code: str):
    facts = verification(code)
    if facts is None:
        return render_template("certificates/unknown.html", form=FindCertificateForm(formdata=None)), 404
    return render_template("certificates/verify.html", facts=facts, lang=str(get_locale()),
                           grouped_code=grouped_code)


@bp.route("/admin/certificates")
@admin_required
def admin_certificates():
    form = FindCertificateForm(request.args)
    found = None
    if request.args.get("code") and form.validate():
        found = db.session.execute(
            db.select(Certificate, Course, User)
            .join(Course, Course.id == Certificate.course_id)
            .outerjoin(User, User.id == Certificate.user_id)
            .where(Certificate.code == normalise_code(form.code.data))
        ).first()
    return render_template("certificates/admin.html", form=form, found=found, searched=bool(request.args.get("code")),
                           revoke_form=RevokeForm(formdata=None), lang=str(get_locale()), grouped_code=grouped_code)


@bp.route("/admin/certificates/<int:certificate_id>/revoke", methods=["POST"])
@admin_required
def admin_revoke(certificate_id: int):
    certificate = db.session.get(Certificate, certificate_id) or abort(404)
    form = RevokeForm()
    if not form.validate_on_submit():
        flash(_("Give a reason for revoking the certificate."), "error")
    elif certificate.revoked_at is not None:
        flash(_("This certificate was already revoked."), "info")
    else:
        revoke_certificate(certificate, form.reason.data)
        flash(_("Certificate %(code)s is revoked. Its verification page now says so.",
                code=grouped_code(certificate.code)), "success")
    return redirect(url_for("certificates.admin_certificates", code=certificate.code), code=303)
