"""Page weight: what a learner's phone downloads for a page on a first visit.

Bytes are the same on every machine, so unlike times they can be asserted.
The budgets have about 20 % headroom over what bench/bench_weight.py
measured (docs/benchmarks.md); a page that outgrows them should be made
lighter, or the budget raised on purpose.
"""
import gzip
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

import courses
from lms_app.catalog.publish import media_url, publish_courses

from ..conftest import sign_in

CONTENT = Path(__file__).resolve().parents[2] / "content"
# What the nginx configuration of docs/operations.md compresses (text/html
# always, plus gzip_types), at nginx's default level, 1.
COMPRESSED_TYPES = ("text/html", "text/css", "application/javascript", "text/javascript", "text/csv")
GZIP_LEVEL = 1
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
LOADED_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "manifest"}


class _Subresources(HTMLParser):
    """The URLs a browser fetches to show the page: stylesheets, icons, scripts, images, media."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and LOADED_LINKS & set((attributes.get("rel") or "").lower().split()):
            self.urls.append(attributes.get("href") or "")
        elif tag in ("script", "img", "source", "audio", "video", "iframe", "embed") and attributes.get("src"):
            self.urls.append(attributes["src"])


@dataclass
class PageWeight:
    html_bytes: int
    html_gzip: int
    requests: int = 1
    total_bytes: int = 0
    total_gzip: int = 0
    # Subresources on another host (there must be none) or that failed.
    foreign: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _transferred(body: bytes, mimetype: str) -> int:
    return len(gzip.compress(body, GZIP_LEVEL)) if mimetype in COMPRESSED_TYPES else len(body)


def page_weight(client, path: str) -> PageWeight:
    """The page's HTML and everything a first visit loads with it (each URL once), raw and as sent gzipped."""
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    html = response.get_data()
    weight = PageWeight(len(html), _transferred(html, response.mimetype))
    weight.total_bytes, weight.total_gzip = weight.html_bytes, weight.html_gzip
    parser = _Subresources()
    parser.feed(html.decode())
    pending, seen = [urljoin(path, url) for url in parser.urls], set()
    while pending:
        url = pending.pop(0)
        if url in seen or url.startswith("data:"):
            continue
        seen.add(url)
        if urlsplit(url).netloc:
            weight.foreign.append(url)
            continue
        resource = client.get(url)
        weight.requests += 1
        if resource.status_code != 200:
            weight.failed.append(f"{url} ({resource.status_code})")
            continue
        body = resource.get_data()
        weight.total_bytes += len(body)
        weight.total_gzip += _transferred(body, resource.mimetype)
        if resource.mimetype == "text/css":
            pending += [urljoin(url, a or b) for a, b in CSS_URL.findall(body.decode())]
    return weight


@pytest.fixture
def published(app):
    """Every course of content/, as `flask content publish` stores them."""
    models = [courses.load_course(folder, media_url=media_url).course
              for folder in sorted(CONTENT.iterdir()) if (folder / "course.yaml").exists()]
    publish_courses(models, Path(app.instance_path) / "media")


# Measured by bench/bench_weight.py on 2026-11-29, signed in, first visit,
# gzip level 1: catalogue 5.3 kB in 2 requests, module page (not answered
# yet) 13.6 kB in 4 requests.
BUDGETS = {
    "/": 6_400,
    "/courses/cpms-essentials/why-protection": 16_400,
}


@pytest.mark.parametrize("path", list(BUDGETS))
def test_first_visit_of_a_learner_page_stays_within_its_byte_budget(client, make_user, published, path):
    make_user("amina")
    sign_in(client, "amina")
    client.post("/courses/cpms-essentials/enrol",
                data={"csrf_token": re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                                              client.get("/courses/cpms-essentials").get_data(as_text=True))[1]})

    weight = page_weight(client, path)

    assert not weight.foreign, "learner pages load nothing from other hosts"
    assert not weight.failed
    assert weight.total_gzip <= BUDGETS[path], (
        f"{path}: {weight.total_gzip} bytes gzip on a first visit ({weight.requests} requests), "
        f"budget {BUDGETS[path]}")
