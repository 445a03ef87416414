"""Which module exists in which language, and which translations are older than their original.

"Older" is judged by git: a translation whose last commit is earlier than
the last commit of the file it translates probably misses a change. Files
not committed yet (or a folder outside git) fall back to their modification
time on disk.
"""
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .loader import MODULE_FILE

ORIGINAL = "original"
CURRENT = "current"
OLDER = "older"
MISSING = "missing"


@dataclass(frozen=True)
class ModuleTranslations:
    slug: str
    number: int
    # language -> ORIGINAL | CURRENT | OLDER | MISSING
    status: dict


def _commit_times(folder: Path) -> dict[Path, int]:
    """The time of the last commit of every file under `folder` (one `git log`); {} outside git."""
    try:
        out = subprocess.run(["git", "log", "--format=@%ct", "--name-only", "--relative", "--", "."],
                             cwd=folder, capture_output=True, text=True, timeout=20, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    times: dict[Path, int] = {}
    current = 0
    for line in out.splitlines():
        if line.startswith("@"):
            current = int(line[1:])
        elif line.strip():
            times.setdefault((folder / line.strip()).resolve(), current)  # newest commit comes first
    return times


def _uncommitted(folder: Path) -> set[Path]:
    try:
        out = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all", "--", "."],
                             cwd=folder, capture_output=True, text=True, timeout=20, check=True).stdout
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True,
                             text=True, timeout=20, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return set()
    return {(Path(top) / line[3:].strip()).resolve() for line in out.splitlines() if len(line) > 3}


def translation_status(folder: Path, default_language: str, languages: list[str]) -> list[ModuleTranslations]:
    """One row per module of the course folder, in module order."""
    files: dict[tuple[int, str], dict[str, Path]] = {}
    for path in sorted((folder / "modules").glob("*.md")):
        match = MODULE_FILE.match(path.name)
        if match:
            number, slug, language = int(match.group(1)), match.group(2), match.group(3) or default_language
            files.setdefault((number, slug), {})[language] = path.resolve()
    committed = _commit_times(folder)
    changed = _uncommitted(folder)

    def when(path: Path) -> float:
        if path in changed or path not in committed:
            return path.stat().st_mtime
        return committed[path]

    rows = []
    for (number, slug), by_language in sorted(files.items()):
        original = by_language.get(default_language)
        status = {}
        for language in languages:
            path = by_language.get(language)
            if path is None:
                status[language] = MISSING
            elif language == default_language:
                status[language] = ORIGINAL
            else:
                status[language] = OLDER if original is not None and when(path) < when(original) else CURRENT
        rows.append(ModuleTranslations(slug, number, status))
    return rows
