from __future__ import annotations

import pytest
from jobs import create_app
from jobs.extensions import db
from servicekit.testing import (
    ApiCaller,
    migrated_test_app,
    row_counter,
    temporary_database,
    truncate_all_tables,
)


@pytest.fixture(scope="session")
def database_url(postgres_server_url):
    with temporary_database(postgres_server_url, "jobs") as url:
        yield url


@pytest.fixture(scope="session")
def app(database_url, token_issuer):
    return migrated_test_app(create_app, database_url, JWKS_URL=token_issuer.jwks_url)


@pytest.fixture(autouse=True)
def _empty_tables(app):
    yield
    with app.app_context():
        truncate_all_tables(db)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def count_rows(app):
    return row_counter(app, db)


class Caller(ApiCaller):
    """A signed-in user (or admin) of the jobs service, with one-line helpers."""

    def company(self, name="Northwind", **fields):
        response = self.post("/api/v1/companies", json={"name": name, **fields})
        assert response.status_code == 201, response.json
        return response.json

    def job(self, company_id, title="Software Developer", **fields):
        body = {"company_id": company_id, "title": title, "employment_type": "co-op", **fields}
        response = self.post("/api/v1/jobs", json=body)
        assert response.status_code == 201, response.json
        return response.json


@pytest.fixture
def user(client, token_issuer):
    return Caller(client, token_issuer)


@pytest.fixture
def other_user(client, token_issuer):
    return Caller(client, token_issuer)


@pytest.fixture
def admin(client, token_issuer):
    return Caller(client, token_issuer, role="admin")
