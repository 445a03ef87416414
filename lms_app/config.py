"""Configuration from `LMS_*` environment variables, with safe defaults.

A fresh checkout runs with no configuration at all: SQLite in `instance/`,
a secret key generated once into `instance/secret_key`, in-memory rate limits.
"""
import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

LANGUAGES = ("en", "fr", "es", "ar")
RTL_LANGUAGES = frozenset({"ar"})


def _env(name: str, default=None):
    value = os.environ.get(f"LMS_{name}")
    return default if value in (None, "") else value


def _env_bool(name: str, default: bool) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def instance_secret_key(instance_path: Path) -> str:
    """Return the key stored in the instance folder, creating it on first use.

    Never a constant in the code: every installation gets its own key, kept
    across restarts so that sessions survive a restart.
    """
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # O_EXCL: when two workers start at once, the first writer wins and the
    # other reads its key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key


def load_config(instance_path: Path) -> dict:
    """Build the Flask config mapping from the environment."""
    database_url = _env("DATABASE_URL", f"sqlite:///{instance_path / 'lms.sqlite3'}")
    redis_url = _env("REDIS_URL")
    return {
        "SECRET_KEY": _env("SECRET_KEY") or instance_secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": False,
        "RATELIMIT_ENABLED": _env_bool("RATELIMIT_ENABLED", True),
        "CONTENT_DIR": _env("CONTENT_DIR", str(PROJECT_ROOT / "content")),
        "MAX_CONTENT_LENGTH": int(_env("MAX_CONTENT_LENGTH", 2 * 1024 * 1024)),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Secure is also set per request when the request came over HTTPS
        # (see sessions.py); this forces it on behind a proxy that hides it.
        "SESSION_COOKIE_SECURE": _env_bool("SESSION_COOKIE_SECURE", False),
        "PERMANENT_SESSION_LIFETIME": int(_env("SESSION_DAYS", 14)) * 24 * 3600,
        "WTF_CSRF_TIME_LIMIT": None,  # the session lifetime bounds it; long forms on slow phones
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
        "LANGUAGES": LANGUAGES,
        "PROXY_FIX_HOPS": int(_env("PROXY_FIX_HOPS", 0)),
        "LOGIN_RATE_LIMIT": _env("LOGIN_RATE_LIMIT", "10 per 15 minutes"),
        # Password reset links: how long one works, and how often one may be
        # asked for per address and per account (each ask may send a mail).
        "PASSWORD_RESET_MINUTES": int(_env("PASSWORD_RESET_MINUTES", 60)),
        "PASSWORD_RESET_RATE_LIMIT": _env("PASSWORD_RESET_RATE_LIMIT", "5 per hour"),
        # E-mail (password reset, reminders): off unless a server is named.
        "MAIL_SERVER": _env("MAIL_SERVER"),
        "MAIL_PORT": int(_env("MAIL_PORT", 587)),
        "MAIL_STARTTLS": _env_bool("MAIL_STARTTLS", True),
        "MAIL_USERNAME": _env("MAIL_USERNAME"),
        "MAIL_PASSWORD": _env("MAIL_PASSWORD"),
        "MAIL_FROM": _env("MAIL_FROM", "no-reply@localhost"),
        # Background tasks (lms_app/tasks.py): the queue is SQLite in the instance
        # folder, or Redis when LMS_REDIS_URL is set. Immediate runs them in the
        # request instead (tests only: nothing is queued, nothing waits).
        "TASKS_IMMEDIATE": False,
        # Cohorts with more learners than this get their exports built in the background.
        "TASKS_LARGE_COHORT": int(_env("TASKS_LARGE_COHORT", 1000)),
        # Files built in the background (exports, certificate ZIPs) are deleted after this many hours.
        "TASKS_FILE_HOURS": int(_env("TASKS_FILE_HOURS", 24)),
        # A submission's answer is kept this many days for a replay of it (xblock_runtime/replays.py).
        "REPLAY_DAYS": int(_env("REPLAY_DAYS", 30)),
        "XBLOCK_ALLOWED": tuple(
            (_env("XBLOCK_ALLOWED") or "cp_single_choice,cp_true_false,cp_multiple_response,"
             "cp_short_text,cp_numeric,cp_matching,cp_poll,cp_reflection").split(",")
        ),
    }
