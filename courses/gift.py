"""Moodle GIFT: import into ready-to-paste quiz blocks, export a course's quizzes.

`export_gift` then `import_gift` gives back every question: same kind, text,
choices, correctness, feedback, accepted answers and explanation.
"""
from __future__ import annotations

import re
from typing import Iterable

from .messages import ERROR, WARNING, Message
from .model import CourseModel, ModuleModel
from .quiz import Quiz, format_number, parse_number

GIFT_SOURCE = "<gift>"
_SPECIAL = "~=#{}:"
_FORMAT = re.compile(r"^\[(markdown|html|plain|moodle)\]\s*", re.IGNORECASE)
_WEIGHT = re.compile(r"^%(-?\d+(?:[.,]\d+)?)%")
_NUMBER = r"-?\d+(?:[.,]\d+)?"


def _escape(text: str) -> str:
    text = "".join("\\" + char if char in _SPECIAL else char for char in text.replace("\\", "\\\\"))
    return text.replace("\n", "\\n")


def _unescape(text: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            following = text[index + 1]
            out.append("\n" if following == "n" else following)
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def _find_unescaped(text: str, targets: str, start: int = 0) -> int:
    index = start
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] in targets:
            return index
        index += 1
    return -1


def _split_unescaped(text: str, markers: str) -> list[tuple[str, str]]:
    """Split `text` at unescaped marker characters, keeping each marker."""
    parts: list[tuple[str, str]] = []
    index = _find_unescaped(text, markers)
    while index != -1:
        following = _find_unescaped(text, markers, index + 1)
        end = following if following != -1 else len(text)
        parts.append((text[index], text[index + 1:end]))
        index = following
    return parts


def _chunks(text: str) -> Iterable[tuple[int, str]]:
    """Questions separated by blank lines, with their first line numbers."""
    lines = text.replace("\r\n", "\n").split("\n")
    current: list[str] = []
    start = 1
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("//"):
            continue
        if not stripped:
            if current:
                yield start, "\n".join(current)
            current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        yield start, "\n".join(current)


def _quiz_id(title: str, used: set[str], number: int) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40].strip("-") or f"q{number}"
    candidate, suffix = base, 2
    while candidate in used:
        candidate, suffix = f"{base}-{suffix}", suffix + 1
    used.add(candidate)
    return candidate


def _one_line(text: str) -> str:
    return " ".join(_unescape(text).split())


def _answer_parts(body: str) -> tuple[str, str]:
    """Split `text#feedback` into text and feedback (both unescaped)."""
    cut = _find_unescaped(body, "#")
    if cut == -1:
        return _one_line(body), ""
    return _one_line(body[:cut]), _one_line(body[cut + 1:])


