"""`flask backup` and `flask restore`."""
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db
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
