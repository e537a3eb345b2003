"""Alembic environment: the shared one from servicekit."""

from servicekit.migration_env import run

run()
