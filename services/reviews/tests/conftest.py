from __future__ import annotations

import uuid

import jobs
import pytest
from reviews import create_app
from reviews.extensions import db
from servicekit.testing import (
    ApiCaller,
    LocalServer,
    migrated_test_app,
    row_counter,
    temporary_database,
    truncate_all_tables,
)


@pytest.fixture(scope="session")
def jobs_app(postgres_server_url, token_issuer):
    """The real jobs service, which reviews asks about jobs over HTTP."""
    with temporary_database(postgres_server_url, "reviews_jobs") as url:
        yield migrated_test_app(jobs.create_app, url, JWKS_URL=token_issuer.jwks_url)


@pytest.fixture(scope="session")
def jobs_server(jobs_app):
    server = LocalServer(jobs_app)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def app(postgres_server_url, token_issuer, jobs_server):
    with temporary_database(postgres_server_url, "reviews") as url:
        yield migrated_test_app(
            create_app, url, JWKS_URL=token_issuer.jwks_url, JOBS_URL=jobs_server.url
        )


@pytest.fixture(autouse=True)
def _empty_tables(app, jobs_app):
    yield
    for each_app, each_db in ((app, db), (jobs_app, jobs.extensions.db)):
        with each_app.app_context():
            truncate_all_tables(each_db)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def count_rows(app):
    return row_counter(app, db)


class Caller(ApiCaller):
    """A signed-in user (or admin) of the reviews service, with one-line helpers."""

    def review(self, job_id, **fields):
        body = {"job_id": job_id, "title": "Good co-op", "rating": 4, **fields}
        response = self.post("/api/v1/reviews", json=body)
        assert response.status_code == 201, response.json
        return response.json

    def salary(self, job_id, amount=30.5, **fields):
        body = {"job_id": job_id, "amount": amount, "currency": "CAD", "period": "hourly", **fields}
        response = self.post("/api/v1/salaries", json=body)
        assert response.status_code == 201, response.json
        return response.json

    def interview(self, job_id, **fields):
        body = {
            "job_id": job_id,
            "questions": ["Why us?"],
            "difficulty": 3,
            "outcome": "offer",
            **fields,
        }
        response = self.post("/api/v1/interviews", json=body)
        assert response.status_code == 201, response.json
        return response.json


@pytest.fixture
def make_caller(client, token_issuer):
    return lambda role="user": Caller(client, token_issuer, role)


@pytest.fixture
def user(make_caller):
    return make_caller()


@pytest.fixture
def other_user(make_caller):
    return make_caller()


@pytest.fixture
def admin(make_caller):
    return make_caller("admin")


@pytest.fixture
def make_job(jobs_app, token_issuer):
    """Create a company and a job in the real jobs service; returns the job."""
    client = jobs_app.test_client()

    def make(company_name=None, title="Software Developer"):
        headers = token_issuer.headers()
        name = company_name or f"Company {uuid.uuid4().hex[:8]}"
        company = client.post("/api/v1/companies", json={"name": name}, headers=headers)
        if company.status_code == 409:
            company_id = client.get(f"/api/v1/companies?q={name}").json["items"][0]["id"]
        else:
            company_id = company.json["id"]
        job = client.post(
            "/api/v1/jobs",
            headers=headers,
            json={"company_id": company_id, "title": title, "employment_type": "co-op"},
        )
        assert job.status_code == 201, job.json
        return job.json

    return make


@pytest.fixture
def job(make_job):
    return make_job()


@pytest.fixture
def established(make_caller, job):
    """Accounts whose flags count toward hiding: each has an interview report of its own."""

    def make():
        caller = make_caller()
        caller.interview(job["id"])
        return caller

    return make
