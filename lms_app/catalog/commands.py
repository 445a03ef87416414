"""`flask content check` and `flask content publish`: the author's and operator's commands."""
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

content_cli = AppGroup("content", help="Check and publish the courses in content/.")


def _course_folders(path: Path) -> list[Path]:
    if (path / "course.yaml").exists():
        return [path]
    return sorted(p for p in path.iterdir() if p.is_dir() and (p / "course.yaml").exists())


@content_cli.command("check")
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "github"]), default="text")
def check_command(path, output_format):
    """Validate courses without publishing; exit 1 on any error."""
    from courses.__main__ import main as courses_main

    path = path or Path(current_app.config["CONTENT_DIR"])
    raise SystemExit(courses_main(["check", str(path), "--format", output_format]))


@content_cli.command("publish")
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
def publish_command(path):
    """Validate and publish every course under PATH (default: the content folder); nothing on errors."""
    import courses

    from .publish import media_url, publish_courses

    path = path or Path(current_app.config["CONTENT_DIR"])
    models, errors = [], 0
    for folder in _course_folders(path):
        result = courses.load_course(folder, media_url=media_url)
        for message in result.messages:
            click.echo(str(message), err=True)
        errors += sum(1 for m in result.messages if m.severity == "error")
        if result.course is not None:
            models.append(result.course)
    if errors:
        raise click.ClickException(f"{errors} error(s): nothing was published. Fix them and publish again.")
    outcomes = publish_courses(models, Path(current_app.instance_path) / "media")
    for outcome in outcomes:
        click.echo(f"{outcome.slug}: {outcome.status} (version {outcome.version_id})")
    if not outcomes:
        click.echo(f"No course found in {path}.")
