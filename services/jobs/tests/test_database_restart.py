"""PostgreSQL restarts under load: the service answers 503 while it is down, each pooled
connection fails at most once after it is back (the pool pings nothing before a query;
see servicekit.config), then every request succeeds."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import pytest
import requests
from jobs import create_app
from servicekit.testing import (
    LocalServer,
    RestartablePostgres,
    migrated_test_app,
    temporary_database,
)

LOAD_THREADS = 4  # each holds at most one of the pool's connections at a time
SECONDS_BEFORE = 0.7
SECONDS_AFTER = 2.0


@dataclass(frozen=True)
class Answer:
    started: float
    finished: float
    status: int
    content_type: str
    retry_after: str | None


@pytest.fixture(scope="module")
def restartable():
    server = RestartablePostgres()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def served(restartable, token_issuer):
    with temporary_database(restartable.url, "jobs_restart") as url:
        app = migrated_test_app(create_app, url, JWKS_URL=token_issuer.jwks_url)
        server = LocalServer(app)
        yield server
        server.stop()


def _load(url: str, answers: list[Answer], stop: threading.Event) -> None:
    with requests.Session() as session:  # kept-alive, as the gateway's connections are
        while not stop.is_set():
            started = time.monotonic()
            response = session.get(url, timeout=10)
            answers.append(
                Answer(
                    started,
                    time.monotonic(),
                    response.status_code,
                    response.headers.get("Content-Type", ""),
                    response.headers.get("Retry-After"),
                )
            )


def test_a_restart_costs_each_connection_at_most_one_request(served, restartable, token_issuer):
    created = requests.post(
        f"{served.url}/api/v1/companies",
        json={"name": "Northwind"},
        headers=token_issuer.headers(),
        timeout=10,
    )
    assert created.status_code == 201, created.text
    url = f"{served.url}/api/v1/companies/{created.json()['id']}"
    answers: list[Answer] = []
    stop = threading.Event()
    threads = [
        threading.Thread(target=_load, args=(url, answers, stop)) for _ in range(LOAD_THREADS)
    ]
    for thread in threads:
        thread.start()
    try:
        time.sleep(SECONDS_BEFORE)
        restart_began = time.monotonic()
        restartable.restart()
        back_up = time.monotonic()
        time.sleep(SECONDS_AFTER)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=15)

    failed = [answer for answer in answers if answer.status != 200]
    assert all(
        answer.status == 503
        and answer.content_type == "application/problem+json"
        and answer.retry_after
        for answer in failed
    ), {(answer.status, answer.content_type) for answer in failed}
    # Answered before the restart began: all served (one in flight as it began may fail).
    assert not [answer for answer in failed if answer.finished < restart_began]
    after = [answer for answer in answers if answer.started >= back_up]
    assert len([answer for answer in after if answer.status != 200]) <= LOAD_THREADS
    settled = [answer for answer in after if answer.started >= back_up + SECONDS_AFTER / 2]
    assert settled, "the load kept running after the restart"
    assert all(answer.status == 200 for answer in settled)
