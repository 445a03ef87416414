"""Loading a course folder: check everything, then render once per language."""
from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .course_settings import CourseSettings, read_course_settings
from .messages import Message, MessageLog, did_you_mean, has_errors
from .model import BlockModel, CourseModel, LoadResult, ModuleModel, PageModel
from .module_source import SLOT_TOKEN, ModuleSource, read_module
from .quiz import Quiz, content_fields, settings_fields
from .rendering import count_words, render_markdown, render_page

MODULE_FILE = re.compile(r"^(\d{2,3})-([a-z0-9]+(?:-[a-z0-9]+)*)(?:\.([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?))?\.md$")
COURSE_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PLACEHOLDER = '<div class="xblock-slot" data-usage-id="{usage_id}"></div>'

MediaUrlFactory = Callable[[str, str], str]


@dataclass
class ModuleGroup:
    """The files of one module: the default-language file and its translations."""

    number: int
    slug: str
    stem: str
    files: dict[str, Path] = field(default_factory=dict)
    sources: dict[str, ModuleSource] = field(default_factory=dict)
    role: str = "module"


def load_course(path: Path, media_url: MediaUrlFactory | None = None) -> LoadResult:
    """Load, check and render the course in folder `path`.

    `media_url(course_slug, filename)` gives the URL that replaces
    `../media/<filename>` links. `.course` is None when there are errors.
    """
    return _load(Path(path), media_url, render=True)


def check_tree(path: Path) -> list[Message]:
    """Check one course folder, or every course folder inside `path`."""
    path = Path(path)
    if (path / "course.yaml").exists():
        return _load(path, None, render=False).messages
    if not path.is_dir():
        return [Message(str(path), 0, "error", "C101", "this folder does not exist; give the content/ folder or one course folder.")]
    messages: list[Message] = []
    folders = sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    if not folders:
        messages.append(Message(str(path), 0, "error", "C101", "no course folder here: each course is a folder with a course.yaml."))
    for folder in folders:
        messages.extend(_load(folder, None, render=False).messages)
    return messages


def _load(path: Path, media_url: MediaUrlFactory | None, *, render: bool) -> LoadResult:
    logs: dict[str, MessageLog] = {}

    def log_for(file: Path) -> MessageLog:
        return logs.setdefault(str(file), MessageLog(str(file)))

    course_file = path / "course.yaml"
    course_log = log_for(course_file)
    if not COURSE_SLUG.match(path.name):
        course_log.error(0, "C112", f'the course folder "{path.name}" must be lower-case letters, digits and "-" only (it is the course\'s permanent id), e.g. "case-management".')
    if not course_file.is_file():
        course_log.error(0, "C101", f'no course.yaml in "{path}"; every course folder needs one (see docs/authoring.md).')
        return LoadResult(None, _collect(logs))
    course_text = _read_text(course_file, course_log)
    settings = read_course_settings(course_text, course_log) if course_text is not None else None
    if settings is None:
        return LoadResult(None, _collect(logs))
    media = _media_files(path / "media")
    groups = _module_groups(path / "modules", settings, log_for)
    for group in groups:
        for language, file in group.files.items():
            log = log_for(file)
            text = _read_text(file, log)
            if text is None:
                continue
            group.sources[language] = read_module(text, str(file), language, log, is_default=language == settings.default_language)
        _check_translations(group, settings, log_for)
        for source in group.sources.values():
            _check_media(source, media, log_for(Path(source.path)))
    _assign_roles(groups, settings, course_log, log_for)
    messages = _collect(logs)
    if has_errors(messages) or not render:
        return LoadResult(None, messages)
    course = _build_course(path, settings, groups, media, media_url)
    return LoadResult(course, messages)


def _collect(logs: dict[str, MessageLog]) -> list[Message]:
    messages = [m for log in logs.values() for m in log.messages]
    return sorted(messages, key=lambda m: (m.path, m.line))


def _read_text(file: Path, log: MessageLog) -> str | None:
    try:
        return file.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        log.error(0, "M216", f"this file is not UTF-8 text (byte {exc.start}); save it as UTF-8 in your editor.")
        return None


