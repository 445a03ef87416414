"""Messages for authors: every problem found in a course, located and coded.

Codes are stable (authors and CI search for them); each one is documented in
docs/authoring.md, and a test keeps that guide and this table in step.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable

ERROR = "error"
WARNING = "warning"

# code -> one-line summary. The prefix names the area: C course.yaml,
# M module files and front matter, Q quiz blocks, T translations,
# X media and links, P pre-test/post-test, G GIFT import, A Aiken import.
CODES: dict[str, str] = {
    "C101": "course.yaml is missing",
    "C102": "course.yaml is not valid YAML",
    "C103": "unknown key in course.yaml",
    "C104": "required key missing in course.yaml",
    "C105": "value has the wrong type",
    "C106": "level is not entry, mid or senior",
    "C107": "pass_mark is not a whole number from 0 to 100",
    "C108": "language code is not supported",
    "C109": "language listed twice",
    "C110": "text given for a language the course does not list",
    "C111": "title missing in the default language",
    "C112": "course folder name is not a valid slug",
    "M201": "module file name does not follow NN-slug.md",
    "M202": "two modules share a number",
    "M203": "two modules share a slug",
    "M204": "module file has no front matter",
    "M205": "front matter is not valid YAML",
    "M206": "unknown key in front matter",
    "M207": "module title missing",
    "M208": "duration cannot be read",
    "M209": "objectives must be a list of sentences",
    "M210": "CPMS standard outside 1-28",
    "M211": "CPMS principle outside 1-10",
    "M212": "module pass_mark is not a whole number from 0 to 100",
    "M213": "front matter value has the wrong type",
    "M214": "course has no modules",
    "M215": "raw HTML will be shown as text",
    "M216": "module file cannot be read as UTF-8 text",
    "Q301": "quiz fence is never closed",
    "Q302": "quiz has no id",
    "Q303": "unknown quiz header",
    "Q304": "quiz header value is not valid",
    "Q305": "quiz id used twice in a module",
    "Q306": "quiz has no question text",
    "Q307": "quiz has no answer lines",
    "Q308": "quiz mixes answer kinds",
    "Q309": "single choice needs exactly one (x)",
    "Q310": "multiple response needs at least one [x]",
    "Q311": "numeric answer cannot be read",
    "Q312": "matching needs at least two pairs",
    "Q313": "type header disagrees with the answer lines",
    "Q314": "text among the answers that is not an answer or feedback",
    "Q315": "quiz id has characters that are not allowed",
    "Q316": "explanation on a poll or reflection is not shown",
    "Q317": "header has no effect on this kind of question",
    "Q318": "choice question needs at least two choices",
    "Q319": "quiz fence is indented or not at the left margin",
    "Q320": "empty answer",
    "T401": "translation has no default-language file",
    "T402": "translation language not listed in course.yaml",
    "T403": "quiz ids differ from the default language",
    "T404": "quiz kind differs from the default language",
    "T405": "choices differ from the default language",
    "T406": "matching pairs differ from the default language",
    "T407": "numeric ranges differ from the default language",
    "T408": "quiz settings differ from the default language",
    "T409": "front matter settings differ from the default language",
    "X501": "media file not found",
    "X502": "link uses a scheme that is not allowed",
    "X503": "media link points outside media/",
    "P601": "pre_test or post_test module not found",
    "P602": "pre-test and post-test quiz ids differ",
    "P603": "pre_test and post_test name the same module",
    "G701": "GIFT item cannot be carried over (description or unknown kind)",
    "G702": "GIFT partial credit cannot be carried over",
    "G703": "GIFT HTML or Moodle formatting kept as text",
    "G704": "GIFT text after the answers moved into the question",
    "G705": "GIFT question cannot be read",
    "G706": "GIFT essay imported as an ungraded reflection",
    "A801": "Aiken question cannot be read",
}


@dataclass(frozen=True)
class Message:
    """One problem found in a course, at a file and line (1-based, 0 = whole file)."""

    path: str
    line: int
    severity: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity} {self.code}: {self.message}"

    def as_github_annotation(self) -> str:
        """The message as a GitHub Actions workflow command (one line)."""
        kind = "error" if self.severity == ERROR else "warning"
        text = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{kind} file={self.path},line={max(self.line, 1)}::{self.code} {text}"


def has_errors(messages: Iterable[Message]) -> bool:
    """True when any message is an error (publishing must refuse)."""
    return any(m.severity == ERROR for m in messages)


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """A ' Did you mean "x"?' suffix for a misspelt key, or '' if nothing is close."""
    close = difflib.get_close_matches(str(word), list(known), n=1, cutoff=0.6)
    return f' Did you mean "{close[0]}"?' if close else ""


class MessageLog:
    """Collects messages for one file; keeps errors from cascading."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.messages: list[Message] = []

    def error(self, line: int, code: str, message: str) -> None:
        """Record an error at a line of this file."""
        self._add(line, ERROR, code, message)

    def warning(self, line: int, code: str, message: str) -> None:
        """Record a warning at a line of this file."""
        self._add(line, WARNING, code, message)

    def _add(self, line: int, severity: str, code: str, message: str) -> None:
        if code not in CODES:
            raise KeyError(f"undocumented message code {code}")
        self.messages.append(Message(self.path, line, severity, code, message))
