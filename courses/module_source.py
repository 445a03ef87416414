"""Reading one module file: front matter, body, quiz fences, links.

The body comes out with every quiz fence replaced by a slot token on its own
paragraph; after rendering and sanitising, the token becomes the placeholder
the LMS fills with the block's HTML.
"""
from __future__ import annotations

import html
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from .messages import MessageLog, did_you_mean
from .quiz import Quiz, parse_quiz
from .yaml_source import YamlDocument, parse_yaml

FRONT_MATTER_KEYS = ("title", "duration", "objectives", "cpms", "competencies", "pass_mark", "content_note")
CPMS_KEYS = ("standards", "principles")
STANDARD_RANGE = range(1, 29)
PRINCIPLE_RANGE = range(1, 11)
MEDIA_PREFIX = "../media/"
ALLOWED_SCHEMES = ("http", "https", "mailto")

# A fresh token per process: an author cannot type it, so nothing in a page
# but a real quiz fence can become a block placeholder.
_SLOT_NONCE = secrets.token_hex(8)
SLOT_TOKEN = re.compile(rf"(?:<p>)?cpslot{_SLOT_NONCE}n(\d+)(?:</p>)?")

_FENCE = re.compile(r"^(`{3,}|~{3,})(.*)$")
_INDENTED_QUIZ = re.compile(r"^\s+(`{3,}|~{3,})\s*quiz\b", re.IGNORECASE)
_DURATION = re.compile(
    r"^\s*(?:(\d+)\s*(?:h|hr|hrs|hour|hours)\b)?\s*(?:(\d+)\s*(?:min|mins|minute|minutes)\b)?\s*$",
    re.IGNORECASE,
)
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+\1")
_RAW_HTML = re.compile(r"<!--|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^>\s]*)>")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def slot_token(index: int) -> str:
    """The paragraph text standing for the `index`-th quiz of a page."""
    return f"cpslot{_SLOT_NONCE}n{index}"


def parse_duration(value: Any) -> int | None:
    """Minutes in "45 min", "1 h" or "1 h 30 min"; None if unreadable."""
    if not isinstance(value, str):
        return None
    match = _DURATION.match(value)
    if not match or not (match.group(1) or match.group(2)):
        return None
    return int(match.group(1) or 0) * 60 + int(match.group(2) or 0)


@dataclass
class ModuleSource:
    """One module file (default language or a translation), parsed and checked."""

    path: str
    language: str
    title: str = ""
    duration_minutes: int | None = None
    objectives: list[str] = field(default_factory=list)
    standards: list[int] = field(default_factory=list)
    principles: list[int] = field(default_factory=list)
    competencies: list[str] = field(default_factory=list)
    pass_mark: int | None = None
    content_note: str = ""
    front_values: dict[str, Any] = field(default_factory=dict)
    front_lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    quizzes: list[Quiz] = field(default_factory=list)
    fence_lines: dict[str, int] = field(default_factory=dict)
    media_refs: list[tuple[str, int]] = field(default_factory=list)
    readable: bool = True


def read_module(text: str, path: str, language: str, log: MessageLog, *, is_default: bool) -> ModuleSource:
    """Parse a module file's text; problems go to `log`."""
    source = ModuleSource(path=path, language=language)
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or lines[0].strip() != "---":
        log.error(1, "M204", 'a module file starts with front matter: a "---" line, "title: ...", other settings, and a closing "---" line.')
        source.readable = False
        return source
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        log.error(1, "M204", 'the front matter is never closed: add a "---" line after the last setting.')
        source.readable = False
        return source
    document = parse_yaml("\n".join(lines[1:end]), first_line=2)
    if document.error:
        log.error(document.error_line, "M205", f"front matter cannot be read: {document.error}. Check indentation and quote values that contain a colon.")
        source.readable = False
    else:
        _read_front_matter(document, source, log, is_default=is_default)
    _read_body(lines, end + 1, source, log)
    return source


def _read_front_matter(document: YamlDocument, source: ModuleSource, log: MessageLog, *, is_default: bool) -> None:
    data = document.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        log.error(2, "M213", 'front matter must be "key: value" lines, such as "title: Handling information safely".')
        return
    for key in data:
        if key not in FRONT_MATTER_KEYS:
            hint = did_you_mean(key, FRONT_MATTER_KEYS) or f" Known keys: {', '.join(FRONT_MATTER_KEYS)}."
            log.error(document.key_line(data, key), "M206", f'unknown front matter key "{key}".{hint}')
    for key in FRONT_MATTER_KEYS:
        if key in data:
            source.front_values[key] = data[key]
            source.front_lines[key] = document.key_line(data, key)

    def wrong_type(key: str, expected: str) -> None:
        log.error(source.front_lines[key], "M213", f'"{key}" must be {expected}.')

    title = data.get("title")
    if title is None or (isinstance(title, str) and not title.strip()):
        if is_default:
            log.error(document.line_of(data) if data else 2, "M207", 'the module has no title: add "title: ..." to the front matter.')
    elif not isinstance(title, str):
        wrong_type("title", "text")
    else:
        source.title = title.strip()
    if "duration" in data:
        minutes = parse_duration(data["duration"])
        if minutes is None:
            log.error(source.front_lines["duration"], "M208", f'duration "{data["duration"]}" cannot be read; write it like "45 min", "1 h" or "1 h 30 min".')
        else:
            source.duration_minutes = minutes
    if "objectives" in data:
        objectives = data["objectives"]
        if not isinstance(objectives, list) or not all(isinstance(o, str) and o.strip() for o in objectives):
            log.error(source.front_lines["objectives"], "M209", 'objectives must be a list, one sentence per line starting with "  - ".')
        else:
            source.objectives = [o.strip() for o in objectives]
    if "cpms" in data:
        _read_cpms(document, data["cpms"], source, log)
    if "competencies" in data:
        competencies = data["competencies"]
        if not isinstance(competencies, list) or not all(isinstance(c, str) for c in competencies):
            wrong_type("competencies", "a list of tags such as [technical]")
        else:
            source.competencies = list(competencies)
    if "pass_mark" in data:
        mark = data["pass_mark"]
        if isinstance(mark, bool) or not isinstance(mark, int) or not 0 <= mark <= 100:
            log.error(source.front_lines["pass_mark"], "M212", f'pass_mark "{mark}" must be a whole percentage from 0 to 100, such as 75.')
        else:
            source.pass_mark = int(mark)
    if "content_note" in data:
        note = data["content_note"]
        if not isinstance(note, str):
            wrong_type("content_note", "text, written in this file's language")
        else:
            source.content_note = note.strip()


