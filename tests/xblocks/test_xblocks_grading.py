"""Grading tables for every question kind (pure functions, no runtime)."""

import pytest

from xblocks.grading import (
    NotANumber,
    grade_matching,
    grade_multiple_response,
    grade_numeric,
    grade_short_text,
    grade_single_choice,
    normalise_text_answer,
    parse_learner_number,
)

SINGLE = [
    {"key": "c1", "html": "Promise secrecy", "correct": False, "feedback_html": "<p>Never promise.</p>"},
    {"key": "c2", "html": "Listen calmly", "correct": True, "feedback_html": "<p>Yes.</p>"},
    {"key": "c3", "html": "Investigate", "correct": False, "feedback_html": ""},
]


@pytest.mark.parametrize(
    ("answer", "fraction", "feedback"),
    [
        ("c2", 1.0, ["<p>Yes.</p>"]),
        ("c1", 0.0, ["<p>Never promise.</p>"]),
        ("c3", 0.0, []),
        ("c9", 0.0, []),
    ],
)
def test_single_choice_is_all_or_nothing_with_the_chosen_feedback(answer, fraction, feedback):
    grade = grade_single_choice(SINGLE, answer)
    assert grade.fraction == fraction
    assert grade.feedback_html == feedback
    assert grade.correct is (fraction == 1.0)


MULTIPLE = [
    {"key": "c1", "html": "a", "correct": True, "feedback_html": "<p>a ok</p>"},
    {"key": "c2", "html": "b", "correct": True, "feedback_html": ""},
    {"key": "c3", "html": "c", "correct": True, "feedback_html": ""},
    {"key": "c4", "html": "d", "correct": False, "feedback_html": "<p>d no</p>"},
    {"key": "c5", "html": "e", "correct": False, "feedback_html": ""},
]


@pytest.mark.parametrize(
    ("answer", "fraction"),
    [
        (["c1", "c2", "c3"], 1.0),
        (["c3", "c1", "c2"], 1.0),
        (["c1", "c2"], 0.0),
        (["c1", "c2", "c3", "c4"], 0.0),
        ([], 0.0),
    ],
)
def test_multiple_response_is_all_or_nothing_by_default(answer, fraction):
    assert grade_multiple_response(MULTIPLE, answer).fraction == fraction


@pytest.mark.parametrize(
    ("answer", "fraction"),
    [
        (["c1", "c2", "c3"], 1.0),
        (["c1", "c2"], pytest.approx(2 / 3)),
        (["c1"], pytest.approx(1 / 3)),
        (["c1", "c2", "c4"], pytest.approx(1 / 3)),
        (["c1", "c2", "c3", "c4"], pytest.approx(2 / 3)),
        (["c1", "c4"], 0.0),
        (["c1", "c4", "c5"], 0.0),
        (["c1", "c2", "c3", "c4", "c5"], pytest.approx(1 / 3)),
        (["c4", "c5"], 0.0),
    ],
)
def test_partial_multiple_response_scores_right_minus_wrong_over_correct_never_below_zero(answer, fraction):
    assert grade_multiple_response(MULTIPLE, answer, scoring="partial").fraction == fraction


def test_multiple_response_feedback_is_that_of_the_chosen_choices_in_author_order():
    grade = grade_multiple_response(MULTIPLE, ["c4", "c1"], scoring="partial")
    assert grade.feedback_html == ["<p>a ok</p>", "<p>d no</p>"]


TEXT_ANSWERS = [
    {"text": "need to know", "correct": True, "feedback_html": "<p>Right.</p>"},
    {"text": "Need-to-know basis", "correct": True, "feedback_html": ""},
    {"text": "everyone", "correct": False, "feedback_html": "<p>Only those who need it.</p>"},
]


@pytest.mark.parametrize(
    ("typed", "fraction"),
    [
        ("need to know", 1.0),
        ("Need To Know", 1.0),
        ("  need   to\tknow \n", 1.0),
        ("ｎｅｅｄ ｔｏ ｋｎｏｗ", 1.0),  # full-width letters from an East Asian keyboard
        ("NEED-TO-KNOW BASIS", 1.0),
        ("need to knw", 0.0),
        ("everyone", 0.0),
        ("", 0.0),
    ],
)
def test_short_text_compares_normalised_case_folded_text(typed, fraction):
    assert grade_short_text(TEXT_ANSWERS, typed).fraction == fraction


def test_short_text_folds_ligatures_with_nfkc():
    answers = [{"text": "confidential file", "correct": True, "feedback_html": ""}]
    assert grade_short_text(answers, "conﬁdential ﬁle").fraction == 1.0


def test_short_text_respects_case_when_the_author_asks():
    answers = [{"text": "CPMS", "correct": True, "feedback_html": ""}]
    assert grade_short_text(answers, "CPMS", case_sensitive=True).fraction == 1.0
    assert grade_short_text(answers, "cpms", case_sensitive=True).fraction == 0.0
    assert grade_short_text(answers, "cpms").fraction == 1.0


def test_a_known_wrong_short_text_answer_earns_nothing_but_gets_its_feedback():
    grade = grade_short_text(TEXT_ANSWERS, "  Everyone ")
    assert grade.fraction == 0.0
    assert grade.feedback_html == ["<p>Only those who need it.</p>"]


