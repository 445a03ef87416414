"""Every facilitator page renders for the cohort's facilitator, with learners at every stage."""
import pytest

from .conftest import answer, progress, sign_in_as


@pytest.fixture
def busy_cohort(cohort, course, add_learners):
    amina, jean, li = add_learners("amina", "jean", "li")
    progress(amina, course, "pre-test", score=1, max_score=2)
    answer(amina, course, "pre-test", "consent", 1, given="c1")
    answer(amina, course, "pre-test", "secrecy", 0, given="c1")
    progress(amina, course, "post-test", score=2, max_score=2)
    answer(amina, course, "post-test", "consent", 1, given="c1")
    answer(amina, course, "post-test", "secrecy", 1, given="c2")
    progress(jean, course, "pathways", completed=False)
    answer(jean, course, "pathways", "pathway", 0, given="c2")
    return cohort


@pytest.mark.parametrize("page", ["", "/questions", "/pre-post", "/donor-summary", "/schedule", "/sessions",
                                  "/roster", "/settings"])
def test_every_cohort_page_renders(client, facilitator, busy_cohort, page):
    sign_in_as(client, facilitator)
    response = client.get(f"/cohorts/{busy_cohort.id}{page}")
    assert response.status_code == 200, response.get_data(as_text=True)[-2000:]
    assert "Kaya caseworkers" in response.get_data(as_text=True)


@pytest.mark.parametrize("export", ["progress", "questions", "pre-post", "donor-summary"])
def test_every_export_downloads(client, facilitator, busy_cohort, export):
    sign_in_as(client, facilitator)
    response = client.get(f"/cohorts/{busy_cohort.id}/{export}.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")


def test_index_new_and_learner_pages(client, facilitator, busy_cohort):
    sign_in_as(client, facilitator)
    assert "Kaya caseworkers" in client.get("/facilitate").get_data(as_text=True)
    assert client.get("/facilitate/new").status_code == 200
    learner_id = busy_cohort.memberships[-1].user_id
    page = client.get(f"/cohorts/{busy_cohort.id}/learners/{learner_id}")
    assert page.status_code == 200, page.get_data(as_text=True)[-2000:]


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_facilitator_pages_render_in_each_language(client, facilitator, busy_cohort, lang):
    sign_in_as(client, facilitator)
    learner_id = busy_cohort.memberships[-1].user_id
    for page in ["", "/questions", "/pre-post", "/donor-summary", "/schedule", "/sessions", "/roster", "/settings",
                 f"/learners/{learner_id}"]:
        response = client.get(f"/cohorts/{busy_cohort.id}{page}", headers={"Accept-Language": lang})
        assert response.status_code == 200, page
        html = response.get_data(as_text=True)
        assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in html, page
        if lang != "en":
            assert "Needs help" not in html and "Questions of the course" not in html, page
