"""Which language a request is served in, and its writing direction."""
from flask import current_app, has_request_context, request
from flask_babel import get_locale
from flask_login import current_user

from .config import RTL_LANGUAGES

LANGUAGE_COOKIE = "lang"
# Each language is named in itself, so anyone can find their own.
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español", "ar": "العربية"}


def select_locale() -> str:
    """The signed-in user's choice, else the switcher's cookie, else the browser's, else English."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]  # command line: English
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or "en"


def text_direction(language: str | None = None) -> str:
    language = language or str(get_locale())
    return "rtl" if language.split("_")[0] in RTL_LANGUAGES else "ltr"