def test_an_accepted_short_text_answer_gets_its_feedback():
    assert grade_short_text(TEXT_ANSWERS, "need to know").feedback_html == ["<p>Right.</p>"]


def test_normalisation_collapses_whitespace_and_folds_case():
    assert normalise_text_answer("  Straße\u00a0 ﬁ  ") == "strasse fi"
    assert normalise_text_answer("  Straße ", case_sensitive=True) == "Straße"


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("54", 54.0),
        (" 54 ", 54.0),
        ("3,5", 3.5),
        ("3.5", 3.5),
        ("-2,25", -2.25),
        ("1 000", 1000.0),
        ("1\u202f000,5", 1000.5),
        ("1,234.5", 1234.5),
        ("1.234,5", 1234.5),
        ("1,234,567", 1234567.0),
        ("٣٫٥", 3.5),  # Arabic-Indic digits and decimal separator
        ("５４", 54.0),  # full-width digits
        ("50%", 50.0),
        (".5", 0.5),
        ("1e3", 1000.0),
    ],
)
def test_learner_numbers_accept_decimal_commas_spaces_and_local_digits(typed, value):
    assert parse_learner_number(typed) == pytest.approx(value)


@pytest.mark.parametrize("typed", ["", "   ", "abc", "fifty", "3,5,", "1..2", "nan", "inf", "5 apples", "--3", ","])
def test_text_that_is_not_a_number_is_refused(typed):
    with pytest.raises(NotANumber):
        parse_learner_number(typed)


EXACT = [{"min": 54.0, "max": 54.0, "label": "54", "feedback_html": ""}]
TOLERANCE = [{"min": 46.0, "max": 54.0, "label": "50 ± 4", "feedback_html": "<p>Close enough.</p>"}]
# "= 5 +- 10%" as the course engine computes it: 5 - 0.5 .. 5 + 0.5.
PERCENT = [{"min": 5 - 5 * 0.1, "max": 5 + 5 * 0.1, "label": "5 ± 10%", "feedback_html": ""}]
# "= 0.3 +- 10%" lands on binary floats that are not exactly 0.27 / 0.33.
PERCENT_OF_DECIMAL = [{"min": 0.3 - 0.3 * 0.1, "max": 0.3 + 0.3 * 0.1, "label": "0.3 ± 10%", "feedback_html": ""}]
INTERVAL = [{"min": 1.0, "max": 5.0, "label": "1..5", "feedback_html": ""}]


@pytest.mark.parametrize(
    ("ranges", "typed", "fraction"),
    [
        (EXACT, "54", 1.0),
        (EXACT, "54,0", 1.0),
        (EXACT, "54.01", 0.0),
        (TOLERANCE, "46", 1.0),
        (TOLERANCE, "54", 1.0),
        (TOLERANCE, "50,5", 1.0),
        (TOLERANCE, "45,9", 0.0),
        (TOLERANCE, "54.1", 0.0),
        (PERCENT, "4,5", 1.0),
        (PERCENT, "5.5", 1.0),
        (PERCENT, "5.51", 0.0),
        (PERCENT, "4.49", 0.0),
        (PERCENT_OF_DECIMAL, "0,27", 1.0),
        (PERCENT_OF_DECIMAL, "0.33", 1.0),
        (PERCENT_OF_DECIMAL, "0.331", 0.0),
        (INTERVAL, "1", 1.0),
        (INTERVAL, "3,7", 1.0),
        (INTERVAL, "5", 1.0),
        (INTERVAL, "0.99", 0.0),
        (INTERVAL, "-3", 0.0),
    ],
)
def test_numeric_answers_are_right_inside_an_inclusive_range(ranges, typed, fraction):
    assert grade_numeric(ranges, parse_learner_number(typed)).fraction == fraction


def test_numeric_feedback_comes_from_the_matching_range():
    two_ranges = [
        {"min": 10.0, "max": 10.0, "label": "10", "feedback_html": "<p>Exact.</p>"},
        {"min": 9.0, "max": 11.0, "label": "10 ± 1", "feedback_html": "<p>Near.</p>"},
    ]
    assert grade_numeric(two_ranges, 10.0).feedback_html == ["<p>Exact.</p>"]
    assert grade_numeric(two_ranges, 9.5).feedback_html == ["<p>Near.</p>"]
    assert grade_numeric(two_ranges, 12.0).feedback_html == []


PAIRS = [
    {"key": "p1", "left_html": "Std 5", "right_key": "r1"},
    {"key": "p2", "left_html": "Std 18", "right_key": "r2"},
    {"key": "p3", "left_html": "Std 13", "right_key": "r3"},
    {"key": "p4", "left_html": "Std 19", "right_key": "r4"},
]


@pytest.mark.parametrize(
    ("answer", "fraction"),
    [
        ({"p1": "r1", "p2": "r2", "p3": "r3", "p4": "r4"}, 1.0),
        ({"p1": "r1", "p2": "r2", "p3": "r4", "p4": "r3"}, 0.5),
        ({"p1": "r2", "p2": "r1", "p3": "r4", "p4": "r5"}, 0.0),
        ({"p1": "r1", "p2": "r3", "p3": "r3", "p4": "r3"}, 0.5),
        ({"p1": "r1"}, 0.25),
        ({}, 0.0),
    ],
)
def test_matching_scores_the_fraction_of_pairs_right(answer, fraction):
    assert grade_matching(PAIRS, answer).fraction == fraction
