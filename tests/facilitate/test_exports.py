"""Exports: the CSV says exactly what the page shows, in the facilitator's language, safe to open in a spreadsheet."""
import csv
import io
import re
from html import unescape
from pathlib import Path

from babel.numbers import format_percent
from babel.support import Translations

from lms_app.extensions import db

from ..conftest import csrf_token
from .conftest import answer, progress, sign_in_as


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def _html_rows(page: str, caption: str) -> list[list[str]]:
    """The header and body cells of the table with this caption, as text."""
    table = re.search(r"<table[^>]*>\s*<caption[^>]*>" + re.escape(caption) + r"</caption>(.*?)</table>", page, re.S)
    assert table, caption
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells])
    return rows


def test_the_progress_export_matches_the_page(client, facilitator, cohort, course, add_learners):
    amina, jean = add_learners("amina", "jean")
    progress(amina, course, "pre-test", score=2, max_score=2)
    sign_in_as(client, facilitator)
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    exported = _csv_rows(client.get(f"/cohorts/{cohort.id}/progress.csv"))
    assert exported == _html_rows(page, "Learners and modules")
    assert exported[0][:2] == ["Learner", "Pre-test"]


def test_every_table_export_matches_its_page(client, facilitator, cohort, course, add_learners):
    (amina,) = add_learners("amina")
    answer(amina, course, "pathways", "pathway", 0, given="c2")
    progress(amina, course, "pre-test", score=1, max_score=2)
    sign_in_as(client, facilitator)
    for page_url, csv_url, caption in [
        ("/questions", "/questions.csv", "Questions of the course"),
        ("/pre-post", "/pre-post.csv", "Pre-test and post-test per learner"),
        ("/donor-summary", "/donor-summary.csv", "Results by group"),
    ]:
        page = client.get(f"/cohorts/{cohort.id}{page_url}").get_data(as_text=True)
        assert _csv_rows(client.get(f"/cohorts/{cohort.id}{csv_url}")) == _html_rows(page, caption), page_url


def test_exports_follow_the_facilitators_language(client, facilitator, cohort, course, add_learners):
    (amina,) = add_learners("amina")
    progress(amina, course, "pre-test", score=1, max_score=3)
    progress(amina, course, "post-test", score=3, max_score=3)
    sign_in_as(client, facilitator)
    client.post("/language", data={"csrf_token": csrf_token(client, "/"), "language": "fr", "next": "/"})
    rows = _csv_rows(client.get(f"/cohorts/{cohort.id}/pre-post.csv"))
    french = Translations.load(Path(client.application.root_path).parent / "translations", ["fr"])
    assert rows[0][0] == french.gettext("Learner") != "Learner"
    # 1/3 and 3/3 as French percentages (a no-break space before %), the normalised gain with a decimal comma.
    assert [rows[1][1], rows[1][2], rows[1][4]] == [format_percent(1 / 3, locale="fr"), format_percent(1, locale="fr"),
                                                    "1,00"]
    assert rows[1][1] in ("33\u00a0%", "33\u202f%")


def test_formula_cells_are_neutralised(client, facilitator, cohort, add_learners):
    add_learners("mallory", display_name="=HYPERLINK(\"http://evil.example\",\"x\")")
    add_learners("plus", display_name="+1+1")
    sign_in_as(client, facilitator)
    names = [row[0] for row in _csv_rows(client.get(f"/cohorts/{cohort.id}/progress.csv"))[1:]]
    assert sorted(names) == ["'+1+1", "'=HYPERLINK(\"http://evil.example\",\"x\")"]


def test_the_donor_summary_has_no_names_and_hides_small_groups(client, facilitator, cohort, course, add_learners):
    learners = add_learners("a1", "a2", "a3", "a4", "a5", "a6", display_name="Named Person")
    for user in learners[:5]:
        user.organisation_type = "lngo"
    learners[5].organisation_type = "un"
    db.session.commit()
    for user in learners:
        progress(user, course, "pre-test", score=1, max_score=2)
        progress(user, course, "post-test", score=2, max_score=2)
    sign_in_as(client, facilitator)
    response = client.get(f"/cohorts/{cohort.id}/donor-summary.csv")
    text = response.data.decode("utf-8-sig")
    assert "Named Person" not in text and "a1" not in text
    rows = {row[0]: row[1:] for row in _csv_rows(response)[1:]}
    assert rows["Whole cohort"][:3] == ["6", "0", "0"]
    assert rows["Whole cohort"][3:] == ["50%", "100%", "1.00"]
    assert rows["Organisation type: National or local NGO"][0] == "5"
    assert rows["Organisation type: UN agency"] == ["fewer than 5"] + ["not shown"] * 5