class _GiftImporter:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.used_ids: set[str] = set()

    def warn(self, line: int, code: str, text: str, severity: str = WARNING) -> None:
        self.messages.append(Message(GIFT_SOURCE, line, severity, code, text))

    def convert(self, text: str) -> str:
        blocks: list[str] = []
        number = 0
        for line, chunk in _chunks(text):
            if chunk.lstrip().startswith("$CATEGORY:"):
                continue
            number += 1
            block = self.question(line, chunk, number)
            if block:
                blocks.append(block)
        return "\n".join(blocks)

    def question(self, line: int, chunk: str, number: int) -> str | None:
        title = ""
        text = chunk.strip()
        if text.startswith("::"):
            end = text.find("::", 2)
            if end != -1:
                title, text = text[2:end].strip(), text[end + 2:].lstrip()
        form = _FORMAT.match(text)
        if form:
            text = text[form.end():]
            if form.group(1).lower() in ("html", "moodle"):
                self.warn(line, "G703", f'question {title or number} is in [{form.group(1)}] format; its markup is kept as text, so check the wording.')
        opening = _find_unescaped(text, "{")
        if opening == -1:
            self.warn(line, "G701", f'question {title or number} has no answers (a description); it is not imported. Paste its text into the page instead.')
            return None
        closing = _find_unescaped(text, "}", opening)
        if closing == -1:
            self.warn(line, "G705", f"question {title or number} opens an answer block with {{ but never closes it.", ERROR)
            return None
        stem = _unescape(text[:opening]).strip()
        after = _unescape(text[closing + 1:]).strip()
        if after:
            self.warn(line, "G704", f'question {title or number}: the text after the answers ("{after[:40]}") is moved to the end of the question.')
            stem = f"{stem} ___ {after}" if stem else after
        answers = text[opening + 1:closing].strip()
        general = ""
        general_at = answers.find("####")
        if general_at != -1:
            general = _unescape(answers[general_at + 4:]).strip()
            answers = answers[:general_at].strip()
        quiz_id = _quiz_id(title, self.used_ids, number)
        lines = self.answer_lines(line, answers, title or str(number))
        if lines is None:
            return None
        headers, answer_lines = lines
        parts = ["```quiz", f"id: {quiz_id}", *headers, "", stem or "(no question text)", "", *answer_lines]
        if general and "type: reflection" not in headers and "type: poll" not in headers:
            parts += ["", "---", general]
        return "\n".join(parts) + "\n```\n"

    def answer_lines(self, line: int, answers: str, name: str) -> tuple[list[str], list[str]] | None:
        if not answers:
            self.warn(line, "G706", f"question {name} is an essay; it is imported as an ungraded reflection (type: reflection).")
            return ["type: reflection"], []
        if answers.upper().split("#")[0].strip() in ("T", "TRUE", "F", "FALSE"):
            head, *feedback = [_one_line(p) for p in re.split(r"(?<!\\)#", answers)]
            truth = head.strip().upper().startswith("T")
            wrong_feedback = feedback[0] if feedback else ""
            right_feedback = feedback[1] if len(feedback) > 1 else ""
            rows = [("True", truth), ("False", not truth)]
            out = []
            for word, correct in rows:
                out.append(f"({'x' if correct else ' '}) {word}")
                note = right_feedback if correct else wrong_feedback
                if note:
                    out.append(f"    > {note}")
            return [], out
        if answers.startswith("#"):
            return self.numeric(line, answers[1:], name)
        parts = _split_unescaped(answers, "=~")
        if not parts:
            self.warn(line, "G705", f"question {name}: the answers cannot be read; start each with = (right) or ~ (wrong).", ERROR)
            return None
        rows = []
        for marker, body in parts:
            weight = None
            body = body.strip()
            if match := _WEIGHT.match(body):
                weight = parse_number(match.group(1))
                body = body[match.end():]
            text, feedback = _answer_parts(body)
            rows.append((marker, weight, text, feedback))
        if any(" -> " in f" {text} " and marker == "=" for marker, _w, text, _f in rows):
            return self.matching(rows)
        if all(marker == "=" for marker, *_ in rows):
            out = []
            for _marker, weight, text, feedback in rows:
                out.append(f"{'!=' if weight is not None and weight <= 0 else '='} {text}")
                if feedback:
                    out.append(f"    > {feedback}")
            if weight_values := [w for _m, w, _t, _f in rows if w not in (None, 0, 100)]:
                self.warn(line, "G702", f"question {name}: partial credit ({', '.join(format_number(w) for w in weight_values)}%) becomes full credit.")
            numeric_looking = all(re.fullmatch(_NUMBER, text.strip()) for _m, _w, text, _f in rows if text)
            return (["type: text"] if numeric_looking else []), out
        # Moodle: an "=" answer makes a single choice; without one, positive
        # "~%n%" weights make a multiple response.
        has_equals = any(marker == "=" for marker, *_ in rows)
        right = [row for row in rows if row[0] == "=" or (not has_equals and (row[1] or 0) > 0)]
        if not right:
            return ["type: poll"], [f"( ) {text}" for _m, _w, text, _f in rows]
        multiple = not has_equals
        if has_equals and any(marker == "~" and w not in (None, 0) for marker, w, _t, _f in rows):
            self.warn(line, "G702", f"question {name}: partial credit on other choices cannot be carried; only the = answer scores.")
        if has_equals and len(right) > 1:
            self.warn(line, "G705", f"question {name} has {len(right)} answers marked =; keep one =, or use ~%50% weights for a multiple response.", ERROR)
            return None
        out = []
        for row in rows:
            _marker, _weight, text, feedback = row
            mark = "x" if row in right else " "
            out.append(f"[{mark}] {text}" if multiple else f"({mark}) {text}")
            if feedback:
                out.append(f"    > {feedback}")
        return [], out

    def matching(self, rows) -> tuple[list[str], list[str]]:
        out = []
        for _marker, _weight, text, _feedback in rows:
            left, _arrow, right = text.partition("->")
            left, right = left.strip(), right.strip()
            out.append(f"{left} -> {right}" if left else f"-> {right}")
        return [], out

    def numeric(self, line: int, body: str, name: str) -> tuple[list[str], list[str]] | None:
        entries = [(m, b) for m, b in _split_unescaped(body, "=")] or [("=", body)]
        if _find_unescaped(body, "=") > 0:
            entries = [("=", body[:_find_unescaped(body, "=")])] + entries
        out = []
        for _marker, entry in entries:
            entry = entry.strip()
            if not entry:
                continue
            if match := _WEIGHT.match(entry):
                if parse_number(match.group(1)) not in (100,):
                    self.warn(line, "G702", f"question {name}: partial credit {match.group(1)}% becomes full credit.")
                entry = entry[match.end():]
            value, feedback = _answer_parts(entry)
            value = value.replace(" ", "")
            if match := re.fullmatch(rf"({_NUMBER}):({_NUMBER})", value):
                centre, spread = match.groups()
                written = centre if parse_number(spread) == 0 else f"{centre} +- {spread}"
            elif re.fullmatch(rf"{_NUMBER}\.\.{_NUMBER}", value) or re.fullmatch(_NUMBER, value):
                written = value
            else:
                self.warn(line, "G705", f'question {name}: the numeric answer "{value}" cannot be read; write #54, #50:4 or #1..5.', ERROR)
                return None
            out.append(f"= {written}")
            if feedback:
                out.append(f"    > {feedback}")
        return ["type: numeric"], out


