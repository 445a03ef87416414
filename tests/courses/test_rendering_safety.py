"""Hostile or careless author text never reaches a learner as markup or script."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from courses import load_course, render_markdown

from .course_builder import quiz_module

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><script>alert(2)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<div style=\"position:fixed;top:0\">cover</div>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java&#x09;script:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](%6Aavascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[x](https://ok.example \"title\" onmouseover=alert(1))",
    "[x]: javascript:alert(1)\n\n[y][x]",
    "<http://ok.example/\" onmouseover=\"alert(1)>",
    "# heading {: onclick=\"alert(1)\" }",
    "text {: .xblock-slot data-usage-id=\"other/mod/q\" }",
    "!!! note \"<script>alert(1)</script>\"\n    body",
    "<style>body{display:none}</style>",
    "<object data=x></object><embed src=x><form action=x><input name=a></form>",
    "<!-- <script>alert(1)</script> -->",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]

SAFE_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}


class MarkupInspector(HTMLParser):
    """Collects what a browser would treat as markup (escaped text is not markup)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in SAFE_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            value = value or ""
            squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
            if name.startswith("on") or name in ("style", "data-usage-id", "srcdoc", "formaction"):
                self.problems.append(f"attribute {name}")
            if name in ("href", "src") and re.match(r"^[a-z][a-z0-9+.-]*:", squeezed) and not squeezed.startswith(("http:", "https:", "mailto:")):
                self.problems.append(f"url {value}")
            if name == "class" and "xblock-slot" in value:
                self.problems.append("fake placeholder")


def markup_problems(html: str) -> list[str]:
    inspector = MarkupInspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_never_survives_rendering(text):
    html = render_markdown(text)
    assert markup_problems(html) == [], html


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_never_survives_in_a_published_page(course, text):
    course.set("modules/02-page.md", "---\ntitle: Page\n---\n\n" + text + "\n")
    result = load_course(course.write(), media_url=lambda slug, name: f"/media/{slug}/{name}")
    if result.course is None:
        assert {m.code for m in result.messages} <= {"X502"}
        return
    html = result.course.module("page").pages["en"].html
    assert markup_problems(html) == [], html


def test_raw_html_is_escaped_as_text():
    assert render_markdown("Press <b>here</b>") == "<p>Press &lt;b&gt;here&lt;/b&gt;</p>"


def test_links_get_noopener_and_safe_schemes_stay():
    html = render_markdown("[a](https://example.org) [m](mailto:focal@example.org) [r](#section) [p](other-page)")
    assert html.count('rel="noopener noreferrer"') == 4
    for href in ("https://example.org", "mailto:focal@example.org", "#section", "other-page"):
        assert f'href="{href}"' in html


def test_media_links_use_the_url_given_by_the_caller(course):
    course.set("media/map.png", b"\x89PNG")
    course.set("modules/02-page.md", "---\ntitle: Page\n---\n\n![Referral map](../media/map.png)\n")
    model = load_course(course.write(), media_url=lambda slug, name: f"/static/{slug}/{name}").course
    assert '<img alt="Referral map" src="/static/test-course/map.png">' in model.module("page").pages["en"].html
    assert set(model.media) == {"map.png"}


def test_headings_get_ids_for_a_table_of_contents(course):
    course.set("modules/02-page.md", "---\ntitle: Page\n---\n\n## First part\n\n### Détails\n\n## حماية الطفل\n")
    page = load_course(course.write()).course.module("page").pages["en"]
    assert [(h["level"], h["title"]) for h in page.headings] == [(2, "First part"), (3, "Détails"), (2, "حماية الطفل")]
    for heading in page.headings:
        assert f'id="{heading["id"]}"' in page.html


def test_tables_details_and_admonitions_render():
    html = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |\n\n??? tip \"More\"\n    hidden\n\n!!! warning\n    careful")
    assert '<th align="left">a</th>' in html
    assert '<details class="tip">' in html and "<summary>More</summary>" in html
    assert '<div class="admonition warning">' in html


def test_answer_keys_feedback_and_explanations_are_not_in_the_page(course):
    course.set("modules/02-quiz.md", quiz_module("""\
        id: secret-test

        Visible question text?

        (x) Visible right choice
            > SECRET-FEEDBACK-1
        ( ) Visible wrong choice
            > SECRET-FEEDBACK-2

        ---
        SECRET-EXPLANATION
        """) + "\n```quiz\nid: n\n\nHow many?\n\n= 424242\n    > SECRET-FEEDBACK-3\n```\n")
    page = load_course(course.write()).course.module("quiz").pages["en"].html
    for secret in ("SECRET", "424242", "Visible", "(x)", "correct"):
        assert secret not in page
    assert page.count('class="xblock-slot"') == 2


def test_the_inspector_itself_sees_live_markup():
    assert markup_problems('<a href=" JavaScript:x" onclick="y">z</a><script></script>') == [
        "url  JavaScript:x", "attribute onclick", "tag <script>",
    ]


# --- the shortcut for plain sentences ----------------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

from courses.rendering import _PLAIN_TEXT, _render, _renderers  # noqa: E402



@pytest.mark.parametrize("text", ["Yes", "Call the focal point.", "It’s 5 days (max).", "نعم، صحيح؟",
                                  "À bientôt « oui »", "ok/no 50%", "A: b"])
def test_plain_sentences_take_the_shortcut(text):
    assert _PLAIN_TEXT.match(text)
    assert render_markdown(text, inline=True) == text


@pytest.mark.parametrize("text", ["1. list", "- item", "a_b_", "a*b", "x & y", "#h", "<b>", "Yes ", "a\nb"])
def test_text_markdown_could_read_differently_is_rendered(text):
    assert not _PLAIN_TEXT.match(text)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(_PLAIN_TEXT, fullmatch=True), st.booleans())
def test_the_shortcut_gives_what_markdown_and_the_cleaner_give(text, inline):
    assert render_markdown(text, inline=inline) == _render(_renderers.fragment, text, inline, None).html
