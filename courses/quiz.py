"""Parsing one ```quiz fence into a question, and a question into block fields.

The grammar is in docs/authoring.md; the block fields are the contract of
docs/blocks.md. A fence with a problem yields exactly one error and no quiz:
never a half-parsed question, and never a fence rendered as text (that would
print the answer key in the page).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

from .messages import MessageLog, did_you_mean

KINDS = ("single", "true-false", "multiple", "text", "numeric", "matching", "poll", "reflection")
BLOCK_TYPES = {
    "single": "cp_single_choice",
    "true-false": "cp_true_false",
    "multiple": "cp_multiple_response",
    "text": "cp_short_text",
    "numeric": "cp_numeric",
    "matching": "cp_matching",
    "poll": "cp_poll",
    "reflection": "cp_reflection",
}
UNGRADED_KINDS = {"poll", "reflection"}
CHOICE_KINDS = {"single", "true-false", "multiple", "poll"}
HEADER_KEYS = ("id", "points", "shuffle", "scoring", "case", "type", "cpms", "attempts")
SCORINGS = ("all-or-nothing", "partial")

TRUE_WORDS = {"true", "vrai", "verdadero", "صحيح"}
FALSE_WORDS = {"false", "faux", "falso", "خطأ"}

QUIZ_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_HEADER = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)\s*:(?:\s+(.*)|)$")
_CHOICE = re.compile(r"^\(([xX ]?)\)(?:\s+(.*)|\s*)$")
_CHECKBOX = re.compile(r"^\[([xX ]?)\](?:\s+(.*)|\s*)$")
_WRONG_TEXT = re.compile(r"^!=(?:\s+(.*)|\s*)$")
_ACCEPTED = re.compile(r"^=(?:\s+(.*)|\s*)$")
_DISTRACTOR = re.compile(r"^->(?:\s+(.*)|\s*)$")
_PAIR = re.compile(r"^(\S.*?)\s+->\s+(.*\S)\s*$")
_FEEDBACK = re.compile(r"^\s*>\s?(.*)$")
_SEPARATOR = re.compile(r"^-{3,}\s*$")

_NUMBER = r"[-+]?\d+(?:[.,]\d+)?"
_EXACT = re.compile(rf"^({_NUMBER})$")
_TOLERANCE = re.compile(rf"^({_NUMBER})\s*(?:\+-|±|\+/-)\s*({_NUMBER})$")
_PERCENT = re.compile(rf"^({_NUMBER})\s*(?:\+-|±|\+/-)\s*({_NUMBER})\s*%$")
_RANGE = re.compile(rf"^({_NUMBER})\s*\.\.\s*({_NUMBER})$")


@dataclass
class Answer:
    """One answer line of a quiz with the feedback lines below it."""

    marker: str  # "choice", "checkbox", "accepted", "wrong", "pair", "distractor"
    text: str
    line: int
    correct: bool = False
    right: str = ""
    feedback: list[str] = field(default_factory=list)

    @property
    def feedback_text(self) -> str:
        return "\n".join(self.feedback).strip()


@dataclass
class NumericRange:
    """An accepted numeric answer: min <= value <= max."""

    min: float
    max: float
    label: str
    feedback: str = ""


@dataclass
class Quiz:
    """A parsed quiz fence in one language."""

    quiz_id: str
    kind: str
    line: int
    question: str
    explanation: str
    answers: list[Answer]
    ranges: list[NumericRange]
    points: float = 1.0
    shuffle: bool = False
    scoring: str = "all-or-nothing"
    case_sensitive: bool = False
    cpms: list[int] | None = None
    attempts: int | None = None
    header_values: dict[str, str] = field(default_factory=dict)

    @property
    def block_type(self) -> str:
        return BLOCK_TYPES[self.kind]

    @property
    def graded(self) -> bool:
        return self.kind not in UNGRADED_KINDS

    @property
    def choices(self) -> list[Answer]:
        return [a for a in self.answers if a.marker in ("choice", "checkbox")]

    @property
    def pairs(self) -> list[Answer]:
        return [a for a in self.answers if a.marker == "pair"]

    @property
    def right_options(self) -> list[str]:
        """Right-hand sides of pairs then distractors, author order, each once."""
        seen: list[str] = []
        for answer in self.answers:
            value = answer.right if answer.marker == "pair" else answer.text
            if answer.marker in ("pair", "distractor") and value not in seen:
                seen.append(value)
        return seen

    @property
    def shape(self) -> tuple:
        """What a translation must keep: kind and the answer structure, not wording."""
        if self.kind in CHOICE_KINDS:
            return (self.kind, tuple(a.correct for a in self.choices))
        if self.kind == "matching":
            rights = self.right_options
            return (self.kind, tuple(rights.index(p.right) for p in self.pairs), len(rights))
        if self.kind == "numeric":
            return (self.kind, len(self.ranges))
        return (self.kind,)


def parse_number(text: str) -> float:
    """Read a number written with a decimal point or a decimal comma."""
    return float(text.replace(",", "."))


def format_number(value: float) -> str:
    """A number as an author would write it (no trailing .0)."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def parse_numeric_answer(text: str) -> NumericRange | None:
    """`54`, `50 +- 4`, `5 +- 10%` or `1..5` as a range; None when unreadable."""
    value = text.strip()
    if match := _EXACT.match(value):
        number = parse_number(match.group(1))
        return NumericRange(number, number, format_number(number))
    if match := _PERCENT.match(value):
        centre, percent = parse_number(match.group(1)), parse_number(match.group(2))
        spread = abs(centre) * abs(percent) / 100
        return NumericRange(centre - spread, centre + spread, f"{format_number(centre)} ± {format_number(abs(percent))}%")
    if match := _TOLERANCE.match(value):
        centre, spread = parse_number(match.group(1)), abs(parse_number(match.group(2)))
        return NumericRange(centre - spread, centre + spread, f"{format_number(centre)} ± {format_number(spread)}")
    if match := _RANGE.match(value):
        low, high = parse_number(match.group(1)), parse_number(match.group(2))
        if low > high:
            return None
        return NumericRange(low, high, f"{format_number(low)}..{format_number(high)}")
    return None


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().rstrip(".").casefold()


