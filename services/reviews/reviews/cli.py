"""`flask` commands of the reviews service."""

import click
from flask import Flask
from flask.cli import with_appcontext
from servicekit.commands import development_only

from .demo import load_demo_data


@click.command("seed-demo")
@with_appcontext
@development_only
def seed_demo() -> None:
    """Load demo contributions for the jobs the jobs service lists, unless reviews exist."""
    reviews, salaries, interviews = load_demo_data()
    if reviews:
        click.echo(f"Loaded {reviews} demo reviews, {salaries} salaries, {interviews} interviews.")


def register_commands(app: Flask) -> None:
    app.cli.add_command(seed_demo)