def _media_files(media_dir: Path) -> dict[str, Path]:
    if not media_dir.is_dir():
        return {}
    return {p.name: p for p in sorted(media_dir.iterdir()) if p.is_file() and not p.name.startswith(".")}


def _module_groups(modules_dir: Path, settings: CourseSettings, log_for) -> list[ModuleGroup]:
    default = settings.default_language
    by_stem: dict[str, ModuleGroup] = {}
    translations: list[tuple[str, str, Path]] = []
    files = sorted(p for p in modules_dir.iterdir() if not p.name.startswith(".")) if modules_dir.is_dir() else []
    for file in files:
        match = MODULE_FILE.match(file.name)
        if not file.is_file() or not match:
            if file.suffix == ".md":
                log_for(file).error(0, "M201", f'"{file.name}" is not a module file name: use NN-slug.md (two digits, a dash, lower-case words joined by "-"), or NN-slug.<lang>.md for a translation, e.g. "05-information.fr.md".')
            else:
                log_for(file).warning(0, "M201", f'"{file.name}" is not a module file and is ignored; pictures and documents go in the media/ folder.')
            continue
        number, slug, language = match.groups()
        stem = f"{number}-{slug}"
        if language is None:
            by_stem[stem] = ModuleGroup(int(number), slug, stem, {default: file})
        elif language == default:
            log_for(file).error(0, "M201", f'"{file.name}" is in the default language ({default}), which has no language suffix: rename it "{stem}.md".')
        elif language not in settings.languages:
            log_for(file).error(0, "T402", f'"{file.name}" is a translation into "{language}", which is not in course.yaml languages [{", ".join(settings.languages)}].{did_you_mean(language, settings.languages)}')
        else:
            translations.append((stem, language, file))
    for stem, language, file in translations:
        if stem not in by_stem:
            log_for(file).error(0, "T401", f'"{file.name}" is a translation but there is no "{stem}.md" in the default language ({default}); add it or fix the file name.{did_you_mean(stem, list(by_stem))}')
        else:
            by_stem[stem].files[language] = file
    groups = sorted(by_stem.values(), key=lambda g: g.number)
    if not groups:
        log_for(modules_dir).error(0, "M214", "the course has no modules: add files such as modules/01-introduction.md.")
    seen_numbers: dict[int, ModuleGroup] = {}
    seen_slugs: dict[str, ModuleGroup] = {}
    for group in groups:
        file = group.files[default]
        if group.number in seen_numbers:
            log_for(file).error(0, "M202", f'"{file.name}" has the same number as "{seen_numbers[group.number].stem}.md"; give each module its own number (the number sets the order).')
        seen_numbers.setdefault(group.number, group)
        if group.slug in seen_slugs:
            log_for(file).error(0, "M203", f'"{file.name}" has the same slug "{group.slug}" as "{seen_slugs[group.slug].stem}.md"; the slug is the module\'s permanent id and must be unique.')
        seen_slugs.setdefault(group.slug, group)
    return groups


def _check_translations(group: ModuleGroup, settings: CourseSettings, log_for) -> None:
    default = group.sources.get(settings.default_language)
    if default is None or not default.readable:
        return
    default_quizzes = {q.quiz_id: q for q in default.quizzes}
    default_ids = [q.quiz_id for q in default.quizzes]
    for language, source in group.sources.items():
        if language == settings.default_language or not source.readable:
            continue
        log = log_for(Path(source.path))
        ids = [q.quiz_id for q in source.quizzes]
        missing = [i for i in default_ids if i not in ids]
        extra = [i for i in ids if i not in default_quizzes]
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"missing {', '.join(missing)}")
            if extra:
                parts.append(f"not in the {settings.default_language} file: {', '.join(extra)}")
            log.error(0, "T403", f"quiz ids differ from {Path(default.path).name} ({'; '.join(parts)}); a translation keeps every quiz id and translates only the wording.")
        elif ids != default_ids:
            log.error(0, "T403", f"quizzes are in a different order than in {Path(default.path).name} ({', '.join(default_ids)}); keep the same order.")
        for quiz in source.quizzes:
            original = default_quizzes.get(quiz.quiz_id)
            if original is not None:
                _compare_quiz(original, quiz, source, log)
        for key in ("duration", "cpms", "competencies", "pass_mark"):
            if key in source.front_values and source.front_values[key] != default.front_values.get(key):
                log.warning(source.front_lines[key], "T409", f'"{key}" differs from {Path(default.path).name}; it is taken from the default-language file, so remove it here or make it the same.')


