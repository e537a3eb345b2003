"""The Alembic environment every service's migrations/env.py runs (Flask-Migrate flavour).

One copy instead of one per service: each env.py is just `run()`.
"""

from __future__ import annotations

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

log = logging.getLogger("alembic.env")


def _skip_empty_autogenerate(config):
    def process_revision_directives(migration_context, revision, directives):
        # `flask db migrate` with no model change writes no empty revision.
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            log.info("No changes in schema detected.")

    return process_revision_directives


def run() -> None:
    config = context.config
    if config.config_file_name is not None:
        # Keep the loggers the app configured (JSON to stdout) when migrating in-process.
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    migrate = current_app.extensions["migrate"]
    engine = migrate.db.engine
    metadata = migrate.db.metadata
    if context.is_offline_mode():
        context.configure(
            url=engine.url.render_as_string(hide_password=False),
            target_metadata=metadata,
            literal_binds=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    options = dict(migrate.configure_args)
    options.setdefault("process_revision_directives", _skip_empty_autogenerate(config))
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=metadata, **options)
        with context.begin_transaction():
            context.run_migrations()
