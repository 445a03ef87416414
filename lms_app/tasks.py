"""Background work through a task queue (huey): mailed reminders, large exports, certificate ZIPs.

Each app gets its own huey instance from its configuration: SQLite in the
instance folder (`instance/tasks.sqlite3`, huey's SqliteHuey) by default, or
Redis (RedisHuey) when LMS_REDIS_URL is set, so that every application
server and consumer of a deployment share one queue. A task is queued by
the web request and waits there, however long, until a consumer
(`flask --app lms_app tasks consumer`, see operations/commands.py) takes it:
nothing is lost while no consumer runs.

Tasks are plain functions of their area declared with `@task(...)`; the
caller queues one with `enqueue(function, *args)`, passing ids and plain
values (they are pickled into the queue), never ORM objects. Each run gets
its own app context, hence its own database session, of the app the
consumer built once at start. With TASKS_IMMEDIATE (the test suite) a task
runs at once inside the enqueue call, in a fresh app context of the same
app; its failures are logged and its retries scheduled, as in a consumer.

A consumer stops gracefully on SIGTERM as on SIGINT (see `Consumer`).
"""
import functools
import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from flask import Flask, current_app
from huey import RedisHuey, SqliteHuey
from huey.api import Huey
from huey.consumer import Consumer as HueyConsumer

QUEUE_NAME = "cp-learn"
TASKS_FILE = "tasks.sqlite3"

# (function, huey settings) of every function declared with @task, in declaration order.
_DECLARED: list[tuple[Callable, dict]] = []


def task(periodic=None, **settings):
    """Declare `function` a background task; `enqueue(function, ...)` queues a run.

    `settings` are huey's (retries, retry_delay, retry_backoff...);
    `periodic` a huey crontab: the consumer then runs the task on that
    schedule by itself. The function stays a plain function, callable
    directly (tests, commands).
    """

    def declare(function: Callable) -> Callable:
        _DECLARED.append((function, dict(settings, periodic=periodic)))
        return function

    return declare


@dataclass
class TaskQueue:
    """An app's huey instance and the huey task of each declared function."""

    huey: Huey
    tasks: dict[Callable, Callable] = field(default_factory=dict)


def create_huey(app: Flask) -> Huey:
    """SQLite in the instance folder, or Redis when LMS_REDIS_URL is set (in-memory when immediate)."""
    options = {"results": False, "immediate": bool(app.config["TASKS_IMMEDIATE"])}
    if app.config.get("REDIS_URL"):
        return RedisHuey(QUEUE_NAME, url=app.config["REDIS_URL"], **options)
    return SqliteHuey(QUEUE_NAME, filename=str(Path(app.instance_path) / TASKS_FILE), **options)


def init_app(app: Flask) -> None:
    """Give the app its queue, with every declared task registered on it."""
    # Every module that declares tasks, so that a consumer knows them all.
    from .accounts import password_reset as _password_reset  # noqa: F401
    from .facilitate import prepared_files as _prepared_files  # noqa: F401
    from .facilitate import reminders as _reminders  # noqa: F401
    from .xblock_runtime import replays as _replays  # noqa: F401

    huey = create_huey(app)
    queue = TaskQueue(huey)
    for function, settings in _DECLARED:
        settings = dict(settings)
        periodic = settings.pop("periodic")
        # huey names the task after the function's module and name (kept by functools.wraps).
        run = _in_app_context(app, function)
        if periodic is not None:
            queue.tasks[function] = huey.periodic_task(periodic, **settings)(run)
        else:
            queue.tasks[function] = huey.task(**settings)(run)
    app.extensions["tasks"] = queue


def _in_app_context(app: Flask, function: Callable) -> Callable:
    @functools.wraps(function)
    def run(*args, **kwargs):
        # A fresh app context per run: its own database session, removed at the end.
        with app.app_context():
            return function(*args, **kwargs)

    return run


class Consumer(HueyConsumer):
    """huey's consumer, stopping gracefully on SIGTERM and on SIGINT alike.

    A graceful stop takes no new task, lets the running ones finish, then
    returns; after `shutdown_timeout` seconds (None: no limit) it returns
    anyway, abandoning the tasks still running; so does a second signal of
    the same kind during the wait (Ctrl-C twice). SIGHUP restarts, as in huey.

    huey makes one of the two signals graceful (`graceful_signal`) and the
    other immediate. systemd, Docker and most supervisors stop a service with
    SIGTERM, and a person with Ctrl-C: neither should abandon a task half
    done, so both get huey's graceful action.
    """

    def __init__(self, huey: Huey, **options):
        super().__init__(huey, graceful_signal="TERM", **options)
        self._signal_actions[signal.SIGINT] = self._signal_actions[signal.SIGTERM]


def task_queue() -> TaskQueue:
    return current_app.extensions["tasks"]


def enqueue(function: Callable, *args, **kwargs) -> None:
    """Queue a run of a declared task; the consumer runs it (at once when TASKS_IMMEDIATE).

    Queue after committing: in immediate mode the task's own session must
    not wait for a lock the caller still holds.
    """
    task_queue().tasks[function](*args, **kwargs)


def external_url(url_root: str, endpoint: str, **values) -> str:
    """An absolute URL of the site, built in a task from the address of the request that queued it.

    A consumer has no request to take the host from, and a fresh checkout
    has no configured server name: the request passes its `url_root`.
    """
    parts = urlsplit(url_root)
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    return adapter.build(endpoint, values, force_external=True)