def _compare_quiz(original: Quiz, quiz: Quiz, source: ModuleSource, log: MessageLog) -> None:
    line = source.fence_lines.get(quiz.quiz_id, quiz.line)
    if original.kind != quiz.kind:
        log.error(line, "T404", f'quiz "{quiz.quiz_id}" is {quiz.kind} here but {original.kind} in the default language; only the wording may change.')
        return
    if original.shape != quiz.shape:
        if quiz.kind == "matching":
            log.error(line, "T406", f'quiz "{quiz.quiz_id}" has {len(quiz.pairs)} pairs and {len(quiz.right_options)} right-hand options here, {len(original.pairs)} and {len(original.right_options)} in the default language (or they match differently); keep the same pairs in the same order.')
        elif quiz.kind == "numeric":
            log.error(line, "T407", f'quiz "{quiz.quiz_id}" has {len(quiz.ranges)} accepted numbers here and {len(original.ranges)} in the default language; keep the same "=" lines.')
        else:
            marks = "".join("x" if c else "_" for c in original.shape[1])
            found = "".join("x" if c else "_" for c in quiz.shape[1])
            log.error(line, "T405", f'quiz "{quiz.quiz_id}" choices differ from the default language (right answers by position: default {marks}, here {found}); keep the same number and order of choices and the same right answers.')
        return
    differing = sorted(
        key for key in set(original.header_values) | set(quiz.header_values)
        if key != "id" and key in quiz.header_values and quiz.header_values.get(key) != original.header_values.get(key)
    )
    if differing:
        log.warning(line, "T408", f'quiz "{quiz.quiz_id}" sets {", ".join(differing)} differently from the default language; settings come from the default-language file, so remove them here.')


def _check_media(source: ModuleSource, media: dict[str, Path], log: MessageLog) -> None:
    for filename, line in source.media_refs:
        if filename not in media:
            hint = did_you_mean(filename, media) or " Put the file in the course's media/ folder."
            log.error(line, "X501", f'media file "{filename}" not found in media/.{hint}')


def _find_group(groups: list[ModuleGroup], name: str) -> ModuleGroup | None:
    return next((g for g in groups if name in (g.stem, g.slug)), None)


def _assign_roles(groups: list[ModuleGroup], settings: CourseSettings, course_log: MessageLog, log_for) -> None:
    found: dict[str, ModuleGroup] = {}
    for key in ("pre_test", "post_test"):
        name = getattr(settings, key)
        if not name:
            continue
        group = _find_group(groups, name)
        if group is None:
            hint = did_you_mean(name, [g.stem for g in groups])
            course_log.error(settings.lines.get(key, 0), "P601", f'{key} "{name}" is not a module of this course; give a module file name without ".md".{hint}')
            continue
        found[key] = group
    if "pre_test" in found and "post_test" in found:
        pre, post = found["pre_test"], found["post_test"]
        if pre is post:
            course_log.error(settings.lines.get("post_test", 0), "P603", "pre_test and post_test name the same module; the post-test is a separate module with the same quiz ids.")
            return
        pre_source = pre.sources.get(settings.default_language)
        post_source = post.sources.get(settings.default_language)
        if pre_source and post_source and pre_source.readable and post_source.readable:
            pre_ids = {q.quiz_id for q in pre_source.quizzes}
            post_ids = {q.quiz_id for q in post_source.quizzes}
            if pre_ids != post_ids:
                parts = []
                if pre_ids - post_ids:
                    parts.append(f"only in the pre-test: {', '.join(sorted(pre_ids - post_ids))}")
                if post_ids - pre_ids:
                    parts.append(f"only in the post-test: {', '.join(sorted(post_ids - pre_ids))}")
                log_for(Path(post_source.path)).error(0, "P602", f"the pre-test and post-test must ask the same questions (same quiz ids) so learning can be measured; {'; '.join(parts)}.")
    for key, group in found.items():
        group.role = key


