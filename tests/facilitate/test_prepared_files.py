"""Files built in the background: a large cohort's exports and the cohort's certificates, for the facilitator who asked."""
import html
import io
import re
import zipfile
from datetime import timedelta

import pytest
from flask_babel import force_locale, gettext

from lms_app.certificates.bulk import CertificateOffer, certificate_offer, cohort_certificates
from lms_app.certificates.models import Certificate
from lms_app.certificates.service import new_certificate_code, revoke_certificate
from lms_app.extensions import db
from lms_app.facilitate import prepared_files
from lms_app.facilitate.cohorts import add_facilitator, create_cohort
from lms_app.facilitate.models import PreparedFile
from lms_app.facilitate.prepared_files import delete_expired_files, files_folder

from ..conftest import csrf_token
from .conftest import progress, set_activity, sign_in_as, utc_now

EXPORTS = {"progress": "/progress.csv", "questions": "/questions.csv", "pre-post": "/pre-post.csv",
           "summary": "/donor-summary.csv"}


@pytest.fixture
def large(app, monkeypatch):
    """Cohorts of more than one learner count as large."""
    monkeypatch.setitem(app.config, "TASKS_LARGE_COHORT", 1)


def _ask(client, cohort, kind):
    return client.post(f"/cohorts/{cohort.id}/files",
                       data={"csrf_token": csrf_token(client, f"/cohorts/{cohort.id}/files"), "kind": kind})


def _download_links(page: str) -> list[str]:
    return re.findall(r'href="(/cohorts/\d+/files/\d+)"', page)


def test_a_large_cohorts_exports_are_prepared_and_match_the_direct_ones(app, client, facilitator, cohort, course,
                                                                          add_learners, monkeypatch):
    amina, jean = add_learners("amina", "jean")
    progress(amina, course, "pre-test", score=2, max_score=2)
    sign_in_as(client, facilitator)
    direct = {kind: client.get(f"/cohorts/{cohort.id}{path}").data for kind, path in EXPORTS.items()}
    monkeypatch.setitem(app.config, "TASKS_LARGE_COHORT", 1)

    dashboard = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "Prepare the progress table (CSV)" in dashboard and "/progress.csv" not in dashboard
    # An old link to a direct export leads to the page where the file is asked for.
    moved = client.get(f"/cohorts/{cohort.id}/progress.csv")
    assert moved.status_code == 303 and moved.location.endswith(f"/cohorts/{cohort.id}/files")
    for kind in EXPORTS:
        response = _ask(client, cohort, kind)
        assert response.status_code == 303
    page = client.get(f"/cohorts/{cohort.id}/files").get_data(as_text=True)
    links = _download_links(page)
    assert len(links) == 4 and "Being prepared" not in page
    rows = {row.id: row.kind for row in db.session.scalars(db.select(PreparedFile))}
    for link in links:
        response = client.get(link)
        kind = rows[int(link.rsplit("/", 1)[1])]
        assert response.status_code == 200, kind
        assert response.headers["Cache-Control"] == "private, no-store"
        assert f'filename=cohort-{cohort.id}-{kind}.csv' in response.headers["Content-Disposition"]
        assert response.data == direct[kind], kind


def test_the_file_is_in_the_language_of_the_facilitator_who_asked(client, facilitator, cohort, add_learners, large):
    add_learners("amina", "jean")
    sign_in_as(client, facilitator)
    client.post("/language", data={"csrf_token": csrf_token(client, "/"), "language": "fr", "next": "/"})
    _ask(client, cohort, "progress")
    [link] = _download_links(client.get(f"/cohorts/{cohort.id}/files").get_data(as_text=True))
    header = client.get(link).data.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Participant,")


def test_a_small_cohort_keeps_its_direct_links(client, facilitator, cohort, add_learners):
    add_learners("amina")
    sign_in_as(client, facilitator)
    dashboard = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert f'href="/cohorts/{cohort.id}/progress.csv"' in dashboard and "Prepare the progress table" not in dashboard
    assert client.get(f"/cohorts/{cohort.id}/progress.csv").status_code == 200


