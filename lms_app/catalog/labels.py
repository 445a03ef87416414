"""Words for catalogue values, in the learner's language."""
from datetime import timedelta

from babel import Locale
from flask_babel import format_timedelta
from flask_babel import lazy_gettext as _l

LEVELS = {
    "entry": _l("Entry level"),
    "mid": _l("Intermediate level"),
    "senior": _l("Senior level"),
}

STATUSES = {
    "not_enrolled": _l("Not enrolled"),
    "in_progress": _l("In progress"),
    "completed": _l("Completed"),
    "passed": _l("Passed"),
}


def language_name(code: str) -> str:
    """A language named in itself (Français, العربية), so that its speakers recognise it."""
    return Locale.parse(code).get_display_name(code).capitalize()


def duration(minutes: int) -> str:
    return format_timedelta(timedelta(minutes=minutes), granularity="minute", threshold=1.5)