def _content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    files = [path / "course.yaml"]
    for folder in ("modules", "media"):
        if (path / folder).is_dir():
            files.extend(p for p in (path / folder).iterdir() if p.is_file())
    for file in sorted(files, key=lambda p: p.relative_to(path).as_posix()):
        digest.update(file.relative_to(path).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def _build_course(path: Path, settings: CourseSettings, groups: list[ModuleGroup], media: dict[str, Path], media_url: MediaUrlFactory | None) -> CourseModel:
    slug = path.name
    bound_media_url = functools.partial(media_url, slug) if media_url else None
    render = functools.partial(render_markdown, media_url=bound_media_url)
    order = {"pre_test": 0, "module": 1, "post_test": 2}
    ordered = sorted(groups, key=lambda g: (order[g.role], g.number))
    modules = [_build_module(slug, g, settings, render, bound_media_url) for g in ordered]
    standards = sorted({s for m in modules for s in m.cpms_standards} | {s for m in modules for b in m.blocks for s in b.cpms_standards})
    return CourseModel(
        slug=slug,
        titles=settings.titles,
        summaries=settings.summaries,
        audiences=settings.audiences,
        level=settings.level,
        languages=list(settings.languages),
        default_language=settings.default_language,
        pass_mark=settings.pass_mark,
        pre_test=_role_slug(groups, "pre_test"),
        post_test=_role_slug(groups, "post_test"),
        certificate=settings.certificate,
        version=settings.version,
        content_hash=_content_hash(path),
        modules=modules,
        duration_minutes=sum(m.duration_minutes for m in modules),
        cpms_standards=standards,
        media=media,
    )


def _role_slug(groups: list[ModuleGroup], role: str) -> str | None:
    return next((g.slug for g in groups if g.role == role), None)


def _build_module(course_slug: str, group: ModuleGroup, settings: CourseSettings, render, media_url) -> ModuleModel:
    default = group.sources[settings.default_language]
    languages = [lang for lang in settings.languages if lang in group.sources]
    pages: dict[str, PageModel] = {}
    for language in languages:
        source = group.sources[language]
        rendered = render_page(source.body, media_url=media_url)
        usage_ids = [f"{course_slug}/{group.slug}/{q.quiz_id}" for q in source.quizzes]
        page_html = SLOT_TOKEN.sub(lambda m: PLACEHOLDER.format(usage_id=usage_ids[int(m.group(1))]), rendered.html)
        pages[language] = PageModel(language, page_html, rendered.headings, count_words(rendered.html))
    default_attempts = 1 if group.role in ("pre_test", "post_test") else 0
    blocks = []
    for quiz in default.quizzes:
        settings_values = settings_fields(quiz, default_standards=default.standards, default_attempts=default_attempts)
        content = {}
        sources = {}
        for language in languages:
            translated = next((q for q in group.sources[language].quizzes if q.quiz_id == quiz.quiz_id), None)
            if translated is not None:
                content[language] = content_fields(translated, render)
                sources[language] = translated
        blocks.append(BlockModel(
            quiz_id=quiz.quiz_id,
            usage_id=f"{course_slug}/{group.slug}/{quiz.quiz_id}",
            block_type=quiz.block_type,
            graded=quiz.graded,
            weight=float(quiz.points),
            settings=settings_values,
            content_by_language=content,
            cpms_standards=settings_values["cpms_standards"],
            line=default.fence_lines.get(quiz.quiz_id, quiz.line),
            sources=sources,
        ))
    return ModuleModel(
        slug=group.slug,
        number=group.number,
        role=group.role,
        titles={lang: group.sources[lang].title for lang in languages if group.sources[lang].title},
        duration_minutes=default.duration_minutes or 0,
        objectives={lang: group.sources[lang].objectives for lang in languages if group.sources[lang].objectives},
        cpms_standards=default.standards,
        cpms_principles=default.principles,
        competencies=default.competencies,
        pass_mark=default.pass_mark if default.pass_mark is not None else settings.pass_mark,
        content_notes={lang: group.sources[lang].content_note for lang in languages if group.sources[lang].content_note},
        pages=pages,
        source_hashes={lang: hashlib.sha256(group.files[lang].read_bytes()).hexdigest() for lang in languages},
        blocks=blocks,
    )
