"""The CPMS 2019 catalogue: pillars, standards and principles in four languages.

The names live in data/cpms.yaml so that a wording correction is a data
change. Unknown languages fall back to English.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

LANGUAGES = ("en", "fr", "es", "ar")
FALLBACK_LANGUAGE = "en"
STANDARD_NUMBERS = range(1, 29)
PRINCIPLE_NUMBERS = range(1, 11)
_DATA_FILE = Path(__file__).with_name("data") / "cpms.yaml"


@dataclass(frozen=True)
class Pillar:
    """A CPMS pillar: its number, its standards and its names."""

    number: int
    standards: tuple[int, ...]
    names: dict[str, str]
    unverified: bool = False

    def name(self, lang: str = FALLBACK_LANGUAGE) -> str:
        """The pillar's name in `lang` (English if that language is missing)."""
        return self.names.get(lang) or self.names[FALLBACK_LANGUAGE]


@functools.lru_cache(maxsize=1)
def _catalogue() -> dict:
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    return yaml.load(_DATA_FILE.read_text(encoding="utf-8"))


def _pillars() -> tuple[Pillar, ...]:
    return tuple(
        Pillar(number, tuple(entry["standards"]), dict(entry["name"]), bool(entry.get("unverified")))
        for number, entry in sorted(_catalogue()["pillars"].items())
    )


PILLARS: tuple[Pillar, ...] = _pillars()


def _name(table: str, number: int, lang: str, valid: range) -> str:
    if number not in valid:
        raise KeyError(f"there is no CPMS {table[:-1]} {number} (valid: {valid.start}-{valid.stop - 1})")
    names = _catalogue()[table][number]
    return names.get(lang) or names[FALLBACK_LANGUAGE]


def standard_name(number: int, lang: str = FALLBACK_LANGUAGE) -> str:
    """The name of CPMS standard `number` (1-28) in `lang`."""
    return _name("standards", number, lang, STANDARD_NUMBERS)


def principle_name(number: int, lang: str = FALLBACK_LANGUAGE) -> str:
    """The name of CPMS principle `number` (1-10) in `lang`."""
    return _name("principles", number, lang, PRINCIPLE_NUMBERS)


def pillar_of(standard: int) -> Pillar:
    """The pillar that standard `standard` (1-28) belongs to."""
    for pillar in PILLARS:
        if standard in pillar.standards:
            return pillar
    raise KeyError(f"there is no CPMS standard {standard} (valid: 1-28)")


def is_unverified(kind: str, number: int) -> bool:
    """True when the wording of a standard or principle still needs checking."""
    table = {"standard": "standards", "principle": "principles"}[kind]
    return bool(_catalogue()[table][number].get("unverified"))


def catalogue_title(lang: str = FALLBACK_LANGUAGE) -> str:
    """The full title of the standards in `lang` (SMPE in French, NMPNA in Spanish)."""
    titles = _catalogue()["title"]
    return titles.get(lang) or titles[FALLBACK_LANGUAGE]


def short_title(lang: str = FALLBACK_LANGUAGE) -> str:
    """The acronym of the standards in `lang`: CPMS, SMPE, NMPNA."""
    shorts = _catalogue()["short"]
    return shorts.get(lang) or shorts[FALLBACK_LANGUAGE]