def _read_cpms(document: YamlDocument, cpms: Any, source: ModuleSource, log: MessageLog) -> None:
    line = source.front_lines["cpms"]
    if not isinstance(cpms, dict):
        log.error(line, "M213", '"cpms" must have "standards: [..]" and/or "principles: [..]" below it.')
        return
    for key in cpms:
        if key not in CPMS_KEYS:
            log.error(document.key_line(cpms, key), "M206", f'unknown key "{key}" under cpms.{did_you_mean(key, CPMS_KEYS)} Use "standards" and "principles".')
            return
    for key, allowed, code, what in (
        ("standards", STANDARD_RANGE, "M210", "standards are numbered 1 to 28 (CPMS 2019)"),
        ("principles", PRINCIPLE_RANGE, "M211", "principles are numbered 1 to 10 (CPMS 2019)"),
    ):
        if key not in cpms:
            continue
        values = cpms[key]
        key_line = document.key_line(cpms, key)
        if not isinstance(values, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            log.error(key_line, "M213", f'cpms {key} must be a list of numbers, such as [5, 18].')
            continue
        outside = [v for v in values if v not in allowed]
        if outside:
            log.error(key_line, code, f"cpms {key} {', '.join(map(str, outside))} do not exist: {what}.")
            continue
        setattr(source, key, sorted(set(values)))


def _read_body(lines: list[str], start: int, source: ModuleSource, log: MessageLog) -> None:
    out: list[str] = []
    index = start
    seen_ids: dict[str, int] = {}
    while index < len(lines):
        text = lines[index]
        number = index + 1
        fence = _FENCE.match(text)
        if fence:
            marker = fence.group(1)
            closing = re.compile(rf"^{re.escape(marker[0])}{{{len(marker)},}}\s*$")
            close = next((j for j in range(index + 1, len(lines)) if closing.match(lines[j])), None)
            if fence.group(2).strip().lower() == "quiz":
                if close is None:
                    log.error(number, "Q301", f'the quiz block opened on line {number} is never closed: add a line with {marker} after its last line.')
                    source.readable = False
                    break
                body = lines[index + 1:close]
                for offset, quiz_line in enumerate(body):
                    _check_line(quiz_line, number + 1 + offset, source, log)
                quiz = parse_quiz(body, number + 1, log)
                if quiz is not None:
                    if quiz.quiz_id in seen_ids:
                        log.error(number, "Q305", f'quiz id "{quiz.quiz_id}" is already used on line {seen_ids[quiz.quiz_id]} of this module; give each quiz its own id.')
                    else:
                        seen_ids[quiz.quiz_id] = number
                        source.fence_lines[quiz.quiz_id] = number
                        out.extend(["", slot_token(len(source.quizzes)), ""])
                        source.quizzes.append(quiz)
                index = close + 1
                continue
            last = close if close is not None else len(lines) - 1
            out.extend(lines[index:last + 1])
            index = last + 1
            continue
        if _INDENTED_QUIZ.match(text):
            log.error(number, "Q319", "a quiz block must start at the left margin (no spaces before ```quiz), or its answers would be shown as text.")
            source.readable = False
        _check_line(text, number, source, log)
        out.append(text)
        index += 1
    source.body = "\n".join(out)


def _check_line(text: str, number: int, source: ModuleSource, log: MessageLog) -> None:
    if "<" not in text and "](" not in text and "]:" not in text:
        return
    visible = _CODE_SPAN.sub("", text)
    targets = _INLINE_LINK.findall(visible) + _REFERENCE.findall(visible) + _AUTOLINK.findall(visible)
    for target in targets:
        _check_target(target, number, source, log)
    without_links = _AUTOLINK.sub("", visible)
    if _RAW_HTML.search(without_links):
        tag = _RAW_HTML.search(without_links).group(0)
        log.warning(number, "M215", f'"{tag[:40]}" is HTML; it will be shown as text, not as markup. Use markdown instead (for example **bold**, [link](https://...)).')


def _check_target(target: str, number: int, source: ModuleSource, log: MessageLog) -> None:
    decoded = re.sub(r"[\x00-\x20]", "", html.unescape(target))
    scheme = _SCHEME.match(decoded)
    if scheme:
        if scheme.group(1).lower() not in ALLOWED_SCHEMES:
            log.error(number, "X502", f'the link "{target[:60]}" uses "{scheme.group(1)}:", which is removed from pages; only http:, https: and mailto: links are allowed.')
        return
    if decoded.startswith(MEDIA_PREFIX):
        filename = re.split(r"[?#]", decoded[len(MEDIA_PREFIX):], maxsplit=1)[0]
        source.media_refs.append((filename, number))
    elif "media/" in decoded:
        log.warning(number, "X503", f'"{target[:60]}" does not point into this course\'s media folder; write media links as ../media/<file name>.')
