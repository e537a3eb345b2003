"""Reviews learns a job's company from the jobs service once; its failures are 503, not 500."""

import socket
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread

import pytest
from reviews.models import JobReference, Review, Salary
from servicekit.testing import assert_problem


def _closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


@pytest.fixture
def jobs_url(app):
    """Point the service at another jobs URL for one test."""
    original = dict(app.config)

    def use(url, **timeouts):
        app.config["JOBS_URL"] = url
        app.config.update(timeouts)

    yield use
    app.config.update(
        {k: original[k] for k in ("JOBS_URL", "JOBS_CONNECT_TIMEOUT", "JOBS_READ_TIMEOUT")}
    )


@pytest.fixture
def misbehaving_jobs_service():
    """A stand-in that answers too slowly (`delay`) or with a server error (`status`)."""
    behaviour = {"delay": 0.0, "status": 500}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            time.sleep(behaviour["delay"])
            self.send_response(behaviour["status"])
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    Thread(target=server.serve_forever, daemon=True).start()
    yield behaviour, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def review_body(job):
    return {"job_id": job["id"], "title": "T", "rating": 4}


def test_the_company_is_learned_once_and_kept(user, job, jobs_url, count_rows, make_caller):
    user.review(job["id"])
    assert count_rows(JobReference) == 1
    jobs_url(_closed_port_url())  # the jobs service is gone, but the answer is known here
    other = make_caller()
    assert other.salary(job["id"])["company_id"] == job["company_id"]


def test_jobs_service_down_is_503_quickly_and_nothing_is_written(user, job, jobs_url, count_rows):
    jobs_url(_closed_port_url())
    started = time.monotonic()
    response = user.post("/api/v1/reviews", json=review_body(job))
    assert time.monotonic() - started < 2
    problem = assert_problem(response, 503)
    assert response.headers["Retry-After"]
    assert "jobs service" in problem["detail"]
    assert (count_rows(Review), count_rows(JobReference)) == (0, 0)


def test_jobs_service_too_slow_is_503(user, job, jobs_url, misbehaving_jobs_service, count_rows):
    behaviour, url = misbehaving_jobs_service
    behaviour["delay"] = 1.0
    jobs_url(url, JOBS_READ_TIMEOUT=0.3)
    assert_problem(
        user.post(
            "/api/v1/salaries",
            json={"job_id": job["id"], "amount": 20, "currency": "CAD", "period": "hourly"},
        ),
        503,
    )
    assert count_rows(Salary) == 0


def test_jobs_service_error_is_503(user, job, jobs_url, misbehaving_jobs_service, count_rows):
    _, url = misbehaving_jobs_service
    jobs_url(url)
    assert_problem(user.post("/api/v1/reviews", json=review_body(job)), 503)
    assert count_rows(Review) == 0