def test_a_file_is_only_for_the_facilitator_who_asked(client, app, facilitator, cohort, course, add_learners,
                                                      make_user, large):
    (amina,) = add_learners("amina")
    co_facilitator = make_user("co", is_facilitator=True)
    add_facilitator(cohort, "co", facilitator.id)
    stranger = make_user("stranger", is_facilitator=True)
    create_cohort(stranger, course, "Other", "en", None, None)
    admin = make_user("root", is_admin=True)
    sign_in_as(client, facilitator)
    _ask(client, cohort, "progress")
    [link] = _download_links(client.get(f"/cohorts/{cohort.id}/files").get_data(as_text=True))
    assert client.get(link).status_code == 200
    for other in (co_facilitator, admin, stranger, amina):
        visitor = app.test_client()
        sign_in_as(visitor, other)
        assert visitor.get(link).status_code == 404, other.username
        if other in (co_facilitator, admin):  # they run the cohort, but did not ask for this file
            assert _download_links(visitor.get(f"/cohorts/{cohort.id}/files").get_data(as_text=True)) == []
    anonymous = app.test_client().get(link)
    assert anonymous.status_code == 302 and "/signin" in anonymous.location
    # The file is readable by its owner on the server only.
    row = db.session.scalar(db.select(PreparedFile))
    assert (files_folder() / row.token).stat().st_mode & 0o077 == 0


def test_a_file_is_deleted_some_hours_after_it_is_ready(app, client, facilitator, cohort, add_learners, large):
    add_learners("amina", "jean")
    sign_in_as(client, facilitator)
    _ask(client, cohort, "progress")
    [link] = _download_links(client.get(f"/cohorts/{cohort.id}/files").get_data(as_text=True))
    row = db.session.scalar(db.select(PreparedFile))
    path = files_folder() / row.token
    assert path.is_file()
    assert delete_expired_files(utc_now()) == 0
    row.ready_at = utc_now() - timedelta(hours=app.config["TASKS_FILE_HOURS"], minutes=1)
    db.session.commit()
    assert client.get(link).status_code == 404  # expired, even before the hourly clean-up
    assert delete_expired_files(utc_now()) == 1
    assert not path.exists()
    assert db.session.scalar(db.select(db.func.count(PreparedFile.id))) == 0


def test_a_file_waiting_for_the_queue_is_asked_for_once(client, facilitator, cohort, course, add_learners,
                                                        monkeypatch):
    (amina,) = add_learners("amina")
    _certificate(amina, course)
    queued = []
    monkeypatch.setattr(prepared_files, "enqueue", lambda *args: queued.append(args))
    sign_in_as(client, facilitator)
    _ask(client, cohort, "certificates")
    _ask(client, cohort, "certificates")
    assert len(queued) == 1
    page = client.get(f"/cohorts/{cohort.id}/files").get_data(as_text=True)
    assert "Being prepared" in page and '<meta http-equiv="refresh"' in page
    assert _download_links(page) == []
    # After an hour its task may have been lost (a consumer killed mid-task): asking again queues it again.
    row = db.session.scalar(db.select(PreparedFile))
    row.requested_at = utc_now() - timedelta(hours=2)
    db.session.commit()
    _ask(client, cohort, "certificates")
    assert [args[1] for args in queued] == [row.id, row.id]
    assert db.session.scalar(db.select(db.func.count(PreparedFile.id))) == 1


