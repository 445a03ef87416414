"""Hypothesis on the parsers that read what people upload or type: no exception escapes, every error is located.

The GIFT and Aiken importers (authors' question banks from Moodle), the
grading functions of the quiz blocks (learners' answers), and the cohort
roster CSV import (facilitators' spreadsheets). The module parser has its
own fuzz test in tests/courses/test_fuzz.py.
"""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses.aiken import import_aiken
from courses.gift import import_gift
from xblocks import grading

FUZZ = settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

GIFT_FRAGMENTS = st.sampled_from([
    "::q1::", "::", "{", "}", "=", "~", "#", "####", "->", "%50%", "%-100%", "TRUE", "FALSE", "T", "F", "{#",
    "1..5", "3:1", "\\=", "\\{", "\\}", "\\~", "\\#", "\\:", "[markdown]", "[html]", "[moodle]", "$CATEGORY: x",
    "//", "// comment", "\n", "\n\n", " ", "Question?", "<b>x</b>", "عربي", "\u202e", "\x00", "\t",
])
AIKEN_FRAGMENTS = st.sampled_from([
    "A. ", "B) ", "C. ", "ANSWER: ", "ANSWER: A", "ANSWER: Z", "ANSWER:", "Question?", "\n", "\n\n", " ", "a",
    "A.", "D)", "ANSWER: B\n", "\r\n", "\x00", "\u202e",
])


def _located(messages, text):
    lines = text.count("\n") + 2
    for message in messages:
        assert 0 <= message.line <= lines, message
        assert message.code and message.message and message.severity in ("error", "warning")


@FUZZ
@given(text=st.one_of(st.lists(GIFT_FRAGMENTS, max_size=60).map("".join), st.text(max_size=400)))
def test_any_gift_text_converts_or_gives_located_messages(text):
    converted, messages = import_gift(text)
    assert isinstance(converted, str)
    _located(messages, text)


@FUZZ
@given(text=st.one_of(st.lists(AIKEN_FRAGMENTS, max_size=60).map("".join), st.text(max_size=400)))
def test_any_aiken_text_converts_or_gives_located_messages(text):
    converted, messages = import_aiken(text)
    assert isinstance(converted, str)
    _located(messages, text)


CHOICES = st.lists(st.fixed_dictionaries({"key": st.sampled_from(["c1", "c2", "c3", "c4"]), "correct": st.booleans()},
                                         optional={"feedback_html": st.text(max_size=10)}), max_size=5)
LEARNER_VALUE = st.one_of(st.text(max_size=50), st.sampled_from(["c1", "c2", "", "c9"]))


@FUZZ
@given(choices=CHOICES, answer=LEARNER_VALUE)
def test_single_choice_grade_is_a_fraction_for_any_answer(choices, answer):
    assert 0.0 <= grading.grade_single_choice(choices, answer).fraction <= 1.0


@FUZZ
@given(choices=CHOICES, answer=st.lists(LEARNER_VALUE, max_size=6), partial=st.booleans())
def test_multiple_response_grade_is_a_fraction_for_any_answer(choices, answer, partial):
    scoring = grading.PARTIAL if partial else grading.ALL_OR_NOTHING
    assert 0.0 <= grading.grade_multiple_response(choices, answer, scoring).fraction <= 1.0


@FUZZ
@given(answers=st.lists(st.fixed_dictionaries({"text": st.text(max_size=20), "correct": st.booleans()}), max_size=4),
       text=st.text(max_size=200), case_sensitive=st.booleans())
def test_short_text_grade_is_a_fraction_for_any_text(answers, text, case_sensitive):
    assert 0.0 <= grading.grade_short_text(answers, text, case_sensitive).fraction <= 1.0


@FUZZ
@given(text=st.one_of(st.text(max_size=40), st.from_regex(r"[-+−]?[\d٠-٩ ,.٫٬]{0,20}%?", fullmatch=True),
                      st.sampled_from(["1e309", "-1e309", "nan", "inf", "1_000", "0x10", "١٢٫٥", "1,234.5"])))
def test_learner_number_is_a_number_or_not_a_number(text):
    # "1e309" reads as infinity: graded wrong against any finite range, and
    # the block stores the learner's text, not the float, so nothing breaks.
    try:
        value = grading.parse_learner_number(text)
    except grading.NotANumber:
        return
    assert isinstance(value, float)
    assert grading.grade_numeric([{"min": -1.0, "max": 1.0}], value).fraction in (0.0, 1.0)


@FUZZ
@given(pairs=st.lists(st.fixed_dictionaries({"key": st.sampled_from(["p1", "p2", "p3"]),
                                             "right_key": st.sampled_from(["r1", "r2"])}), max_size=4),
       answer=st.dictionaries(st.text(max_size=4), st.text(max_size=4), max_size=4))
def test_matching_grade_is_a_fraction_for_any_answer(pairs, answer):
    assert 0.0 <= grading.grade_matching(pairs, answer).fraction <= 1.0


ROSTER_CELLS = st.sampled_from(["username", "email", "name", "Nom", "display name", "amina", "a@example.org",
                                "", " ", '"', '""', "x,y", "=1+1", "\u202e", "عائشة", "\t", "\x00"])


@FUZZ
@given(data=st.one_of(
    st.binary(max_size=300),
    st.lists(st.lists(ROSTER_CELLS, max_size=5).map(",".join), max_size=8).map("\n".join).map(str.encode),
    st.lists(st.lists(ROSTER_CELLS, max_size=5).map(";".join), max_size=8).map("\r\n".join)
      .map(lambda text: b"\xef\xbb\xbf" + text.encode()),
    st.text(max_size=300).map(lambda text: text.encode("utf-8", "surrogatepass"))))
def test_any_roster_file_is_read_or_refused_with_a_reason(data):
    """The view shows RosterFileError and UnicodeDecodeError as messages; anything else would be a 500."""
    from lms_app.facilitate.roster import RosterFileError, parse

    try:
        lines = parse(data)
    except (RosterFileError, UnicodeDecodeError):
        return
    for line in lines:
        assert line.number >= 2


@pytest.mark.parametrize("data", [
    b"username\n" + b"x" * 200_000,
    b"username,email\n" + b'"' + b"a" * 140_000 + b'"\n',
])
def test_roster_with_a_huge_cell_is_refused_with_a_reason(data):
    from lms_app.facilitate.roster import RosterFileError, parse

    try:
        parse(data)
    except (RosterFileError, UnicodeDecodeError):
        pass