def is_true_false(choices: list[Answer]) -> bool:
    """Two choices that are the words True and False (in any course language)."""
    if len(choices) != 2:
        return False
    words = {_fold(c.text) for c in choices}
    return len(words & TRUE_WORDS) == 1 and len(words & FALSE_WORDS) == 1


class QuizParser:
    """Parses the lines inside one quiz fence; reports at most one error."""

    def __init__(self, lines: list[str], first_line: int, log: MessageLog) -> None:
        self.lines = lines
        self.first_line = first_line
        self.log = log
        self.fence_line = first_line - 1

    def parse(self) -> Quiz | None:
        """The quiz, or None after reporting the one error that stops it."""
        headers, body_start = self._read_headers()
        if headers is None:
            return None
        settings = self._read_settings(headers)
        if settings is None:
            return None
        body = self.lines[body_start:]
        explanation = ""
        for index, text in enumerate(body):
            if _SEPARATOR.match(text):
                explanation = "\n".join(body[index + 1:]).strip()
                body = body[:index]
                break
        read = self._read_answers(body, body_start)
        if read is None:
            return None
        question, answers = read
        quiz = Quiz(
            quiz_id=settings.pop("id"), kind="", line=self.fence_line, question=question,
            explanation=explanation, answers=answers, ranges=[], header_values=headers_text(headers),
            **settings,
        )
        declared = headers.get("type", (None, 0))[0]
        if not self._decide_kind(quiz, declared, headers):
            return None
        if not quiz.question:
            self.log.error(self.fence_line, "Q306", f'quiz "{quiz.quiz_id}" has no question text: write the question after the header lines and a blank line.')
            return None
        self._warn_ignored(quiz, headers)
        return quiz

    def _read_headers(self) -> tuple[dict[str, tuple[str, int]] | None, int]:
        headers: dict[str, tuple[str, int]] = {}
        unknown: list[tuple[str, int]] = []
        index = 0
        while index < len(self.lines) and not self.lines[index].strip():
            index += 1
        while index < len(self.lines):
            match = _HEADER.match(self.lines[index].strip())
            if not self.lines[index].strip() or not match:
                break
            key = match.group(1).lower()
            line = self.first_line + index
            if key in HEADER_KEYS:
                if key in headers:
                    self.log.error(line, "Q304", f'header "{key}" is given twice (lines {headers[key][1]} and {line}); keep one.')
                    return None, 0
                headers[key] = ((match.group(2) or "").strip(), line)
            else:
                unknown.append((key, line))
            index += 1
        if not headers:
            self.log.error(self.fence_line, "Q302", 'quiz has no id: start the block with a line like "id: first-response", then a blank line, then the question.')
            return None, 0
        if unknown:
            key, line = unknown[0]
            hint = did_you_mean(key, HEADER_KEYS) or f" Known headers: {', '.join(HEADER_KEYS)}."
            self.log.error(line, "Q303", f'unknown quiz header "{key}".{hint} If this line is part of the question, leave a blank line after the headers.')
            return None, 0
        if "id" not in headers:
            self.log.error(self.fence_line, "Q302", 'quiz has no id: add a line like "id: first-response" at the top of the block.')
            return None, 0
        return headers, index

    def _read_settings(self, headers: dict[str, tuple[str, int]]) -> dict | None:
        quiz_id, line = headers["id"]
        if not QUIZ_ID.match(quiz_id):
            self.log.error(line, "Q315", f'quiz id "{quiz_id}" may contain only letters, digits, "-" and "_" (no spaces), e.g. "first-response".')
            return None
        settings: dict = {"id": quiz_id}
        for key, (value, line) in headers.items():
            lowered = value.lower()
            if key == "points":
                try:
                    points = parse_number(value)
                except ValueError:
                    points = -1.0
                if not points > 0:
                    return self._bad_header(line, key, value, "a positive number such as 1 or 2")
                settings["points"] = points
            elif key == "shuffle":
                if lowered not in ("true", "false", "yes", "no"):
                    return self._bad_header(line, key, value, "true or false")
                settings["shuffle"] = lowered in ("true", "yes")
            elif key == "scoring":
                if lowered not in SCORINGS:
                    return self._bad_header(line, key, value, "all-or-nothing or partial" + did_you_mean(lowered, SCORINGS))
                settings["scoring"] = lowered
            elif key == "case":
                if lowered not in ("sensitive", "insensitive"):
                    return self._bad_header(line, key, value, "sensitive or insensitive")
                settings["case_sensitive"] = lowered == "sensitive"
            elif key == "type":
                if lowered not in KINDS:
                    return self._bad_header(line, key, value, ", ".join(KINDS) + "." + did_you_mean(lowered, KINDS))
            elif key == "attempts":
                if not re.fullmatch(r"\d+", value):
                    return self._bad_header(line, key, value, "a whole number (0 = unlimited)")
                settings["attempts"] = int(value)
            elif key == "cpms":
                numbers = re.findall(r"-?\d+", value)
                if not numbers or re.sub(r"[\d\s,\[\]-]", "", value):
                    return self._bad_header(line, key, value, "standard numbers such as [5, 18]")
                standards = [int(n) for n in numbers]
                outside = [n for n in standards if not 1 <= n <= 28]
                if outside:
                    return self._bad_header(line, key, value, "CPMS standards between 1 and 28")
                settings["cpms"] = standards
        return settings

    def _bad_header(self, line: int, key: str, value: str, expected: str) -> None:
        self.log.error(line, "Q304", f'header "{key}: {value}" is not valid; expected {expected}.')
        return None

    def _read_answers(self, body: list[str], offset: int) -> tuple[str, list[Answer]] | None:
        question_lines: list[str] = []
        answers: list[Answer] = []
        last_was_feedback = False
        for index, text in enumerate(body):
            line = self.first_line + offset + index
            answer = _answer_line(text, line)
            if answer is not None:
                answers.append(answer)
                last_was_feedback = False
                continue
            if not answers:
                question_lines.append(text)
                continue
            if not text.strip():
                continue
            feedback = _FEEDBACK.match(text)
            if feedback:
                answers[-1].feedback.append(feedback.group(1))
                last_was_feedback = True
            elif text[:1].isspace():
                if last_was_feedback:
                    answers[-1].feedback.append(text.strip())
                else:
                    answers[-1].text = f"{answers[-1].text} {text.strip()}".strip()
            else:
                self.log.error(
                    line, "Q314",
                    f'"{_short(text)}" comes after the answers but is not an answer line. '
                    "Put question text above the answers, start feedback lines with \">\", "
                    'and put the explanation after a "---" line.',
                )
                return None
        for answer in answers:
            if not answer.text.strip():
                self.log.error(answer.line, "Q320", "this answer line has no text after its marker; write the answer or delete the line.")
                return None
        return "\n".join(question_lines).strip(), answers

    def _decide_kind(self, quiz: Quiz, declared: str | None, headers: dict) -> bool:
        markers = {a.marker for a in quiz.answers}
        families = {
            "choice": "choice", "checkbox": "checkbox", "accepted": "equals", "wrong": "equals",
            "pair": "arrow", "distractor": "arrow",
        }
        used = {families[m] for m in markers}
        declared = declared.lower() if declared else None
        type_line = headers.get("type", ("", self.fence_line))[1]
        if len(used) > 1:
            first = {f: next(a.line for a in quiz.answers if families[a.marker] == f) for f in used}
            described = ", ".join(f"{_FAMILY_WORDS[f]} (line {line})" for f, line in sorted(first.items(), key=lambda x: x[1]))
            self.log.error(self.fence_line, "Q308", f"one quiz block uses several kinds of answer lines: {described}. Use one kind per question.")
            return False
        family = used.pop() if used else None
        if family is None:
            if declared not in (None, "reflection"):
                self.log.error(self.fence_line, "Q307", f'quiz "{quiz.quiz_id}" has "type: {declared}" but no answer lines such as "(x) ..." or "= ...".')
                return False
            if declared is None:
                self.log.error(self.fence_line, "Q307", f'quiz "{quiz.quiz_id}" has no answer lines. Add answers such as "(x) right" / "( ) wrong", or "type: reflection" for an open question.')
                return False
            quiz.kind = "reflection"
            return True
        if family == "choice":
            return self._decide_choice(quiz, declared, type_line)
        if family == "checkbox":
            return self._decide_multiple(quiz, declared, type_line)
        if family == "equals":
            return self._decide_equals(quiz, declared, type_line)
        return self._decide_matching(quiz, declared, type_line)

    def _disagree(self, quiz: Quiz, declared: str, type_line: int, found: str) -> bool:
        self.log.error(type_line, "Q313", f'quiz "{quiz.quiz_id}" says "type: {declared}" but its answer lines make it {found}; change the type or the answer lines.')
        return False

    def _decide_choice(self, quiz: Quiz, declared: str | None, type_line: int) -> bool:
        choices = quiz.choices
        if declared not in (None, "single", "true-false", "poll"):
            return self._disagree(quiz, declared, type_line, 'a single choice ("( )" lines)')
        if len(choices) < 2:
            self.log.error(self.fence_line, "Q318", f'quiz "{quiz.quiz_id}" has only one choice; add at least one more "( ) ..." line.')
            return False
        right = [c for c in choices if c.correct]
        if declared == "poll":
            if right:
                self.log.error(right[0].line, "Q313", 'a poll has no right answer: write every choice as "( ) ...", without (x).')
                return False
            quiz.kind = "poll"
            return True
        if len(right) != 1:
            if not right:
                self.log.error(self.fence_line, "Q309", f'quiz "{quiz.quiz_id}" has no right answer: mark it "(x)", or add "type: poll" if there is no right answer.')
            else:
                lines = " and ".join(str(c.line) for c in right)
                self.log.error(right[1].line, "Q309", f"a single-choice question needs exactly one (x), found {len(right)} (lines {lines}); use [x] and [ ] if several answers are correct.")
            return False
        if declared == "true-false" and not is_true_false(choices):
            self.log.error(type_line, "Q313", 'a true/false question has exactly two choices, the words True and False (or Vrai/Faux, Verdadero/Falso, صحيح/خطأ).')
            return False
        quiz.kind = "single" if declared == "single" else "true-false" if is_true_false(choices) else "single"
        return True

    def _decide_multiple(self, quiz: Quiz, declared: str | None, type_line: int) -> bool:
        if declared not in (None, "multiple"):
            return self._disagree(quiz, declared, type_line, 'a multiple response ("[ ]" lines)')
        if len(quiz.choices) < 2:
            self.log.error(self.fence_line, "Q318", f'quiz "{quiz.quiz_id}" has only one option; add at least one more "[ ] ..." line.')
            return False
        if not any(c.correct for c in quiz.choices):
            self.log.error(self.fence_line, "Q310", f'quiz "{quiz.quiz_id}" has no option marked [x]; mark every right option "[x]".')
            return False
        quiz.kind = "multiple"
        return True

    def _decide_equals(self, quiz: Quiz, declared: str | None, type_line: int) -> bool:
        if declared not in (None, "text", "numeric"):
            return self._disagree(quiz, declared, type_line, 'a short text or numeric question ("= ..." lines)')
        accepted = [a for a in quiz.answers if a.marker == "accepted"]
        wrong = [a for a in quiz.answers if a.marker == "wrong"]
        if not accepted:
            self.log.error(self.fence_line, "Q307", f'quiz "{quiz.quiz_id}" has only "!=" lines; add at least one accepted answer "= ...".')
            return False
        ranges = [parse_numeric_answer(a.text) for a in accepted]
        looks_numeric = all(r is not None for r in ranges)
        if declared == "numeric" or (declared is None and looks_numeric):
            if wrong:
                self.log.error(wrong[0].line, "Q311", 'a numeric question takes only "=" lines; add "type: text" to compare answers as text instead.')
                return False
            for answer, numeric in zip(accepted, ranges):
                if numeric is None:
                    self.log.error(answer.line, "Q311", f'"{_short(answer.text)}" is not a number this quiz can read; write 54, 50 +- 4, 5 +- 10% or 1..5 (the lower bound first).')
                    return False
                numeric.feedback = answer.feedback_text
            quiz.kind = "numeric"
            quiz.ranges = ranges  # type: ignore[assignment]
            return True
        quiz.kind = "text"
        return True

    def _decide_matching(self, quiz: Quiz, declared: str | None, type_line: int) -> bool:
        if declared not in (None, "matching"):
            return self._disagree(quiz, declared, type_line, 'a matching question ("left -> right" lines)')
        if len(quiz.pairs) < 2:
            self.log.error(self.fence_line, "Q312", f'quiz "{quiz.quiz_id}" needs at least two "left -> right" pairs (it has {len(quiz.pairs)}); lines "-> text" only add distractors.')
            return False
        lefts = [p.text for p in quiz.pairs]
        for pair in quiz.pairs:
            if lefts.count(pair.text) > 1:
                self.log.error(pair.line, "Q312", f'the left side "{_short(pair.text)}" appears twice; each left side must be different.')
                return False
        quiz.kind = "matching"
        return True

    def _warn_ignored(self, quiz: Quiz, headers: dict) -> None:
        def ignored(key: str, why: str) -> None:
            if key in headers:
                self.log.warning(headers[key][1], "Q317", f'"{key}" has no effect on {why}; remove the line.')

        if quiz.kind != "multiple":
            ignored("scoring", "this question (partial scoring applies to [x] questions only)")
        if quiz.kind != "text":
            ignored("case", "this question (case applies to short text answers only)")
        if quiz.kind in ("text", "numeric", "reflection"):
            ignored("shuffle", "this question (there is nothing to shuffle)")
        if quiz.kind in UNGRADED_KINDS:
            ignored("points", "a poll or reflection (they are not graded)")
            if quiz.explanation:
                self.log.warning(self.fence_line, "Q316", f'the explanation after "---" in {quiz.kind} "{quiz.quiz_id}" is never shown; only graded questions show an explanation. Move it into the page text or delete it.')
                quiz.explanation = ""
        if quiz.kind == "matching" and any(a.feedback for a in quiz.answers):
            line = next(a.line for a in quiz.answers if a.feedback)
            self.log.warning(line, "Q317", "feedback lines after matching pairs are not shown; use the explanation after \"---\" instead.")


