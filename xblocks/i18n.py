"""The blocks' own message catalogues and an `i18n` service that reads them.

Catalogues live in the package as `translations/<lang>/LC_MESSAGES/text.po`
(domain `text`, the layout Open edX looks for in an XBlock package). The
compiled `.mo` files are build products, made by

    pybabel compile -d xblocks/translations -D text

A host runtime that has no catalogue machinery of its own can give the
blocks `BlockI18nService(language)` as their `i18n` service.
"""

import gettext
from importlib import resources
from pathlib import Path

TRANSLATION_DOMAIN = "text"


def _catalog_file(language, locale_dir):
    relative = (language, "LC_MESSAGES", f"{TRANSLATION_DOMAIN}.mo")
    if locale_dir is not None:
        return Path(locale_dir).joinpath(*relative)
    return resources.files("xblocks").joinpath("translations", *relative)


def _language_candidates(language):
    """'fr-CA' -> ['fr_CA', 'fr']: the regional catalogue first, then the base one."""
    normalised = (language or "").replace("-", "_")
    base = normalised.split("_")[0].lower()
    return [candidate for candidate in dict.fromkeys([normalised, base]) if candidate]


def load_block_translations(language, locale_dir=None):
    """Return the compiled translations of the blocks for `language`.

    `locale_dir` defaults to the package's `translations/` folder. English,
    unknown languages and missing `.mo` files give the untranslated
    (English) messages rather than an error: a missing catalogue must never
    stop a learner from answering.
    """
    for candidate in _language_candidates(language):
        catalog = _catalog_file(candidate, locale_dir)
        if catalog.is_file():
            with catalog.open("rb") as compiled:
                return gettext.GNUTranslations(compiled)
    return gettext.NullTranslations()


class BlockI18nService:
    """An XBlock `i18n` service backed by the blocks' own catalogues."""

    def __init__(self, language, locale_dir=None):
        self.language = language
        self._translations = load_block_translations(language, locale_dir)

    def gettext(self, message):
        """Translate `message`."""
        return self._translations.gettext(message)

    def ngettext(self, singular, plural, count):
        """Translate a message whose form depends on `count`."""
        return self._translations.ngettext(singular, plural, count)

    # The names older XBlocks (and Open edX's own service) use.
    ugettext = gettext
    ungettext = ngettext
