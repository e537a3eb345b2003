"""Rate limits and breakers hold across the gateway's workers: unit tests of the shared
state across forked processes, then the gateway itself under gunicorn with two workers."""

import multiprocessing
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from gateway.breaker import CircuitBreaker
from gateway.shared import SharedState
from servicekit.testing import clear_of_a_window_edge

ROOT = Path(__file__).resolve().parents[2]
FORK = multiprocessing.get_context("fork")


def _hit_times(shared: SharedState, key: str, times: int) -> None:
    for _ in range(times):
        shared.hit(key, 60)


def test_counts_made_in_forked_workers_add_up_exactly():
    shared = SharedState()
    workers = [FORK.Process(target=_hit_times, args=(shared, "login:x", 50)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    count, reset_in = shared.hit("login:x", 60)
    assert count == 201
    assert 0 < reset_in <= 60
    assert shared.hit("login:y", 60)[0] == 1


def test_a_new_window_starts_the_count_again():
    now = [1_000_000.0]
    shared = SharedState(clock=lambda: now[0])
    assert [shared.hit("k", 60)[0] for _ in range(3)] == [1, 2, 3]
    now[0] += 60
    assert shared.hit("k", 60)[0] == 1


def test_a_flood_of_distinct_keys_never_lets_a_key_go_uncounted():
    shared = SharedState()
    for number in range(200_000):
        shared.hit(f"general:10.0.{number // 256}.{number % 256}", 60)
    assert shared.hit("login:victim", 60)[0] == 1
    assert shared.hit("login:victim", 60)[0] == 2


def _fail(shared: SharedState) -> None:
    CircuitBreaker(shared=shared, slot=1, failures_to_open=3).record_failure()


def test_failures_recorded_in_other_workers_open_the_breaker_for_all():
    shared = SharedState()
    breaker = CircuitBreaker(shared=shared, slot=1, failures_to_open=3)
    for _ in range(3):
        worker = FORK.Process(target=_fail, args=(shared,))
        worker.start()
        worker.join()
    assert breaker.state == "open" and not breaker.allow()
    assert CircuitBreaker(shared=shared, slot=0, failures_to_open=3).allow()  # others unmoved


class FrozenService:
    """Accepts connections and reads requests, and never answers: a hung upstream."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        self.accepted = 0
        self._held: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self._socket.accept()
            except OSError:
                return
            self.accepted += 1
            self._held.append(connection)

    def close(self) -> None:
        self._socket.close()
        for connection in self._held:
            connection.close()


@pytest.fixture
def two_worker_gateway(upstreams, token_issuer):
    """The gateway as deployed: gunicorn, deploy/gunicorn.conf.py, two workers."""
    processes = []

    def start(**settings) -> str:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        urls = {f"{name.upper()}_URL": s.url for name, s in upstreams[1].items()}
        env = {
            **os.environ,
            **urls,
            "SERVICE": "gateway",
            "APP_ENV": "test",
            "JWKS_URL": token_issuer.jwks_url,
            "LOG_LEVEL": "warning",
            **{name: str(value) for name, value in settings.items()},
        }
        env.pop("REDIS_URL", None)
        gunicorn = Path(sys.executable).parent / "gunicorn"
        command = [str(gunicorn), "--config", str(ROOT / "deploy/gunicorn.conf.py")]
        command += ["--bind", f"127.0.0.1:{port}", "--workers", "2"]
        processes.append(subprocess.Popen(command, env=env, cwd=ROOT))
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                requests.get(f"{url}/healthz", timeout=1)
                clear_of_a_window_edge(10)  # the tests count within one limit window
                return url
            except requests.ConnectionError:
                time.sleep(0.2)
        raise RuntimeError("the gateway did not start")

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=30)


def _on_a_new_connection(method: str, url: str, **kwargs) -> requests.Response:
    # A connection of its own each time, so requests spread over both workers.
    return requests.request(method, url, headers={"Connection": "close"}, timeout=10, **kwargs)


def test_the_eleventh_login_in_a_minute_is_429_across_two_workers(two_worker_gateway):
    url = two_worker_gateway()
    body = {"email": "new@example.com", "password": "wrong password"}
    statuses = [
        _on_a_new_connection("POST", f"{url}/api/v1/auth/login", json=body).status_code
        for _ in range(12)
    ]
    assert statuses == [200] * 10 + [429] * 2


def test_registrations_per_client_are_limited_across_two_workers(two_worker_gateway):
    url = two_worker_gateway(REGISTER_LIMIT_PER_MINUTE=3)
    statuses = [
        _on_a_new_connection(
            "POST", f"{url}/api/v1/auth/register", json={"email": f"u{n}@example.com"}
        ).status_code
        for n in range(6)
    ]
    assert statuses == [200] * 3 + [429] * 3


def test_a_frozen_service_costs_a_handful_of_slow_requests_in_all(two_worker_gateway):
    frozen = FrozenService()
    try:
        url = two_worker_gateway(
            JOBS_URL=frozen.url,
            UPSTREAM_READ_TIMEOUT=1,
            BREAKER_FAILURES=3,
            BREAKER_COOLDOWN=60,
        )
        statuses = [
            _on_a_new_connection("GET", f"{url}/api/v1/companies").status_code for _ in range(10)
        ]
        # Three slow answers (each a read timeout) in all, then refusals without waiting.
        assert statuses == [504] * 3 + [503] * 7, statuses
        assert frozen.accepted == 3  # the refused requests never reached the service
        other = _on_a_new_connection("GET", f"{url}/api/v1/reviews")
        assert other.status_code == 200  # the other services' routes keep working
    finally:
        frozen.close()
