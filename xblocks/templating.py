"""Mako templates of the blocks, read from the package with importlib.resources.

Every expression is HTML-escaped (`default_filters=['h']`); the only values
written unescaped (`| n`) are the HTML fields of docs/blocks.md, which the
course engine sanitised at publish time.
"""

from importlib import resources

from mako.lookup import TemplateCollection
from mako.template import Template


class PackageTemplates(TemplateCollection):
    """A Mako lookup over `xblocks/templates/` that also works from a zip or wheel."""

    def __init__(self):
        self._compiled = {}

    def adjust_uri(self, uri, relativeto):
        """Template names are relative to the templates folder."""
        return uri.lstrip("/")

    def has_template(self, uri):
        """True if the package ships a template called `uri`."""
        return resources.files("xblocks").joinpath("templates", self.adjust_uri(uri, None)).is_file()

    def get_template(self, uri, relativeto=None):
        """Return the compiled template `uri`, compiling it on first use."""
        name = self.adjust_uri(uri, relativeto)
        if name not in self._compiled:
            source = resources.files("xblocks").joinpath("templates", name).read_text(encoding="utf-8")
            self._compiled[name] = Template(
                text=source,
                uri=name,
                lookup=self,
                default_filters=["h"],
            )
        return self._compiled[name]


TEMPLATES = PackageTemplates()


def render_template(name, **context):
    """Render the package template `name` with `context`."""
    return TEMPLATES.get_template(name).render(**context)
