"""What a browser would run or load from a page of ours: the inspector of the injection suite.

Escaped text is not markup, so a hostile name shown as `&lt;script&gt;` is
fine; a live `<script>`, an `on…` attribute, a `javascript:` or `data:`
address, an inline style or a frame is a problem unless the layout itself
put it there (our own scripts and stylesheets, the empty favicon).
"""
import re
from html.parser import HTMLParser

FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "style", "base",
                  "template", "portal", "xmp", "noscript"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "srcset",
                  "ping", "cite", "manifest"}
OWN_RESOURCES = ("/static/", "/xblock/bundle.", "/xblock/resource/")
SAFE_SCHEMES = ("http:", "https:", "mailto:")


class PageInspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"tag <{tag}>")
        if tag == "script":
            self._in_script = True
            if not (attributes.get("src") or "").startswith(OWN_RESOURCES):
                self.problems.append(f"script {attributes}")
        if tag == "link" and not self._own_link(attributes):
            self.problems.append(f"link {attributes}")
        if tag == "meta" and set(attributes) - {"charset", "name", "content"}:
            self.problems.append(f"meta {attributes}")
        for name, value in attrs:
            value = value or ""
            if tag == "link" and self._own_link(attributes):
                continue
            squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                self.problems.append(f"attribute {name}={value!r} on <{tag}>")
            if name in URL_ATTRIBUTES and re.match(r"^[a-z][a-z0-9+.-]*:", squeezed) \
                    and not squeezed.startswith(SAFE_SCHEMES):
                self.problems.append(f"address {name}={value!r} on <{tag}>")
            if name == "http-equiv":
                self.problems.append(f"meta http-equiv {value!r}")
        if tag == "form" and re.match(r"^(https?:)?//", attributes.get("action") or ""):
            self.problems.append(f"form posting elsewhere: {attributes.get('action')}")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._in_script = False

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append("inline script")
        self.text.append(data)

    @staticmethod
    def _own_link(attributes: dict) -> bool:
        href = attributes.get("href") or ""
        if attributes.get("rel") == "icon":
            return href == "data:,"
        return attributes.get("rel") == "stylesheet" and href.startswith(OWN_RESOURCES)


def inspect_page(html: str) -> PageInspector:
    inspector = PageInspector()
    inspector.feed(html)
    inspector.close()
    return inspector


def live_markup(html: str) -> list[str]:
    """Everything on the page a browser would run or load that the layout did not put there."""
    return inspect_page(html).problems


def visible_text(html: str) -> str:
    """The page's text as a reader sees it (entities decoded)."""
    return " ".join(" ".join(inspect_page(html).text).split())


def attribute_values(html: str) -> list[str]:
    values = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            values.extend(value or "" for _, value in attrs)

    collector = Collector(convert_charrefs=True)
    collector.feed(html)
    collector.close()
    return values
