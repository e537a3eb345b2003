"""The database's own time for an endpoint: the exact SQL it runs, timed from Python.

Each service's app is created in this process against the same database as the running
stack. One request through Flask's test client records every statement the endpoint sends
(SQLAlchemy's before_cursor_execute), with its parameters; those statements are then run
on a plain psycopg2 connection, repeatedly, and timed. No HTTP, no ORM, no JSON: what is
left is PostgreSQL plus the driver, the floor under the HTTP figures.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import statistics
import time
from dataclasses import dataclass

import psycopg2
from sqlalchemy import event


@dataclass(frozen=True)
class SqlTiming:
    statements: int
    runs: int
    p50_ms: float
    p99_ms: float


@contextlib.contextmanager
def _environment(values: dict[str, str]):
    saved = dict(os.environ)
    os.environ.update(values)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


class ServiceSql:
    """One service's app, in process, to record the SQL its endpoints send."""

    def __init__(self, service: str, env: dict[str, str]) -> None:
        module = importlib.import_module(service)
        with _environment(env):
            self.app = module.create_app()
        # create_app set up the service's JSON access log; this process is not a service.
        logging.getLogger().setLevel(logging.WARNING)
        self.database_url = env["DATABASE_URL"]
        self.db = importlib.import_module(f"{service}.extensions").db

    def statements_for(self, path: str, headers: dict[str, str]) -> list[tuple[str, object]]:
        recorded: list[tuple[str, object]] = []

        def record(conn, cursor, statement, parameters, context, executemany):
            recorded.append((statement, parameters))

        with self.app.app_context():
            engine = self.db.engine
            event.listen(engine, "before_cursor_execute", record)
            try:
                response = self.app.test_client().get(path, headers=headers)
            finally:
                event.remove(engine, "before_cursor_execute", record)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}: {response.data[:300]}")
        return recorded

    def time_statements(
        self, statements: list[tuple[str, object]], *, seconds: float = 2.0, min_runs: int = 20
    ) -> SqlTiming:
        connection = psycopg2.connect(self.database_url.replace("+psycopg2", ""))
        connection.autocommit = True  # each statement on its own, as the service's are
        samples: list[float] = []
        try:
            with connection.cursor() as cursor:
                deadline = time.perf_counter() + seconds
                while len(samples) < min_runs or time.perf_counter() < deadline:
                    started = time.perf_counter()
                    for statement, parameters in statements:
                        cursor.execute(statement, parameters)
                        if cursor.description is not None:
                            cursor.fetchall()
                    samples.append((time.perf_counter() - started) * 1000)
        finally:
            connection.close()
        samples.sort()
        return SqlTiming(
            statements=len(statements),
            runs=len(samples),
            p50_ms=statistics.median(samples),
            p99_ms=samples[min(len(samples) - 1, int(len(samples) * 0.99))],
        )
