"""Command-line account tools for operators: `flask users create`, `flask demo accounts`."""
import json
import os
import secrets
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from .forms import ACCOUNT_ERRORS
from .service import AccountError, create_user, find_user

users_cli = AppGroup("users", help="Manage accounts.")
demo_cli = AppGroup("demo", help="Demo data for trying the LMS on a laptop.")

DEMO_ACCOUNTS = [
    # username, display name, author, admin, facilitator, what it is for
    ("demo-learner", "Demo Learner", False, False, False, "learner"),
    ("demo-facilitator", "Demo Facilitator", False, False, True, "facilitator"),
    ("demo-author", "Demo Author", True, False, False, "author"),
    ("demo-admin", "Demo Admin", True, True, True, "admin"),
]


@users_cli.command("create")
@click.option("--username", prompt=True)
@click.option("--display-name", default="")
@click.option("--email", default="")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--author", is_flag=True, help="May preview and publish courses.")
@click.option("--admin", is_flag=True, help="May manage accounts and certificates.")
@click.option("--facilitator", is_flag=True, help="May create cohorts.")
def create_user_command(username, display_name, email, password, author, admin, facilitator):
    """Create an account."""
    try:
        user = create_user(username, display_name or username, password, email=email or None,
                           is_author=author or admin, is_admin=admin, is_facilitator=facilitator or admin)
    except AccountError as error:
        raise click.ClickException(str(ACCOUNT_ERRORS[error.code]))
    click.echo(f"Created {user.username} (id {user.id}).")


def _demo_file() -> Path:
    return Path(current_app.instance_path) / "demo-accounts.json"


@demo_cli.command("accounts")
def demo_accounts_command():
    """Create the demo accounts if they do not exist, and print how to sign in.

    Passwords are random per installation and kept in instance/ so that they
    can be printed again; never a password written in the code.
    """
    path = _demo_file()
    known = json.loads(path.read_text()) if path.exists() else {}
    for username, display_name, is_author, is_admin, is_facilitator, purpose in DEMO_ACCOUNTS:
        if find_user(username) is None:
            password = "-".join(secrets.token_hex(3) for _ in range(3))
            create_user(username, display_name, password, is_author=is_author, is_admin=is_admin,
                        is_facilitator=is_facilitator)
            known[username] = {"password": password, "purpose": purpose}
    path.write_text(json.dumps(known, indent=2))
    os.chmod(path, 0o600)
    click.echo("Demo accounts (sign in at http://127.0.0.1:5000/signin):")
    for username, *_rest, purpose in DEMO_ACCOUNTS:
        password = known.get(username, {}).get("password", "(created elsewhere; password unknown)")
        click.echo(f"  {purpose:<12} {username:<18} {password}")
