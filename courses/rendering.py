"""The one markdown renderer of the project.

Every piece of author text (module pages, question text, choices, feedback,
explanations) goes through `render_markdown`. Authors' raw HTML is escaped,
never passed through; the output is then cleaned by nh3 with an explicit
allow-list, so neither a careless nor a hostile author can put script in a
learner's page.
"""
from __future__ import annotations

import functools
import html
import re
import threading
from dataclasses import dataclass, field
from typing import Callable

import markdown
import nh3
from markdown.extensions.toc import slugify_unicode

MEDIA_PREFIX = "../media/"

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del",
    "details", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "li", "ol", "p", "pre", "s", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "ol": {"start"},
    "th": {"align"}, "td": {"align"},
    "details": {"open"},
}
# Admonition and details types authors may use; anything else loses its class
# (classes are styling hooks, so an unknown one is harmless but meaningless).
# `class` must not also appear in ALLOWED_ATTRIBUTES: nh3 refuses both.
ADMONITION_CLASSES = {
    "admonition", "admonition-title", "note", "tip", "hint", "important",
    "warning", "caution", "danger", "attention", "info", "example", "question",
}
ALLOWED_CLASSES = {
    "div": ADMONITION_CLASSES,
    "p": {"admonition-title"},
    "details": ADMONITION_CLASSES - {"admonition", "admonition-title"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

MediaUrl = Callable[[str], str]


@dataclass
class RenderedPage:
    """HTML of a rendered markdown text with the headings it contains."""

    html: str
    headings: list[dict] = field(default_factory=list)


class _Renderers(threading.local):
    """Markdown instances per thread: building one costs more than a render.

    Pages get heading ids and a table of contents; the short texts of quiz
    blocks (a course has ten times more of them than pages) do not need
    them, and their ids would repeat the page's.
    """

    def __init__(self) -> None:
        self.page = _build_markdown(with_toc=True)
        self.fragment = _build_markdown(with_toc=False)


def _build_markdown(*, with_toc: bool) -> markdown.Markdown:
    extensions = ["tables", "sane_lists", "admonition", "pymdownx.details", "fenced_code"]
    configs = {"tables": {"use_align_attribute": True}}
    if with_toc:
        extensions.append("toc")
        configs["toc"] = {"slugify": slugify_unicode, "permalink": False}
    md = markdown.Markdown(extensions=extensions, extension_configs=configs, output_format="html")
    # Raw HTML from authors is escaped as text: the block and inline HTML
    # processors are removed, so `<script>` becomes `&lt;script&gt;`.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


_renderers = _Renderers()


def _media_attribute_filter(media_url: MediaUrl | None):
    def rewrite(tag: str, attribute: str, value: str) -> str | None:
        if (tag, attribute) in (("a", "href"), ("img", "src")) and value.startswith(MEDIA_PREFIX):
            filename = value[len(MEDIA_PREFIX):]
            if media_url is not None and filename and "/" not in filename and filename != "..":
                return media_url(filename)
        return value

    return rewrite


@functools.lru_cache(maxsize=64)
def _cleaner(media_url: MediaUrl | None) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_media_attribute_filter(media_url) if media_url else None,
    )


_plain_cleaner = _cleaner(None)
_PARAGRAPH = re.compile(r"\A<p>(.*)</p>\Z", re.DOTALL)


def render_markdown(text: str, *, inline: bool = False, media_url: MediaUrl | None = None) -> str:
    """Render author markdown to sanitised HTML.

    `inline=True` drops the paragraph around a one-paragraph text (choices,
    feedback, matching options sit inside labels). `media_url(filename)`
    turns `../media/<filename>` links into served URLs.
    """
    if _PLAIN_TEXT.match(text):
        # Most choices and feedback are one plain sentence: markdown and the
        # cleaner would return it unchanged in a paragraph.
        return text if inline else f"<p>{text}</p>"
    return _render(_renderers.fragment, text, inline, media_url).html


def render_page(text: str, *, inline: bool = False, media_url: MediaUrl | None = None) -> RenderedPage:
    """Render markdown like `render_markdown`, with heading ids, and also return its headings."""
    return _render(_renderers.page, text, inline, media_url)


# One line of letters, digits inside it, spaces and punctuation that means
# nothing to markdown or HTML; it starts with a letter (no list or heading
# marker) and ends without a space.
_PLAIN_TEXT = re.compile(r"[^\W\d_](?:[^\W_]|[ ,.;:?!'’()/%«»؟،؛-])*(?<! )\Z")


def _render(md: markdown.Markdown, text: str, inline: bool, media_url: MediaUrl | None) -> RenderedPage:
    md.reset()
    raw = md.convert(text)
    headings = _flatten_headings(getattr(md, "toc_tokens", []))
    cleaner = _plain_cleaner if media_url is None else _cleaner(media_url)
    clean = cleaner.clean(raw).strip()
    if inline:
        single = _PARAGRAPH.match(clean)
        if single and "<p" not in single.group(1):
            clean = single.group(1)
    return RenderedPage(clean, headings)


def _flatten_headings(tokens: list[dict]) -> list[dict]:
    flat: list[dict] = []
    for token in tokens:
        title = html.unescape(re.sub(r"<[^>]*>", "", token.get("name", "")))
        flat.append({"level": token["level"], "id": token["id"], "title": title})
        flat.extend(_flatten_headings(token.get("children", [])))
    return flat


_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+")


def count_words(rendered_html: str) -> int:
    """Number of words a learner reads in a rendered page."""
    return len(_WORD.findall(html.unescape(_TAG.sub(" ", rendered_html))))
