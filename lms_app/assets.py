"""Versioned URLs for the site's static files, so they can be cached for a year."""
import hashlib
from functools import lru_cache
from pathlib import Path

from flask import current_app, has_request_context, request, url_for

ONE_YEAR = 365 * 24 * 3600


@lru_cache(maxsize=64)
def _file_version(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def asset_url(filename: str) -> str:
    """URL of a file in lms_app/static with a content hash: a change busts every cache.

    Kept per app and mount point: every page asks for the same few files,
    and building the URL each time was a twentieth of a module page.
    """
    if not has_request_context():
        return _build_asset_url(filename)
    urls = current_app.extensions.setdefault("asset_urls", {})
    key = (filename, request.script_root)
    url = urls.get(key)
    if url is None:
        url = urls[key] = _build_asset_url(filename)
    return url


def _build_asset_url(filename: str) -> str:
    path = Path(current_app.static_folder) / filename
    return url_for("static", filename=filename, v=_file_version(str(path)))
