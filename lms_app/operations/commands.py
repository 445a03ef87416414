"""`flask backup`, `flask restore`, the task queue's `flask tasks consumer` and `status`, and `flask serve`."""
import logging
import signal
import subprocess
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, run_command, with_appcontext

from ..extensions import db
from ..tasks import Consumer, task_queue
from .backup import BackupError, backup, default_backup_path, restore


@click.command("backup")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the backup (default: instance/backups/lms-<UTC time>.sqlite3 or .dump).")
@with_appcontext
def backup_command(output: Path | None):
    """Back up the database while the LMS keeps running."""
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    target = output or default_backup_path(Path(current_app.instance_path) / "backups", url)
    try:
        written = backup(url, target)
    except BackupError as error:
        raise click.ClickException(str(error))
    click.echo(f"Backup written to {written}")


@click.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(source: Path, yes: bool):
    """Replace the database with a backup. Stop the application servers first."""
    if not yes:
        click.confirm("This replaces everything in the database with the backup. Continue?", abort=True)
    db.engine.dispose()  # no pooled connection keeps the old content open
    try:
        restore(current_app.config["SQLALCHEMY_DATABASE_URI"], source)
    except BackupError as error:
        raise click.ClickException(str(error))
    click.echo(f"Restored from {source}")


tasks_cli = AppGroup("tasks", help="The background task queue (reminders, large exports, certificate ZIPs).")


@tasks_cli.command("consumer")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Tasks run at the same time (threads).")
@click.option("--quiet", is_flag=True, help="Log only warnings and errors, not every task run.")
@click.option("--stop-timeout", type=click.FloatRange(min=0), default=60, show_default=True,
              help="Seconds a stop waits for the running tasks before abandoning them.")
def consumer_command(workers: int, quiet: bool, stop_timeout: float):
    """Run the queued tasks, waiting for new ones, until stopped.

    SIGTERM or SIGINT (Ctrl-C): no new task is taken, the running ones
    finish, at most --stop-timeout seconds; the same signal again stops at once.
    """
    huey = task_queue().huey
    if huey.immediate:
        raise click.ClickException("TASKS_IMMEDIATE is set: tasks run in the requests, there is nothing to consume.")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("[%(asctime)s] %(levelname)s %(name)s: %(message)s"))
    for name in ("huey", "lms_app"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING if quiet else logging.INFO)
    # Threads, not processes: a task is mostly waiting on the database or the mail server,
    # and threads share the one app this process built.
    # The default stop timeout stays under systemd's (TimeoutStopSec, 90 s by
    # default), so that the consumer, not a SIGKILL, ends an overlong stop and says so in its log.
    Consumer(huey, workers=workers, worker_type="thread", periodic=True, shutdown_timeout=stop_timeout).run()


@tasks_cli.command("status")
def status_command():
    """How many tasks wait in the queue, and how many are scheduled for later (retries)."""
    huey = task_queue().huey
    click.echo(f"queued: {huey.pending_count()}")
    click.echo(f"scheduled: {huey.scheduled_count()}")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=5000, show_default=True)
@click.pass_context
def serve_command(ctx: click.Context, host: str, port: int):
    """The development server (`flask run`) with a task consumer beside it, stopped with it (`make run`)."""
    # Its own session: Ctrl-C in the terminal reaches the server only, and the
    # consumer gets exactly one stop signal from here, however the server ends.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    consumer = None
    try:
        consumer = subprocess.Popen([sys.executable, "-m", "flask", "--app", "lms_app", "tasks", "consumer"],
                                    start_new_session=True)
        ctx.invoke(run_command, host=host, port=port)
    finally:
        if consumer is not None:
            consumer.send_signal(signal.SIGINT)  # graceful: after the task it is running
            consumer.wait()