_FAMILY_WORDS = {
    "choice": '"( )" choices', "checkbox": '"[ ]" options',
    "equals": '"=" answers', "arrow": '"->" pairs',
}


def headers_text(headers: dict[str, tuple[str, int]]) -> dict[str, str]:
    """Header values as written, for comparing translations with the default file."""
    return {key: value for key, (value, _line) in headers.items()}


def _answer_line(text: str, line: int) -> Answer | None:
    if match := _CHOICE.match(text):
        return Answer("choice", (match.group(2) or "").strip(), line, correct=match.group(1) in "xX" and match.group(1) != "")
    if match := _CHECKBOX.match(text):
        return Answer("checkbox", (match.group(2) or "").strip(), line, correct=match.group(1) in "xX" and match.group(1) != "")
    if match := _WRONG_TEXT.match(text):
        return Answer("wrong", (match.group(1) or "").strip(), line)
    if match := _ACCEPTED.match(text):
        return Answer("accepted", (match.group(1) or "").strip(), line, correct=True)
    if match := _DISTRACTOR.match(text):
        return Answer("distractor", (match.group(1) or "").strip(), line)
    if match := _PAIR.match(text):
        return Answer("pair", match.group(1).strip(), line, right=match.group(2).strip())
    return None


def _short(text: str, limit: int = 60) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_quiz(lines: list[str], first_line: int, log: MessageLog) -> Quiz | None:
    """Parse the lines inside a quiz fence (the fence line is `first_line - 1`)."""
    return QuizParser(lines, first_line, log).parse()


