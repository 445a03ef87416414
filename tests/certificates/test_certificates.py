"""Certificates: issued once when a course is passed, downloaded by their holder only, verifiable by anyone."""
import re

from lms_app.certificates.models import Certificate
from lms_app.certificates.pdf import CertificateText, certificate_pdf
from lms_app.certificates.service import CODE_ALPHABET, CODE_LENGTH, grouped_code, issue_certificate, revoke_certificate
from lms_app.database import write_transaction
from lms_app.extensions import db

from ..conftest import csrf_token, sign_in


def _issue(enrollment, course):
    with write_transaction():
        return issue_certificate(enrollment, course.current_version)


def test_passed_course_issues_one_certificate_however_often_it_is_asked(app, make_user, course, pass_course):
    enrollment = pass_course(make_user("amina", display_name="Amina H."))
    first = _issue(enrollment, course)
    second = _issue(enrollment, course)
    assert first.id == second.id
    assert db.session.scalar(db.select(db.func.count(Certificate.id))) == 1
    assert (first.name_on_certificate, first.score_percent) == ("Amina H.", 80.0)


def test_codes_are_long_random_and_free_of_ambiguous_characters(app, make_user, course, pass_course):
    codes = {_issue(pass_course(make_user(f"learner{i}")), course).code for i in range(5)}
    assert len(codes) == 5
    for code in codes:
        assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
    assert not set("0O1IL") & set(CODE_ALPHABET)


def test_no_certificate_before_a_pass_or_when_the_course_gives_none(app, make_user, course, pass_course):
    assert _issue(pass_course(make_user("amina"), passed=False), course) is None
    course.current_version.grants_certificate = False
    db.session.commit()
    assert _issue(pass_course(make_user("bilal")), course) is None
    assert db.session.scalar(db.select(db.func.count(Certificate.id))) == 0


def test_certificate_page_issues_a_missing_certificate_to_a_learner_who_passed(client, make_user, course, pass_course):
    pass_course(make_user("amina"))
    sign_in(client, "amina")
    html = client.get("/certificates/safe-practice").get_data(as_text=True)
    certificate = db.session.scalar(db.select(Certificate))
    assert grouped_code(certificate.code) in html
    assert f"/certificates/{certificate.code}.pdf" in html


def test_learner_not_yet_passed_sees_no_certificate(client, make_user, course, pass_course):
    pass_course(make_user("amina"), passed=False)
    sign_in(client, "amina")
    response = client.get("/certificates/safe-practice")
    assert response.status_code == 200
    assert ".pdf" not in response.get_data(as_text=True)
    assert db.session.scalar(db.select(Certificate)) is None


def test_unknown_course_certificate_page_is_not_found(client, make_user, course):
    make_user("amina")
    sign_in(client, "amina")
    assert client.get("/certificates/no-such-course").status_code == 404


def test_learner_chooses_how_their_name_is_printed(client, make_user, course, pass_course):
    pass_course(make_user("amina", display_name="Amina"))
    sign_in(client, "amina")
    token = csrf_token(client, "/certificates/safe-practice")
    response = client.post("/certificates/safe-practice", data={"name": "  Amina   Hassan Ali ", "csrf_token": token})
    assert response.status_code == 303
    assert db.session.scalar(db.select(Certificate)).name_on_certificate == "Amina Hassan Ali"
    client.post("/certificates/safe-practice", data={"name": "", "csrf_token": token})
    assert db.session.scalar(db.select(Certificate)).name_on_certificate == "Amina"


def test_changing_the_printed_name_needs_the_csrf_token(client, make_user, course, pass_course):
    pass_course(make_user("amina", display_name="Amina"))
    sign_in(client, "amina")
    client.get("/certificates/safe-practice")
    assert client.post("/certificates/safe-practice", data={"name": "Someone else"}).status_code == 400
    assert db.session.scalar(db.select(Certificate)).name_on_certificate == "Amina"


