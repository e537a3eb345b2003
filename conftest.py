"""Shared pytest setup for every test directory: a real PostgreSQL server."""

pytest_plugins = ["servicekit.testing"]