def test_a_file_that_could_not_be_built_says_so_and_can_be_asked_again(client, facilitator, cohort, course,
                                                                       add_learners, monkeypatch):
    (amina,) = add_learners("amina")
    _certificate(amina, course)

    def broken(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(prepared_files, "write_certificates_zip", broken)
    sign_in_as(client, facilitator)
    _ask(client, cohort, "certificates")
    page = client.get(f"/cohorts/{cohort.id}/files").get_data(as_text=True)
    assert "could not be prepared" in page
    assert list(files_folder().glob("*.part")) == []
    monkeypatch.undo()
    _ask(client, cohort, "certificates")
    assert len(_download_links(client.get(f"/cohorts/{cohort.id}/files").get_data(as_text=True))) == 1


def _certificate(user, course, **fields) -> Certificate:
    certificate = Certificate(user_id=user.id, course_id=course.id, code=new_certificate_code(),
                              name_on_certificate=user.display_name, score_percent=80.0, **fields)
    db.session.add(certificate)
    db.session.commit()
    return certificate


def test_the_certificates_of_the_cohort_come_as_one_zip_each_in_its_learners_language(
        client, facilitator, cohort, course, add_learners, make_user):
    (amina,) = add_learners("amina", display_name="Amina")
    (omar,) = add_learners("omar", display_name="عمر", locale="ar")
    (li,) = add_learners("li")
    outsider = make_user("outsider")
    certificates = {u.username: _certificate(u, course) for u in (amina, omar, outsider)}
    _certificate(li, course, revoked_at=utc_now())
    sign_in_as(client, facilitator)
    dashboard = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "Prepare the certificates of the cohort's learners (ZIP)" in dashboard
    assert _ask(client, cohort, "certificates").status_code == 303
    [link] = _download_links(client.get(f"/cohorts/{cohort.id}/files").get_data(as_text=True))
    response = client.get(link)
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    # Not the revoked certificate, not a learner of another cohort.
    assert sorted(archive.namelist()) == ["amina-referral.pdf", "omar-referral.pdf"]
    for username in ("amina", "omar"):
        document = archive.read(f"{username}-referral.pdf")
        assert document.startswith(b"%PDF")
        code = certificates[username].code
        assert f"http://localhost/verify/{code}".encode() in document  # the QR code's link
    # Amina has no interface language: the cohort's (English); Omar's is Arabic (the title in UTF-16, Arabic letters).
    assert b"/Title (Certificate of completion)" in archive.read("amina-referral.pdf")
    assert b"/Title <feff06" in archive.read("omar-referral.pdf")


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_the_new_buttons_and_the_files_page_are_in_the_facilitators_language(
        client, facilitator, cohort, course, add_learners, large, mailbox, lang):
    amina, jean = add_learners("amina", "jean", email=None)
    set_activity(amina, course, days_ago=10)
    _certificate(jean, course)
    db.session.add(PreparedFile(cohort_id=cohort.id, requested_by_id=facilitator.id, kind="progress", language=lang,
                                status="waiting", token="waiting-file"))
    db.session.commit()
    sign_in_as(client, facilitator)
    client.post("/language", data={"csrf_token": csrf_token(client, "/"), "language": lang, "next": "/"})
    _ask(client, cohort, "certificates")
    dashboard = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    files = client.get(f"/cohorts/{cohort.id}/files").get_data(as_text=True)
    assert f'<html lang="{lang}"' in dashboard and f'<html lang="{lang}"' in files
    assert len(_download_links(files)) == 1
    english = ["Prepare the progress table", "has no e-mail address", "Files prepared for you", "Prepared files",
               "Being prepared", "asked for on", "Ask for a file"]
    for text in english:
        assert (text in dashboard + files) == (lang == "en"), text


NOBODY_HOLDS_ONE = "No learner of this cohort holds a certificate yet."


def test_the_certificates_held_are_counted_as_the_zip_would_hold_them(cohort, course, add_learners, make_user):
    amina, omar, li, gone = add_learners("amina", "omar", "li", "gone")
    assert certificate_offer(cohort) == CertificateOffer(course_gives=True, holders=0)
    _certificate(amina, course)
    _certificate(omar, course)
    _certificate(li, course, revoked_at=utc_now())
    _certificate(gone, course)
    gone.deleted_at = utc_now()
    _certificate(make_user("outsider"), course)  # a learner of no cohort
    db.session.commit()
    assert certificate_offer(cohort).holders == len(cohort_certificates(cohort)) == 2


def test_a_cohort_where_nobody_holds_a_certificate_is_not_offered_the_zip(client, facilitator, cohort, course,
                                                                          add_learners, monkeypatch):
    (amina, li) = add_learners("amina", "li")
    _certificate(li, course, revoked_at=utc_now())
    queued = []
    monkeypatch.setattr(prepared_files, "enqueue", lambda *args: queued.append(args))
    sign_in_as(client, facilitator)
    dashboard = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    files = client.get(f"/cohorts/{cohort.id}/files").get_data(as_text=True)
    for page in (dashboard, files):
        assert 'value="certificates"' not in page and NOBODY_HOLDS_ONE in page
    assert "<form method=\"post\">" not in files  # a small cohort: nothing else to ask for either
    # A stale or forged form is answered in words, and nothing is queued or listed.
    response = _ask(client, cohort, "certificates")
    assert response.status_code == 303 and response.location.endswith(f"/cohorts/{cohort.id}/files")
    files = client.get(response.location).get_data(as_text=True)
    assert "The certificates were not prepared: no learner of this cohort holds a certificate yet." in files
    assert "being prepared" not in files and "You have not asked for any file yet." in files
    assert queued == [] and db.session.scalar(db.select(db.func.count(PreparedFile.id))) == 0


def test_a_large_cohort_without_certificates_is_still_offered_its_exports(client, facilitator, cohort, add_learners,
                                                                          large):
    add_learners("amina", "jean")
    sign_in_as(client, facilitator)
    for path in ("", "/files"):
        page = client.get(f"/cohorts/{cohort.id}{path}").get_data(as_text=True)
        assert re.findall(r'name="kind" value="([\w-]+)"', page) == list(EXPORTS), path
        assert NOBODY_HOLDS_ONE in page


def test_a_build_that_finds_no_certificate_leaves_no_empty_download(app, client, facilitator, cohort, course,
                                                                    add_learners, monkeypatch):
    (amina,) = add_learners("amina")
    certificate = _certificate(amina, course)
    queued = []
    monkeypatch.setattr(prepared_files, "enqueue", lambda *args: queued.append(args))
    sign_in_as(client, facilitator)
    _ask(client, cohort, "certificates")
    # Revoked between the request and the build.
    revoke_certificate(certificate, "Issued by mistake")
    [(task, file_id, url_root)] = queued
    task(file_id, url_root)
    row = db.session.get(PreparedFile, file_id)
    assert row.status == prepared_files.EMPTY and row.ready_at is not None
    assert list(files_folder().glob(f"{row.token}*")) == []  # neither an empty ZIP nor a partial one
    page = client.get(f"/cohorts/{cohort.id}/files").get_data(as_text=True)
    assert _download_links(page) == [] and "KB" not in page and '<meta http-equiv="refresh"' not in page
    assert ("Nothing to download: no learner of this cohort held a certificate when the file was prepared."
            in page)
    assert client.get(f"/cohorts/{cohort.id}/files/{file_id}").status_code == 404
    # It goes the way of the other files.
    row.ready_at = utc_now() - timedelta(hours=app.config["TASKS_FILE_HOURS"], minutes=1)
    db.session.commit()
    assert "Nothing to download" not in client.get(f"/cohorts/{cohort.id}/files").get_data(as_text=True)
    assert delete_expired_files(utc_now()) == 1


def test_a_cohort_with_certificates_gets_a_zip_with_one_pdf_per_holder(client, facilitator, cohort, course,
                                                                       add_learners):
    learners = add_learners("amina", "jean", "li", "omar")
    for learner in learners[:3]:
        _certificate(learner, course)
    sign_in_as(client, facilitator)
    dashboard = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert 'value="certificates"' in dashboard and NOBODY_HOLDS_ONE not in dashboard
    _ask(client, cohort, "certificates")
    page = client.get(f"/cohorts/{cohort.id}/files").get_data(as_text=True)
    assert NOBODY_HOLDS_ONE not in page and "Nothing to download" not in page
    [link] = _download_links(page)
    archive = zipfile.ZipFile(io.BytesIO(client.get(link).data))
    assert sorted(archive.namelist()) == ["amina-referral.pdf", "jean-referral.pdf", "li-referral.pdf"]
    assert all(archive.read(name).startswith(b"%PDF") for name in archive.namelist())


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_a_cohort_without_certificates_is_told_so_in_the_facilitators_language(client, facilitator, cohort,
                                                                               add_learners, lang):
    add_learners("amina")
    db.session.add(PreparedFile(cohort_id=cohort.id, requested_by_id=facilitator.id, kind="certificates",
                                language=lang, status="empty", token="empty-file", ready_at=utc_now()))
    db.session.commit()
    sign_in_as(client, facilitator)
    client.post("/language", data={"csrf_token": csrf_token(client, "/"), "language": lang, "next": "/"})
    dashboard = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    files = client.get(_ask(client, cohort, "certificates").location).get_data(as_text=True)
    assert f'<html lang="{lang}"' in dashboard and f'<html lang="{lang}"' in files
    said = {NOBODY_HOLDS_ONE: (dashboard, files),
            "The certificates were not prepared: no learner of this cohort holds a certificate yet.": (files,),
            "Nothing to download: no learner of this cohort held a certificate when the file was prepared.": (files,)}
    for english, pages in said.items():
        with force_locale(lang):
            translated = gettext(english)
        assert (translated == english) == (lang == "en"), english
        assert all(translated in html.unescape(page) for page in pages), english


GIVES_NONE = "This course gives no certificate."


@pytest.fixture
def no_certificate(course):
    """The cohort's course gives no certificate (no `certificate: true` in its course.yaml)."""
    course.current_version.grants_certificate = False
    db.session.commit()


def test_a_course_that_gives_no_certificate_says_so_and_offers_nothing_about_certificates(
        client, facilitator, cohort, course, add_learners, no_certificate, monkeypatch):
    add_learners("amina", "li")
    queued = []
    monkeypatch.setattr(prepared_files, "enqueue", lambda *args: queued.append(args))
    assert certificate_offer(cohort) == CertificateOffer(course_gives=False, holders=0)
    sign_in_as(client, facilitator)
    for path in ("", "/files"):
        page = client.get(f"/cohorts/{cohort.id}{path}").get_data(as_text=True)
        assert GIVES_NONE in page, path
        assert 'value="certificates"' not in page and NOBODY_HOLDS_ONE not in page, path
        assert "Prepare the certificates" not in page and "certificates of the cohort" not in page, path
    # A forged request is answered in words, and nothing is queued or listed.
    response = _ask(client, cohort, "certificates")
    assert response.status_code == 303
    files = client.get(response.location).get_data(as_text=True)
    assert GIVES_NONE in files and "The certificates were not prepared" not in files
    assert queued == [] and db.session.scalar(db.select(db.func.count(PreparedFile.id))) == 0


def test_certificates_held_from_when_the_course_gave_them_are_still_offered_once_it_gives_none(
        client, facilitator, cohort, course, add_learners, no_certificate, large):
    """Issued certificates stay valid: the facilitator may still have to print them for the cohort's closing."""
    (amina, jean) = add_learners("amina", "jean")
    _certificate(amina, course)
    assert certificate_offer(cohort) == CertificateOffer(course_gives=False, holders=1)
    sign_in_as(client, facilitator)
    for path in ("", "/files"):
        page = client.get(f"/cohorts/{cohort.id}{path}").get_data(as_text=True)
        # A large cohort is offered its exports, and the certificates held.
        assert re.findall(r'name="kind" value="([\w-]+)"', page) == [*EXPORTS, "certificates"], path
        assert GIVES_NONE not in page and NOBODY_HOLDS_ONE not in page, path
    _ask(client, cohort, "certificates")
    [link] = _download_links(client.get(f"/cohorts/{cohort.id}/files").get_data(as_text=True))
    archive = zipfile.ZipFile(io.BytesIO(client.get(link).data))
    assert archive.namelist() == ["amina-referral.pdf"]


@pytest.mark.parametrize("lang", ["fr", "es", "ar"])
def test_a_course_that_gives_no_certificate_is_said_in_the_facilitators_language(
        client, facilitator, cohort, add_learners, no_certificate, lang):
    add_learners("amina")
    sign_in_as(client, facilitator)
    client.post("/language", data={"csrf_token": csrf_token(client, "/"), "language": lang, "next": "/"})
    dashboard = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    files = client.get(_ask(client, cohort, "certificates").location).get_data(as_text=True)
    with force_locale(lang):
        translated = gettext(GIVES_NONE)
    assert translated != GIVES_NONE
    assert translated in html.unescape(dashboard)
    assert html.unescape(files).count(translated) == 2  # the page and the answer to the forged request
