"""Item statistics and pre/post gains, checked against values computed by hand."""
import pytest

from lms_app.facilitate.dashboard import cohort_dashboard
from lms_app.facilitate.item_analysis import item_analysis
from lms_app.facilitate.pre_post import cohort_pre_post, normalised_gain, record_paper_score

from .conftest import utc_now, answer, progress


def _stats(cohort):
    board = cohort_dashboard(cohort, utc_now())
    return {s.block.usage_id: s for s in item_analysis(cohort, board.modules, "en", "en")}


def test_share_correct_wrong_answer_and_discrimination(cohort, course, add_learners):
    # Eight learners; their total scores rank them a1 (best) .. a8 (weakest).
    learners = add_learners(*[f"a{i}" for i in range(1, 9)])
    # pathways: a1..a5 right, a6..a8 wrong; two of the wrong chose "c2", one nothing usable.
    for n, user in enumerate(learners, start=1):
        answer(user, course, "pathways", "pathway", 1 if n <= 5 else 0, given="c1" if n <= 5 else "c2")
    # consent (pre-test): only a1, a2 right; a3..a8 pick c2, except a8 who picks c3.
    for n, user in enumerate(learners, start=1):
        given = "c1" if n <= 2 else ("c3" if n == 8 else "c2")
        answer(user, course, "pre-test", "consent", 1 if n <= 2 else 0, given=given)
    stats = _stats(cohort)

    pathway = stats["referral/pathways/pathway"]
    assert (pathway.answered, pathway.correct) == (8, 5)
    assert pathway.share_correct == pytest.approx(5 / 8)
    assert pathway.wrong_answer == "Your instinct" and pathway.wrong_answer_count == 3
    # Groups: round(8 * 0.27) = 2 learners. Totals: a1, a2 = 2; a3..a5 = 1; a6..a8 = 0.
    # Upper (a1, a2) all right on pathway: 1.0; lower (two of a6..a8) none: 0.0.
    assert pathway.discrimination == pytest.approx(1.0)
    assert not pathway.flagged

    consent = stats["referral/pre-test/consent"]
    assert consent.share_correct == pytest.approx(2 / 8)
    assert consent.wrong_answer == "Your manager only" and consent.wrong_answer_count == 5
    assert consent.discrimination == pytest.approx(1.0)
    assert consent.flagged  # most of the cohort misses it

    untouched = stats["referral/post-test/secrecy"]
    assert (untouched.answered, untouched.share_correct, untouched.flagged) == (0, None, False)


def test_the_latest_attempt_counts(cohort, course, add_learners):
    (amina,) = add_learners("amina")
    answer(amina, course, "pathways", "pathway", 0, given="c2")
    answer(amina, course, "pathways", "pathway", 1, given="c1")
    item = _stats(cohort)["referral/pathways/pathway"]
    assert (item.answered, item.correct, item.wrong_answer) == (1, 1, None)
    assert item.discrimination is None  # fewer than 4 learners


def test_normalised_gain_by_hand():
    assert normalised_gain(0.4, 0.7) == pytest.approx(0.5)  # 0.3 of the 0.6 left
    assert normalised_gain(0.5, 0.25) == pytest.approx(-0.5)
    assert normalised_gain(1.0, 1.0) is None


def test_pre_post_per_learner_cohort_and_standard(cohort, course, add_learners, facilitator):
    amina, jean, li = add_learners("amina", "jean", "li")
    # amina online: pre 1/2, post 2/2 -> gain +0.5, normalised 1.0
    progress(amina, course, "pre-test", score=1, max_score=2)
    progress(amina, course, "post-test", score=2, max_score=2)
    answer(amina, course, "pre-test", "consent", 1)
    answer(amina, course, "pre-test", "secrecy", 0)
    answer(amina, course, "post-test", "consent", 1)
    answer(amina, course, "post-test", "secrecy", 1)
    # jean on paper: pre 4/10, post 7/10 -> gain +0.3, normalised 0.5
    record_paper_score(cohort, jean.id, "pre", 4, 10, facilitator.id)
    record_paper_score(cohort, jean.id, "post", 7, 10, facilitator.id)
    # li took only the pre-test: not in the cohort averages
    progress(li, course, "pre-test", score=0, max_score=2)
    answer(li, course, "pre-test", "consent", 0)
    answer(li, course, "pre-test", "secrecy", 0)

    board = cohort_dashboard(cohort, utc_now())
    result = cohort_pre_post(cohort, board.version, board.modules, board.learners)
    rows = {r.learner.username: r for r in result.learners}
    assert rows["amina"].gain == pytest.approx(0.5) and rows["amina"].normalised_gain == pytest.approx(1.0)
    assert rows["jean"].pre.on_paper and rows["jean"].gain == pytest.approx(0.3)
    assert rows["jean"].normalised_gain == pytest.approx(0.5)
    assert rows["li"].post is None and rows["li"].gain is None
    # Cohort: mean pre (0.5 + 0.4) / 2 = 0.45, mean post (1.0 + 0.7) / 2 = 0.85,
    # gain 0.40, normalised (0.85 - 0.45) / 0.55.
    assert result.mean_pre == pytest.approx(0.45) and result.mean_post == pytest.approx(0.85)
    assert result.mean_gain == pytest.approx(0.40)
    assert result.normalised_gain == pytest.approx(0.40 / 0.55)
    # Per standard, online answers only: consent is tagged 5, secrecy 18.
    # Std 5 pre: amina 1 + li 0 of 2 -> 0.5; post: 1 of 1. Std 18 pre: 0 of 2; post 1 of 1.
    standards = {s.standard: s for s in result.standards}
    assert (standards[5].pre, standards[5].post) == (pytest.approx(0.5), pytest.approx(1.0))
    assert (standards[18].pre, standards[18].post) == (pytest.approx(0.0), pytest.approx(1.0))


def test_a_paper_score_is_entered_from_the_learner_page(client, facilitator, cohort, add_learners):
    from ..conftest import csrf_token
    from .conftest import sign_in_as

    (amina,) = add_learners("amina")
    sign_in_as(client, facilitator)
    url = f"/cohorts/{cohort.id}/learners/{amina.id}"
    too_many = client.post(url, data={"csrf_token": csrf_token(client, url), "test": "pre", "score": "12",
                                      "max_score": "10"})
    assert too_many.status_code == 400
    assert client.post(url, data={"csrf_token": csrf_token(client, url), "test": "pre", "score": "6",
                                  "max_score": "10"}).status_code == 303
    page = client.get(f"/cohorts/{cohort.id}/pre-post").get_data(as_text=True)
    assert "60% (on paper)" in page
