"""Author preview: courses read from disk, checked and rendered, never stored."""
from dataclasses import dataclass
from pathlib import Path

import courses

from ..catalog.publish import media_url

SLOT_START = '<div class="xblock-slot" data-usage-id="'


@dataclass
class CoursePreview:
    slug: str
    folder: Path
    result: object  # courses.LoadResult

    @property
    def errors(self) -> int:
        return sum(1 for m in self.result.messages if m.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for m in self.result.messages if m.severity == "warning")

    def shown_path(self, path) -> str:
        """A message's file as the author knows it, from the content folder (the server's own folders are noise)."""
        path = Path(path)
        return str(path.relative_to(self.folder.parent)) if path.is_relative_to(self.folder.parent) else str(path)


def course_folders(content_dir: Path) -> list[Path]:
    if not content_dir.is_dir():
        return []
    return sorted(p for p in content_dir.iterdir() if p.is_dir() and (p / "course.yaml").is_file())


def preview_course(content_dir: Path, slug: str) -> CoursePreview | None:
    """Load one course folder from disk; None when no such folder exists."""
    folder = next((p for p in course_folders(content_dir) if p.name == slug), None)
    if folder is None:
        return None
    return CoursePreview(slug, folder, courses.load_course(folder, media_url=media_url))


def messages_for(preview: CoursePreview, module_slug: str | None = None) -> list:
    """The messages of the whole course, or of one module's files."""
    if module_slug is None:
        return list(preview.result.messages)
    return [m for m in preview.result.messages if f"-{module_slug}" in str(m.path) or module_slug in str(m.path)]
