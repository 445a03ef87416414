"""Field types whose OLX export imports back as the same value.

XBlock's own `String` and `List` change two kinds of value on the way
through OLX (found by tests/xblocks/test_xblocks_olx.py):

- an empty string exported as an element (`xml_node=True`) imports as
  None, because an empty element has no text;
- `List.from_string` reads with YAML 1.1, for which the numbers `1e-05` and
  `1e+20` that `json.dumps` writes are strings, so a numeric range of a
  tiny or huge value came back as text.

The blocks export lists as JSON, so they are read back as JSON first; YAML
stays the fallback for hand-written OLX.
"""

import json

from xblock.fields import List, String


class HtmlString(String):
    """A String exported as an element: an empty element reads back as ``""``."""

    def from_string(self, serialized):
        return super().from_string("" if serialized is None else serialized)


class JsonList(List):
    """A List read back from OLX as JSON, so numbers stay numbers."""

    def from_string(self, serialized):
        try:
            value = json.loads(serialized)
        except (TypeError, ValueError):
            return super().from_string(serialized)
        return self.enforce_type(value)
