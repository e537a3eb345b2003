"""`flask` commands of the jobs service."""

import click
from flask import Flask
from flask.cli import with_appcontext
from servicekit.commands import development_only

from .demo import load_demo_data


@click.command("seed-demo")
@with_appcontext
@development_only
def seed_demo() -> None:
    """Load the demo companies and jobs unless the catalogue has any company."""
    companies, jobs = load_demo_data()
    if companies:
        click.echo(f"Loaded {companies} demo companies and {jobs} jobs.")


def register_commands(app: Flask) -> None:
    app.cli.add_command(seed_demo)