def import_gift(text: str) -> tuple[str, list[Message]]:
    """Convert GIFT questions into quiz blocks; warnings say what could not be carried."""
    importer = _GiftImporter()
    return importer.convert(text), importer.messages


def _quiz_to_gift(quiz: Quiz) -> str:
    head = f"::{quiz.quiz_id}::[markdown]{_escape(quiz.question)}"
    rows: list[str] = []

    def with_feedback(text: str, feedback: str) -> str:
        return f"{text}#{_escape(feedback)}" if feedback else text

    if quiz.kind in ("single", "true-false"):
        rows = [with_feedback(("=" if c.correct else "~") + _escape(c.text), c.feedback_text) for c in quiz.choices]
    elif quiz.kind == "multiple":
        right = [c for c in quiz.choices if c.correct]
        wrong = [c for c in quiz.choices if not c.correct]
        for choice in quiz.choices:
            share = 100 / len(right) if choice.correct else -100 / max(len(wrong), 1)
            rows.append(with_feedback(f"~%{format_number(round(share, 5))}%{_escape(choice.text)}", choice.feedback_text))
    elif quiz.kind == "poll":
        rows = [f"~{_escape(c.text)}" for c in quiz.choices]
    elif quiz.kind == "text":
        rows = [with_feedback(("=" if a.marker == "accepted" else "=%0%") + _escape(a.text), a.feedback_text) for a in quiz.answers]
    elif quiz.kind == "numeric":
        numbers = []
        for r in quiz.ranges:
            centre, spread = (r.min + r.max) / 2, (r.max - r.min) / 2
            value = f"{format_number(r.min)}..{format_number(r.max)}" if ".." in r.label else f"{format_number(centre)}:{format_number(spread)}"
            numbers.append(with_feedback(f"={value}", r.feedback))
        rows = ["#" + " ".join(numbers)]
    elif quiz.kind == "matching":
        rows = [f"={_escape(p.text)} -> {_escape(p.right)}" for p in quiz.pairs]
        pair_rights = {p.right for p in quiz.pairs}
        rows += [f"= -> {_escape(text)}" for text in quiz.right_options if text not in pair_rights]
    if quiz.kind == "reflection":
        return f"{head}{{}}\n"
    general = f"\n####{_escape(quiz.explanation)}" if quiz.explanation else ""
    return head + "{\n" + "\n".join(rows) + general + "\n}\n"


def export_gift(target: CourseModel | ModuleModel) -> str:
    """The quizzes of a course or one module as GIFT (default-language text)."""
    modules = target.modules if isinstance(target, CourseModel) else [target]
    out: list[str] = []
    for module in modules:
        out.append(f"$CATEGORY: {module.slug}\n")
        for block in module.blocks:
            language = next(iter(block.sources))
            out.append(_quiz_to_gift(block.sources[language]))
    return "\n".join(out)
