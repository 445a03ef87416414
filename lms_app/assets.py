"""Versioned URLs for the site's static files, so they can be cached for a year."""
import hashlib
from functools import lru_cache
from pathlib import Path

from flask import current_app, url_for

ONE_YEAR = 365 * 24 * 3600


@lru_cache(maxsize=64)
def _file_version(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def asset_url(filename: str) -> str:
    """URL of a file in lms_app/static with a content hash: a change busts every cache."""
    path = Path(current_app.static_folder) / filename
    return url_for("static", filename=filename, v=_file_version(str(path)))