Render = Callable[..., str]


def content_fields(quiz: Quiz, render: Render) -> dict:
    """The content-scope field values of docs/blocks.md for one language."""
    fields: dict = {"question_html": render(quiz.question)}
    if quiz.graded:
        fields["explanation_html"] = render(quiz.explanation) if quiz.explanation else ""
    if quiz.kind in CHOICE_KINDS:
        fields["choices"] = [
            {
                "key": f"c{number}",
                "html": render(choice.text, inline=True),
                "correct": choice.correct if quiz.kind != "poll" else False,
                "feedback_html": render(choice.feedback_text, inline=True) if choice.feedback and quiz.kind != "poll" else "",
            }
            for number, choice in enumerate(quiz.choices, start=1)
        ]
    elif quiz.kind == "text":
        fields["answers"] = [
            {
                "text": answer.text,
                "correct": answer.marker == "accepted",
                "feedback_html": render(answer.feedback_text, inline=True) if answer.feedback else "",
            }
            for answer in quiz.answers
        ]
    elif quiz.kind == "numeric":
        fields["ranges"] = [
            {
                "min": r.min, "max": r.max, "label": r.label,
                "feedback_html": render(r.feedback, inline=True) if r.feedback else "",
            }
            for r in quiz.ranges
        ]
    elif quiz.kind == "matching":
        rights = quiz.right_options
        fields["pairs"] = [
            {"key": f"p{number}", "left_html": render(pair.text, inline=True), "right_key": f"r{rights.index(pair.right) + 1}"}
            for number, pair in enumerate(quiz.pairs, start=1)
        ]
        fields["right_options"] = [
            {"key": f"r{number}", "html": render(text, inline=True)} for number, text in enumerate(rights, start=1)
        ]
    return fields


def settings_fields(quiz: Quiz, *, default_standards: list[int], default_attempts: int) -> dict:
    """The settings-scope field values of docs/blocks.md (same in every language)."""
    return {
        "display_name": quiz.quiz_id,
        "quiz_id": quiz.quiz_id,
        "weight": float(quiz.points),
        "shuffle": quiz.shuffle,
        "scoring": quiz.scoring,
        "case_sensitive": quiz.case_sensitive,
        "max_attempts": quiz.attempts if quiz.attempts is not None else default_attempts,
        "cpms_standards": list(quiz.cpms) if quiz.cpms is not None else list(default_standards),
    }
