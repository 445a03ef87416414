"""YAML 1.2 reading with line numbers, for course.yaml and front matter.

YAML 1.2 matters: under YAML 1.1 an answer or language code `no` (Norwegian)
would silently become the boolean False.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError


@dataclass
class YamlDocument:
    """A parsed YAML text; `error` is set (and `data` None) when it cannot be read."""

    data: Any
    first_line: int
    error: str = ""
    error_line: int = 0

    def key_line(self, mapping: Any, key: Any) -> int:
        """The 1-based file line of `key` in `mapping` (the document start if unknown)."""
        try:
            return mapping.lc.key(key)[0] + self.first_line
        except (AttributeError, KeyError, TypeError):
            return self.line_of(mapping)

    def item_line(self, sequence: Any, index: int) -> int:
        """The 1-based file line of item `index` of a YAML list."""
        try:
            return sequence.lc.item(index)[0] + self.first_line
        except (AttributeError, KeyError, TypeError, IndexError):
            return self.line_of(sequence)

    def line_of(self, node: Any) -> int:
        """The 1-based line where a mapping or list starts."""
        if isinstance(node, (CommentedMap, CommentedSeq)) and node.lc.line is not None:
            return node.lc.line + self.first_line
        return self.first_line


def _reader() -> YAML:
    yaml = YAML(typ="rt")
    yaml.version = (1, 2)
    return yaml


def parse_yaml(text: str, first_line: int = 1) -> YamlDocument:
    """Parse YAML text whose first line is line `first_line` of its file."""
    try:
        data = _reader().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark is not None else first_line
        problem = exc.problem or exc.context or "cannot be read"
        return YamlDocument(None, first_line, f"{problem}", line)
    except YAMLError as exc:
        return YamlDocument(None, first_line, str(exc).splitlines()[0] if str(exc) else "cannot be read", first_line)
    return YamlDocument(data, first_line)