def test_pdf_download_is_an_a4_pdf_carrying_the_verification_address(client, make_user, course, pass_course):
    certificate = _issue(pass_course(make_user("amina")), course)
    sign_in(client, "amina")
    response = client.get(f"/certificates/{certificate.code}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith(b"%PDF")
    assert f"/verify/{certificate.code}".encode() in body
    assert b"/MediaBox [0 0 841.89 595.28]" in body  # A4 landscape, in points


def test_arabic_certificate_pdf_is_generated_with_the_arabic_font(client, make_user, course, pass_course):
    certificate = _issue(pass_course(make_user("amina", display_name="أمينة", locale="ar")), course)
    sign_in(client, "amina")
    response = client.get(f"/certificates/{certificate.code}.pdf")
    assert response.status_code == 200
    body = response.get_data()
    assert body.startswith(b"%PDF") and b"NotoSansArabic" in body


def test_pdf_renders_names_mixing_scripts_in_either_direction():
    for right_to_left in (False, True):
        text = CertificateText(
            heading="Certificate", certifies="This certifies that", name="Amina أمينة Ñúñez",
            completed="has completed", course_title="الممارسة الآمنة Safe practice", code_label="Code",
            code="ABCD-EFGH", verify_hint="Check:", verify_url="https://example.org/verify/ABCDEFGH",
            issuer="CP Learn", details=["14 mars 2026", "80 %"], right_to_left=right_to_left)
        assert certificate_pdf(text).startswith(b"%PDF")


def test_another_learners_certificate_download_is_not_found(client, make_user, course, pass_course):
    certificate = _issue(pass_course(make_user("amina")), course)
    make_user("bilal")
    sign_in(client, "bilal")
    assert client.get(f"/certificates/{certificate.code}.pdf").status_code == 404
    assert client.get("/certificates/ZZZZZZZZZZZZZZZZ.pdf").status_code == 404


def test_download_needs_a_signed_in_learner(client, make_user, course, pass_course):
    certificate = _issue(pass_course(make_user("amina")), course)
    response = client.get(f"/certificates/{certificate.code}.pdf")
    assert response.status_code == 302 and "/signin" in response.headers["Location"]


def test_verify_page_reveals_course_date_and_validity_but_not_name_or_score(client, make_user, course, pass_course):
    certificate = _issue(pass_course(make_user("amina", display_name="Amina Hassan")), course)
    response = client.get(f"/verify/{certificate.code}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Safe practice" in html and "March 14, 2026" in html and "This certificate is valid." in html
    for private in ("Amina", "amina", "80%", "80 %", "8.0", "Score"):
        assert private not in html


def test_verify_accepts_the_code_as_printed_with_dashes_and_in_lower_case(client, make_user, course, pass_course):
    certificate = _issue(pass_course(make_user("amina")), course)
    typed = grouped_code(certificate.code).lower()
    assert client.get(f"/verify/{typed}").status_code == 200
    redirect = client.get("/verify", query_string={"code": typed})
    assert redirect.status_code == 303 and redirect.headers["Location"].endswith(f"/verify/{certificate.code}")


def test_verify_page_is_in_the_visitors_language(client, make_user, course, pass_course):
    certificate = _issue(pass_course(make_user("amina")), course)
    html = client.get(f"/verify/{certificate.code}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Pratique sûre" in html


def test_unknown_code_gets_a_friendly_not_found_page(client):
    response = client.get("/verify/NOTAREALCODE")
    assert response.status_code == 404
    assert 'name="code"' in response.get_data(as_text=True)  # a form to type the code again


def test_admin_finds_and_revokes_a_certificate_and_verification_says_revoked(client, make_user, course, pass_course):
    certificate = _issue(pass_course(make_user("amina")), course)
    make_user("admin", is_admin=True)
    sign_in(client, "admin")
    page = client.get("/admin/certificates", query_string={"code": certificate.code.lower()}).get_data(as_text=True)
    action = re.search(r'action="(/admin/certificates/\d+/revoke)"', page).group(1)
    token = csrf_token(client, f"/admin/certificates?code={certificate.code}")
    response = client.post(action, data={"reason": "Answers copied from another learner", "csrf_token": token})
    assert response.status_code == 303
    stored = db.session.get(Certificate, certificate.id)
    assert stored.revoked_at is not None and stored.revoked_reason == "Answers copied from another learner"
    html = client.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "This certificate was revoked" in html and "copied" not in html


def test_revoking_needs_an_admin_a_reason_and_the_csrf_token(client, make_user, course, pass_course):
    certificate = _issue(pass_course(make_user("amina")), course)
    sign_in(client, "amina")
    assert client.get("/admin/certificates").status_code == 403
    token = csrf_token(client, "/certificates/safe-practice")
    assert client.post(f"/admin/certificates/{certificate.id}/revoke",
                       data={"reason": "x", "csrf_token": token}).status_code == 403
    make_user("admin", is_admin=True)
    client.post("/signout", data={"csrf_token": token})
    sign_in(client, "admin")
    assert client.post(f"/admin/certificates/{certificate.id}/revoke", data={"reason": "x"}).status_code == 400
    token = csrf_token(client, "/admin/certificates")
    client.post(f"/admin/certificates/{certificate.id}/revoke", data={"reason": "   ", "csrf_token": token})
    assert db.session.get(Certificate, certificate.id).revoked_at is None


def test_revoked_certificate_can_no_longer_be_downloaded(client, make_user, course, pass_course):
    certificate = _issue(pass_course(make_user("amina")), course)
    revoke_certificate(certificate, "issued in error")
    sign_in(client, "amina")
    assert client.get(f"/certificates/{certificate.code}.pdf").status_code == 404
    assert "was revoked" in client.get("/certificates/safe-practice").get_data(as_text=True)
