"""Reading and checking course.yaml."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .messages import MessageLog, did_you_mean
from .yaml_source import YamlDocument, parse_yaml

COURSE_KEYS = (
    "title", "languages", "summary", "audience", "level", "pass_mark",
    "pre_test", "post_test", "certificate", "version",
)
REQUIRED_KEYS = ("title", "languages", "level", "pass_mark")
LEVELS = ("entry", "mid", "senior")
SUPPORTED_LANGUAGES = ("en", "fr", "es", "ar")


@dataclass
class CourseSettings:
    """The values of a course.yaml that passed its checks."""

    titles: dict[str, str] = field(default_factory=dict)
    languages: list[str] = field(default_factory=list)
    summaries: dict[str, str] = field(default_factory=dict)
    audiences: dict[str, str] = field(default_factory=dict)
    level: str = "entry"
    pass_mark: int = 70
    pre_test: str | None = None
    post_test: str | None = None
    certificate: bool = False
    version: str = ""
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def default_language(self) -> str:
        return self.languages[0]


def read_course_settings(text: str, log: MessageLog) -> CourseSettings | None:
    """Check course.yaml; None when it is too broken to go on (languages unknown)."""
    document = parse_yaml(text.lstrip("\ufeff"))
    if document.error:
        log.error(document.error_line, "C102", f"course.yaml cannot be read: {document.error}. Check indentation and quote text that contains a colon.")
        return None
    data = document.data
    if not isinstance(data, dict):
        log.error(1, "C105", 'course.yaml must be "key: value" lines, starting with "title:".')
        return None
    settings = CourseSettings()
    settings.lines = {key: document.key_line(data, key) for key in data if isinstance(key, str)}
    for key in data:
        if key not in COURSE_KEYS:
            hint = did_you_mean(key, COURSE_KEYS) or f" Known keys: {', '.join(COURSE_KEYS)}."
            log.error(document.key_line(data, key), "C103", f'unknown key "{key}" in course.yaml.{hint}')
    missing = [key for key in REQUIRED_KEYS if key not in data]
    for key in missing:
        log.error(1, "C104", f'course.yaml has no "{key}"; add it (see the example in docs/authoring.md).')
    if "languages" in missing or not _read_languages(document, data["languages"], settings, log):
        return None
    line = settings.lines.get
    for key, target in (("title", "titles"), ("summary", "summaries"), ("audience", "audiences")):
        if key in data:
            setattr(settings, target, _read_localised(document, key, data[key], settings, log))
    if "title" in data and settings.default_language not in settings.titles:
        log.error(line("title"), "C111", f'the course title has no "{settings.default_language}" text; the first language in "languages" is the default and needs a title.')
    if "level" in data:
        level = data["level"]
        if level not in LEVELS:
            log.error(line("level"), "C106", f'level "{level}" is not one of entry, mid, senior.{did_you_mean(str(level), LEVELS)}')
        else:
            settings.level = level
    if "pass_mark" in data:
        mark = data["pass_mark"]
        if isinstance(mark, bool) or not isinstance(mark, int) or not 0 <= mark <= 100:
            log.error(line("pass_mark"), "C107", f'pass_mark "{mark}" must be a whole percentage from 0 to 100, such as 70.')
        else:
            settings.pass_mark = mark
    for key in ("pre_test", "post_test"):
        if key in data and data[key] is not None:
            if not isinstance(data[key], str):
                log.error(line(key), "C105", f'{key} must be a module file name without ".md", such as "00-pre-test".')
            else:
                setattr(settings, key, data[key].strip())
    if "certificate" in data:
        if not isinstance(data["certificate"], bool):
            log.error(line("certificate"), "C105", f'certificate must be true or false (found "{data["certificate"]}").')
        else:
            settings.certificate = data["certificate"]
    if "version" in data:
        version = data["version"]
        if not isinstance(version, str):
            log.error(line("version"), "C105", f'version must be text in quotes, such as "2026.1" (without quotes {version!s} is read as a number).')
        else:
            settings.version = version
    return settings


def _read_languages(document: YamlDocument, languages: Any, settings: CourseSettings, log: MessageLog) -> bool:
    line = settings.lines["languages"]
    if not isinstance(languages, list) or not languages or not all(isinstance(code, str) for code in languages):
        log.error(line, "C105", "languages must be a list of language codes, default first, such as [en, fr, es, ar].")
        return False
    ok = True
    for index, code in enumerate(languages):
        if code not in SUPPORTED_LANGUAGES:
            hint = did_you_mean(code.lower()[:2], SUPPORTED_LANGUAGES) if code.lower()[:2] in SUPPORTED_LANGUAGES else ""
            log.error(document.item_line(languages, index), "C108", f'language "{code}" is not supported; use en, fr, es or ar (two lower-case letters).{hint}')
            ok = False
        elif code in languages[:index]:
            log.error(document.item_line(languages, index), "C109", f'language "{code}" is listed twice; list each language once.')
            ok = False
    if ok:
        settings.languages = list(languages)
    return ok


def _read_localised(document: YamlDocument, key: str, value: Any, settings: CourseSettings, log: MessageLog) -> dict[str, str]:
    line = settings.lines[key]
    if isinstance(value, str):
        return {settings.default_language: value.strip()}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        log.error(line, "C105", f'{key} must be text, or one text per language such as {{en: "...", fr: "..."}}.')
        return {}
    texts: dict[str, str] = {}
    for language, text in value.items():
        if language not in settings.languages:
            hint = did_you_mean(str(language), settings.languages)
            log.error(document.key_line(value, language), "C110", f'{key} has text for "{language}", which is not in languages [{", ".join(settings.languages)}].{hint} Add the language or remove the text.')
        else:
            texts[language] = text.strip()
    return texts
