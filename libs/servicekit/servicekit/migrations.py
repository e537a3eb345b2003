"""A service's migrations, run by flask-migrate, which is imported only when they are used.

flask-migrate imports alembic (and alembic mako and its DDL modules) when it is imported:
about 0.6 s of CPU on this 2-core machine, paid at the start of every web worker, events
worker and CLI process, though only `flask db ...` and the tests' upgrades run migrations.
`Migrations` registers the same `flask db` group and loads flask-migrate when the group
is used (or `load_flask_migrate` asks); /readyz and `make dev` read the migrations' heads
with `heads_of`, which imports alembic's script reader when called.
"""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import ScriptInfo

_BINDING = "servicekit.migrations"


class Migrations:
    def __init__(self, directory: str) -> None:
        self.directory = directory

    def init_app(self, app: Flask, db) -> None:
        app.extensions[_BINDING] = (self, db)
        # What /readyz reads (`.directory`), until flask-migrate's own config replaces it.
        app.extensions["migrate"] = self
        app.cli.add_command(_DatabaseCommands("db", help="Database migrations (flask-migrate)."))


def heads_of(directory: str) -> set[str]:
    """The head revisions of the migrations in `directory` (alembic imported here)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", directory)
    return set(ScriptDirectory.from_config(config).get_heads())


def load_flask_migrate(app: Flask) -> None:
    """Bind flask-migrate to `app` now: what its commands and `flask_migrate.upgrade()` read."""
    binding = app.extensions.get(_BINDING)
    if binding is None or app.extensions.get("migrate") is not binding[0]:
        return  # bound already (or bound to flask-migrate directly)
    from flask_migrate import Migrate

    migrations, db = binding
    Migrate(app, db, directory=migrations.directory)


class _DatabaseCommands(click.Group):
    """`flask db`: hands the command line to flask-migrate's own group, loaded only now, so
    that its options (`--directory`, `-x`) and its callback run as they would unwrapped."""

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        load_flask_migrate(parent.ensure_object(ScriptInfo).load_app())
        from flask_migrate.cli import db

        return db.make_context(info_name, args, parent=parent, **extra)
