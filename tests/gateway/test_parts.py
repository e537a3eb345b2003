"""The gateway's small parts on their own: breaker, forwarded-for, route table, path checks."""

import pytest
from gateway.breaker import CircuitBreaker
from gateway.headers import client_address, forwarded_for
from gateway.paths import unsafe_reason
from gateway.routes import is_public, upstream_for


class Clock:
    now = 100.0

    def __call__(self):
        return self.now


def test_breaker_opens_after_5_failures_and_lets_one_probe_through_after_cooldown():
    clock = Clock()
    breaker = CircuitBreaker(failures_to_open=5, cooldown=10, clock=clock)
    for _ in range(4):
        breaker.record_failure()
        assert breaker.allow()
    breaker.record_failure()
    assert breaker.state == "open" and not breaker.allow()
    assert breaker.retry_after() == 10
    clock.now += 10
    assert breaker.allow()  # the probe
    assert not breaker.allow()  # only one at a time
    breaker.record_failure()  # failed probe: open again for a full cool-down
    assert not breaker.allow()
    clock.now += 10
    assert breaker.allow()
    breaker.record_success()
    assert breaker.state == "closed" and breaker.allow() and breaker.allow()


def test_a_success_resets_the_failure_count():
    breaker = CircuitBreaker(failures_to_open=3, cooldown=10)
    breaker.record_failure()
    breaker.record_failure()
    breaker.record_success()
    breaker.record_failure()
    breaker.record_failure()
    assert breaker.state == "closed"


def test_forwarded_for_keeps_only_what_trusted_proxies_added():
    environ = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.7"}
    assert forwarded_for(environ, 0) == "10.0.0.5"
    assert forwarded_for(environ, 1) == "203.0.113.7, 10.0.0.5"
    assert client_address(environ, 1) == "203.0.113.7"  # the client the load balancer saw
    assert client_address(environ, 0) == "10.0.0.5"


@pytest.mark.parametrize(
    ("method", "path", "public"),
    [
        ("GET", "/api/v1/companies", True),
        ("HEAD", "/api/v1/jobs/x", True),
        ("POST", "/api/v1/companies", False),
        ("GET", "/api/v1/salaries", False),
        ("GET", "/api/v1/salaries/stats", True),
        ("GET", "/api/v1/applications", False),
        ("GET", "/api/v1/reviews/x/flags", False),
        ("POST", "/api/v1/auth/login", True),
        ("GET", "/api/v1/users/me", False),
        ("GET", "/api/v1/flags", False),
    ],
)
def test_public_rules(method, path, public):
    assert is_public(method, path) is public


def test_prefixes_match_whole_segments():
    assert upstream_for("/api/v1/jobs") == "jobs"
    assert upstream_for("/api/v1/jobsx") is None
    assert upstream_for("/api/v1/users/me") == "users"


@pytest.mark.parametrize(
    "path",
    ["/api/v1/jobs", "/api/v1/companies/1b2c", "/.well-known/jwks.json", "/api/v1/jobs/caf%C3%A9"],
)
def test_ordinary_paths_are_safe(path):
    assert unsafe_reason(path) is None


class _RefusesFirstConnect:
    """Makes a pool's first connection attempt fail as a refused connect would."""

    @staticmethod
    def install(pool):
        from urllib3.connection import HTTPConnection
        from urllib3.exceptions import NewConnectionError

        attempts = []

        class FlakyConnection(HTTPConnection):
            def connect(self):
                attempts.append(1)
                if len(attempts) == 1:
                    raise NewConnectionError(self, "Connection refused (first attempt)")
                super().connect()

        pool.ConnectionCls = FlakyConnection
        return attempts


def _upstream(url):
    from gateway.upstream import Upstream

    return Upstream(
        "jobs", url, connect_timeout=1, read_timeout=2, pool_size=2, breaker=CircuitBreaker()
    )


@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT", "DELETE"])
def test_idempotent_requests_are_retried_once_after_a_failed_connect(upstreams, method):
    recorder, server = upstreams[0]["jobs"], upstreams[1]["jobs"]
    upstream = _upstream(server.url)
    attempts = _RefusesFirstConnect.install(upstream.pool)
    response = upstream.request(method, "/api/v1/jobs", [], None)
    assert response.status == 200
    assert len(attempts) == 2
    assert [r["method"] for r in recorder.requests] == [method]  # arrived exactly once


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_other_requests_are_never_retried(upstreams, method):
    from gateway.upstream import UpstreamUnavailable

    recorder, server = upstreams[0]["jobs"], upstreams[1]["jobs"]
    upstream = _upstream(server.url)
    attempts = _RefusesFirstConnect.install(upstream.pool)
    with pytest.raises(UpstreamUnavailable):
        upstream.request(method, "/api/v1/jobs", [("Content-Length", "2")], b"{}")
    assert len(attempts) == 1
    assert recorder.requests == []
