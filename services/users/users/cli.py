"""`flask` commands: create an admin, load the demo accounts."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext
from marshmallow import ValidationError
from servicekit.commands import development_only

from . import accounts
from .extensions import db
from .schemas import RegisterSchema

DEMO_ACCOUNTS = (
    ("admin@jobsight.dev", "demo-admin-password", "Demo Admin", "admin"),
    ("student@jobsight.dev", "demo-student-password", "Demo Student", "user"),
)


def _create(email: str, password: str, display_name: str, role: str) -> None:
    try:
        data = RegisterSchema().load(
            {"email": email, "password": password, "display_name": display_name}
        )
    except ValidationError as exc:
        raise click.BadParameter(str(exc.messages)) from exc
    user = accounts.register(**data)
    user.role = role
    db.session.commit()


@click.command("create-admin")
@with_appcontext
@click.option("--email", required=True)
@click.option("--display-name", default="Admin", show_default=True)
@click.password_option("--password", help="Prompted for when not given.")
def create_admin(email: str, display_name: str, password: str) -> None:
    """Create an admin account (or make an existing account an admin)."""
    existing = accounts.find_by_email(email)
    if existing is not None:
        existing.role = "admin"
        db.session.commit()
        click.echo(f"{email} is now an admin.")
        return
    _create(email, password, display_name, "admin")
    click.echo(f"Created admin {email}.")


@click.command("seed-demo")
@with_appcontext
@development_only
def seed_demo() -> None:
    """Create the demo accounts that `make dev` prints, unless they exist."""
    for email, password, display_name, role in DEMO_ACCOUNTS:
        if accounts.find_by_email(email) is None:
            _create(email, password, display_name, role)
            click.echo(f"Created demo account {email}.")


def register_commands(app: Flask) -> None:
    app.cli.add_command(create_admin)
    app.cli.add_command(seed_demo)
