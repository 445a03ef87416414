"""Where to send people back to after a form, without open redirects."""
from urllib.parse import urlsplit

from flask import request, url_for


def safe_next(target: str | None, default_endpoint: str = "catalog.index") -> str:
    """A local path to redirect to: `target` if it stays on this site, else the default."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//") \
                and "\\" not in target:
            return target
    return url_for(default_endpoint)


def current_path() -> str:
    return request.full_path.rstrip("?") if request.query_string else request.path
