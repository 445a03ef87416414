"""What a published course version holds, read from the database once per process.

A course version never changes once published (publishing changed content
stores a new version), so its modules, pages and blocks are kept in memory
and a request reads only which version is current and the learner's own
rows. Without this, every module page and every submission loaded and
decoded the same modules, pages and blocks again (bench/bench_http.py).

Entries are plain read-only rows (attribute access like the models:
`module.slug`, `block.content`), never ORM objects, so that no request's
session can attach, change or lazy-load them. The key holds the version's
content hash and publication time besides its id, so a restored or emptied
database that reuses an id is never served an older entry.
"""
import threading
from collections import OrderedDict
from dataclasses import dataclass

from sqlalchemy.engine import Row

from ..extensions import db
from .models import Block, CourseVersion, Module, ModulePage

# Current versions of every course, and the previous version of the ones
# being republished; a few kilobytes to a megabyte each.
MAX_VERSIONS = 32


@dataclass(frozen=True)
class PublishedVersion:
    modules: tuple[Row, ...]  # in course order
    pages: dict[tuple[int, str], Row]  # (module id, language) -> page
    blocks: dict[int, tuple[Row, ...]]  # module id -> blocks in page order

    def module(self, slug: str) -> Row | None:
        return next((m for m in self.modules if m.slug == slug), None)

    def page(self, module_id: int, language: str, default_language: str) -> tuple[Row | None, bool]:
        """The module's page in `language`, else in the default language; and whether it fell back."""
        page = self.pages.get((module_id, language))
        if page is not None:
            return page, False
        return self.pages.get((module_id, default_language)), True

    def block(self, usage_id: str) -> tuple[Row, Row] | None:
        """The block with this usage id and its module."""
        for module in self.modules:
            for block in self.blocks.get(module.id, ()):
                if block.usage_id == usage_id:
                    return block, module
        return None

    def graded_weights(self, module_id: int) -> dict[str, float]:
        return {b.usage_id: b.weight for b in self.blocks.get(module_id, ()) if b.graded}


_versions: OrderedDict[tuple, PublishedVersion] = OrderedDict()
_lock = threading.Lock()


def published_version(version: CourseVersion) -> PublishedVersion:
    """The modules, pages and blocks of `version`, from memory after the first request."""
    key = (version.id, version.content_hash, version.published_at)
    with _lock:
        found = _versions.get(key)
        if found is not None:
            _versions.move_to_end(key)
            return found
    # Read outside the lock: two threads may both read a new version once;
    # both results are equal and the second simply replaces the first.
    loaded = _load(version.id)
    with _lock:
        _versions[key] = loaded
        while len(_versions) > MAX_VERSIONS:
            _versions.popitem(last=False)
    return loaded


def _load(version_id: int) -> PublishedVersion:
    modules = tuple(db.session.execute(
        db.select(*Module.__table__.columns).where(Module.version_id == version_id).order_by(Module.position)))
    module_ids = [m.id for m in modules]
    pages = {(p.module_id, p.language): p for p in db.session.execute(
        db.select(*ModulePage.__table__.columns).where(ModulePage.module_id.in_(module_ids)))}
    blocks: dict[int, list[Row]] = {m.id: [] for m in modules}
    for block in db.session.execute(
            db.select(*Block.__table__.columns).where(Block.module_id.in_(module_ids)).order_by(Block.position)):
        blocks[block.module_id].append(block)
    return PublishedVersion(modules, pages, {k: tuple(v) for k, v in blocks.items()})
