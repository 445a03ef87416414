"""Grading rules, one pure function per question kind.

Each function takes the block's content fields (as documented in
docs/blocks.md) and an answer that has already been checked for shape, and
returns a `Grade`: the fraction of the block's weight earned and the
feedback the learner should see. Nothing here touches a runtime, so the
rules are tested directly and reused by any host.
"""

import re
import unicodedata
from dataclasses import dataclass, field

ALL_OR_NOTHING = "all-or-nothing"
PARTIAL = "partial"

# Numbers that come out of `min + tolerance` arithmetic (50 +- 10% ...) are
# binary floats; a learner typing exactly the bound must not lose the point
# to a rounding error in the last digit.
_FLOAT_SLACK = 1e-9

# Separators people type inside numbers on phones: no-break and narrow
# no-break spaces (French "1 000"), thin space, Arabic thousands separator.
_GROUPING_CHARACTERS = " \u00a0\u202f\u2009\u066c"
_ARABIC_DECIMAL_SEPARATOR = "\u066b"
_NUMBER_PATTERN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_GROUPED_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+")


@dataclass(frozen=True)
class Grade:
    """The outcome of grading one answer.

    `fraction` is between 0 and 1; `feedback_html` holds the sanitised
    feedback of the choices or answers the learner gave, in author order.
    """

    fraction: float
    feedback_html: list = field(default_factory=list)

    @property
    def correct(self):
        """True when the answer earned the whole weight."""
        return self.fraction >= 1.0 - _FLOAT_SLACK


class NotANumber(ValueError):
    """The learner's text cannot be read as a number (not a wrong answer)."""


def _feedback_of(items):
    return [item["feedback_html"] for item in items if item.get("feedback_html")]


def grade_single_choice(choices, answer):
    """Grade a single-choice or true/false answer: all or nothing.

    `answer` is the key of the chosen choice.
    """
    chosen = [choice for choice in choices if choice["key"] == answer]
    fraction = 1.0 if chosen and chosen[0].get("correct") else 0.0
    return Grade(fraction, _feedback_of(chosen))


def grade_multiple_response(choices, answer, scoring=ALL_OR_NOTHING):
    """Grade a multiple-response answer (a list of chosen keys).

    All or nothing by default: the chosen set must equal the correct set.
    With `scoring="partial"`: max(0, (right - wrong) / number correct), so
    ticking every box never earns anything.
    """
    chosen_keys = set(answer)
    chosen = [choice for choice in choices if choice["key"] in chosen_keys]
    correct_keys = {choice["key"] for choice in choices if choice.get("correct")}
    if scoring == PARTIAL and correct_keys:
        right = len(chosen_keys & correct_keys)
        wrong = len(chosen_keys - correct_keys)
        fraction = max(0.0, (right - wrong) / len(correct_keys))
    else:
        fraction = 1.0 if chosen_keys == correct_keys else 0.0
    return Grade(fraction, _feedback_of(chosen))


def normalise_text_answer(text, case_sensitive=False):
    """Return the form in which short-text answers are compared.

    NFKC folds full-width letters and ligatures ("ﬁ" -> "fi") that phone
    keyboards and copy-paste produce; runs of whitespace count as one space;
    case is ignored unless the author asked for `case: sensitive`.
    """
    normalised = " ".join(unicodedata.normalize("NFKC", text).split())
    return normalised if case_sensitive else normalised.casefold()


def grade_short_text(answers, text, case_sensitive=False):
    """Grade a short-text answer against the author's `=` and `!=` lines.

    An accepted (`=`) answer earns everything; a known wrong (`!=`) answer
    earns nothing but returns its feedback; anything else earns nothing.
    """
    typed = normalise_text_answer(text, case_sensitive)
    matching = [
        known for known in answers
        if normalise_text_answer(known["text"], case_sensitive) == typed
    ]
    accepted = [known for known in matching if known.get("correct")]
    if accepted:
        return Grade(1.0, _feedback_of(accepted[:1]))
    return Grade(0.0, _feedback_of(matching[:1]))


def parse_learner_number(text):
    """Read a number the way learners type it, or raise `NotANumber`.

    Accepts surrounding spaces, a decimal comma ("3,5"), grouping spaces
    ("1 000"), Arabic-Indic digits and separators, a trailing "%", and
    "1,234.5" / "1.234,5" (the last separator is the decimal one).
    """
    cleaned = unicodedata.normalize("NFKC", str(text)).strip()
    cleaned = cleaned.removesuffix("%").strip()
    for grouping in _GROUPING_CHARACTERS:
        cleaned = cleaned.replace(grouping, "")
    cleaned = cleaned.replace(_ARABIC_DECIMAL_SEPARATOR, ".").replace("\u2212", "-")
    cleaned = "".join(
        str(unicodedata.decimal(character)) if character.isdecimal() else character
        for character in cleaned
    )
    if "," in cleaned and "." in cleaned:
        decimal_separator = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        grouping = "." if decimal_separator == "," else ","
        cleaned = cleaned.replace(grouping, "").replace(decimal_separator, ".")
    elif cleaned.count(",") == 1:
        cleaned = cleaned.replace(",", ".")
    elif _GROUPED_THOUSANDS.fullmatch(cleaned):
        cleaned = cleaned.replace(",", "")
    if not _NUMBER_PATTERN.fullmatch(cleaned):
        raise NotANumber(text)
    return float(cleaned)


def grade_numeric(ranges, value):
    """Grade a number (already parsed) against the author's accepted ranges.

    Each range is inclusive (`min` = `max` for an exact value); the first
    range containing the value gives its feedback.
    """
    for accepted in ranges:
        slack = _FLOAT_SLACK * max(1.0, abs(accepted["min"]), abs(accepted["max"]))
        if accepted["min"] - slack <= value <= accepted["max"] + slack:
            return Grade(1.0, _feedback_of([accepted]))
    return Grade(0.0, [])


def grade_matching(pairs, answer):
    """Grade a matching answer ({pair key: right key}): the fraction of pairs right."""
    if not pairs:
        return Grade(0.0, [])
    right = sum(1 for pair in pairs if answer.get(pair["key"]) == pair["right_key"])
    return Grade(right / len(pairs), [])
