"""The gateway's small parts on their own: breaker, forwarded-for, route table, path checks."""

import asyncio
import contextlib
import socket
import struct
import threading
import time

import pytest
from gateway.breaker import CircuitBreaker
from gateway.headers import trusted_hops
from gateway.paths import unsafe_reason
from gateway.protocol import CoalescingTransport
from gateway.routes import is_public, route_for
from gateway.shared import SharedState
from servicekit.networks import Networks


class Clock:
    now = 100.0

    def __call__(self):
        return self.now


def test_breaker_opens_after_5_failures_and_lets_one_probe_through_after_cooldown():
    clock = Clock()
    breaker = CircuitBreaker(
        shared=SharedState(), slot=0, failures_to_open=5, cooldown=10, clock=clock
    )
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
    breaker = CircuitBreaker(shared=SharedState(), slot=0, failures_to_open=3, cooldown=10)
    breaker.record_failure()
    breaker.record_failure()
    breaker.record_success()
    breaker.record_failure()
    breaker.record_failure()
    assert breaker.state == "closed"


def test_without_trusted_networks_the_peer_is_the_client_whatever_the_header_says():
    nobody = Networks([])
    for chain in ("6.6.6.6", "6.6.6.6, 203.0.113.7", None):
        assert trusted_hops("198.51.100.9", chain, nobody)[0] == "198.51.100.9"
        assert ", ".join(trusted_hops("198.51.100.9", chain, nobody)) == "198.51.100.9"


def test_forwarded_entries_count_only_as_far_as_trusted_proxies_appended_them():
    load_balancers = Networks(["10.0.0.0/24", "10.0.1.0/24"])
    peer, chain = "10.0.0.5", "6.6.6.6, 203.0.113.7"
    assert trusted_hops(peer, chain, load_balancers)[0] == "203.0.113.7"  # what the ALB saw
    assert ", ".join(trusted_hops(peer, chain, load_balancers)) == "203.0.113.7, 10.0.0.5"
    # Two trusted hops (10.0.1.7 forwarded to 10.0.0.5): the client is before both.
    assert trusted_hops(peer, "6.6.6.6, 203.0.113.7, 10.0.1.7", load_balancers)[0] == (
        "203.0.113.7"
    )
    # A peer outside the trusted networks: its header is not believed.
    assert trusted_hops("198.51.100.9", chain, load_balancers)[0] == "198.51.100.9"
    # Garbage is never a trusted hop.
    assert trusted_hops(peer, "not-an-address", load_balancers)[0] == "not-an-address"


def test_a_malformed_trusted_network_refuses_to_start():
    from gateway.config import load_settings
    from servicekit.config import ConfigurationError

    with pytest.raises(ConfigurationError, match="TRUSTED_PROXY_CIDRS"):
        load_settings(
            {
                "UPSTREAMS": {"users": "http://u", "jobs": "http://j", "reviews": "http://r"},
                "TRUSTED_PROXY_CIDRS": ["10.0.0.0/33"],
            }
        )


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
    assert route_for("/api/v1/jobs") == ("/api/v1/jobs", "jobs")
    assert route_for("/api/v1/jobsx") is None
    assert route_for("/api/v1/users/me") == ("/api/v1/users", "users")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/auth/%6Cogin",
        "/api/v1/auth/LOGI%4E",
        "/api/v1/%61uth/login",
        "/api/v1/jobs/%7e",
        "/api/v1/jobs/a%2Db",
        "/api/v1/jobs/%5F",
        "/api/v1/jobs/%30",
    ],
)
def test_a_percent_escaped_unreserved_character_is_refused(path):
    from gateway.paths import unsafe_reason

    assert unsafe_reason(path) is not None


@pytest.mark.parametrize("path", ["/api/v1/companies/caf%C3%A9", "/api/v1/jobs/a%20b"])
def test_escapes_that_are_needed_still_route(path):
    from gateway.paths import unsafe_reason

    assert unsafe_reason(path) is None


@pytest.mark.parametrize(
    "path",
    ["/api/v1/jobs", "/api/v1/companies/1b2c", "/.well-known/jwks.json", "/api/v1/jobs/caf%C3%A9"],
)
def test_ordinary_paths_are_safe(path):
    assert unsafe_reason(path) is None


def _refuse_first_connect(upstream) -> list[int]:
    """Makes the upstream's first connection attempt fail as a refused connect would."""
    attempts, connect = [], upstream.pool.connect

    async def flaky(timeout):
        attempts.append(1)
        if len(attempts) == 1:
            raise ConnectionRefusedError("Connection refused (first attempt)")
        return await connect(timeout)

    upstream.pool.connect = flaky
    return attempts


def _upstream(url, **options):
    from gateway.upstream import Upstream

    return Upstream(
        "jobs",
        url,
        connect_timeout=1,
        read_timeout=2,
        pool_size=2,
        breaker=CircuitBreaker(shared=SharedState(), slot=0),
        **options,
    )


async def _call(upstream, method, body=None):
    """One request through the upstream's pool; returns (status, body)."""
    headers = [(b"content-length", str(len(body)).encode())] if body is not None else []
    response = await upstream.request(method, "/api/v1/jobs", headers, body)
    return response.status, b"".join([piece async for piece in response.body()])


@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT", "DELETE"])
def test_idempotent_requests_are_retried_once_after_a_failed_connect(upstreams, method):
    recorder, server = upstreams[0]["jobs"], upstreams[1]["jobs"]
    upstream = _upstream(server.url)
    attempts = _refuse_first_connect(upstream)
    status, _ = asyncio.run(_call(upstream, method))
    assert status == 200
    assert len(attempts) == 2
    assert [r["method"] for r in recorder.requests] == [method]  # arrived exactly once


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_other_requests_are_never_retried(upstreams, method):
    from gateway.upstream import UpstreamUnavailable

    recorder, server = upstreams[0]["jobs"], upstreams[1]["jobs"]
    upstream = _upstream(server.url)
    attempts = _refuse_first_connect(upstream)
    with pytest.raises(UpstreamUnavailable):
        asyncio.run(_call(upstream, method, b"{}"))
    assert len(attempts) == 1
    assert recorder.requests == []


class RawService:
    """A raw HTTP/1.1 service on 127.0.0.1 answering each connection in its own thread
    with `_answer(connection)`; `connections` counts those it accepted."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def close(self) -> None:
        self.listener.close()


class KeepAliveService(RawService):
    """A raw HTTP/1.1 service that keeps connections alive, in one of four manners:
    "keep" answers every request; "close_idle" answers one, then closes quietly (a
    keep-alive timeout while the connection sits idle); "drop_second" answers one, then
    reads the next and closes without a word (the timeout racing a request); "reset_second"
    answers one, then resets the connection at the next (its process crashed meanwhile)."""

    def __init__(self, manner: str) -> None:
        self.manner = manner
        self.received: list[bytes] = []
        super().__init__()

    def _answer(self, connection) -> None:
        with connection:
            answered = 0
            while request := connection.recv(65536):
                self.received.append(request.split(b" ", 1)[0])
                if self.manner == "drop_second" and answered == 1:
                    return
                if self.manner == "reset_second" and answered == 1:
                    # Closing with unread data, lingering 0 s: an RST, not a FIN.
                    connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
                    return
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                answered += 1
                if self.manner == "close_idle":
                    time.sleep(0.05)
                    return


def _twice(upstream, method, pause=0.0):
    body = b"{}" if method == "POST" else None

    async def run():
        first = await _call(upstream, method, body)
        await asyncio.sleep(pause)
        return first, await _call(upstream, method, body)

    return asyncio.run(run())


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_connection_the_service_closed_while_idle_is_not_used(method):
    service = KeepAliveService("close_idle")
    first, second = _twice(_upstream(service.url), method, pause=0.2)
    assert first == second == (200, b"ok")
    assert service.received == [method.encode()] * 2
    service.close()


# "drop_second": the keep-alive timeout racing a request; "reset_second": the service's
# container killed and restarted meanwhile, so the pooled connection is reset.
KEPT_ALIVE_FAILURES = ["drop_second", "reset_second"]


@pytest.mark.parametrize("manner", KEPT_ALIVE_FAILURES)
def test_an_idempotent_request_lost_on_a_kept_alive_connection_is_sent_again(manner):
    service = KeepAliveService(manner)
    first, second = _twice(_upstream(service.url), "GET")
    assert first == second == (200, b"ok")
    assert service.received == [b"GET", b"GET", b"GET"]  # the lost one, then once more
    service.close()


@pytest.mark.parametrize("manner", KEPT_ALIVE_FAILURES)
def test_a_post_lost_on_a_kept_alive_connection_is_not_sent_again(manner):
    from gateway.upstream import UpstreamBroken

    service = KeepAliveService(manner)
    with pytest.raises(UpstreamBroken):
        _twice(_upstream(service.url), "POST")
    time.sleep(0.1)
    assert service.received == [b"POST", b"POST"]  # it may have acted: never a third
    service.close()


def test_connections_are_kept_alive_and_reused():
    service = KeepAliveService("keep")
    upstream = _upstream(service.url)

    async def several():
        return [await _call(upstream, "GET") for _ in range(5)]

    assert asyncio.run(several()) == [(200, b"ok")] * 5
    assert service.connections == 1
    service.close()


class ScriptedService(RawService):
    """A raw service that answers each connection's first request with `script(connection)`,
    run in its own thread; `sent` counts the body bytes the socket accepted."""

    def __init__(self, script) -> None:
        self.script = script
        self.sent = 0
        super().__init__()

    def _answer(self, connection) -> None:
        with connection:
            connection.recv(65536)
            with contextlib.suppress(OSError):  # the gateway closed its end: what some tests want
                self.script(self, connection)


BIG = 32 * 1024 * 1024  # far beyond what loopback socket buffers hold


def _send_big(service, connection) -> None:
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % BIG)
    piece = b"x" * 65536
    for _ in range(BIG // len(piece)):
        connection.sendall(piece)
        service.sent += len(piece)


def test_a_slow_reader_of_a_large_body_slows_the_service_instead_of_filling_memory():
    service = ScriptedService(_send_big)
    upstream = _upstream(service.url)

    async def read_slowly():
        response = await upstream.request("GET", "/api/v1/jobs/big", [], None)
        body = response.body()
        received = len(await anext(body))
        await asyncio.sleep(0.5)  # the client takes nothing meanwhile
        sent_while_waiting = service.sent
        async for piece in body:
            received += len(piece)
        return sent_while_waiting, received

    sent_while_waiting, received = asyncio.run(read_slowly())
    assert sent_while_waiting < BIG // 2  # the gateway stopped reading: the service waits
    assert received == BIG
    service.close()


def _stall_mid_body(service, connection) -> None:
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello")
    time.sleep(3)  # beyond the read timeout (2 s)


def _close_mid_body(service, connection) -> None:
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello")


def _not_http(service, connection) -> None:
    connection.sendall(b"SSH-2.0-OpenSSH_9.2\r\n\r\n")


@pytest.mark.parametrize(
    "script, error",
    [
        (_stall_mid_body, "UpstreamTimeout"),
        (_close_mid_body, "UpstreamBroken"),
        (_not_http, "UpstreamBroken"),
    ],
)
def test_an_answer_that_stalls_breaks_off_or_is_not_http_fails_as_the_gateways_own_error(
    script, error
):
    from gateway import upstream as module

    service = ScriptedService(script)
    with pytest.raises(getattr(module, error)):
        asyncio.run(_call(_upstream(service.url), "GET"))
    service.close()


def test_a_body_that_ends_with_the_connection_is_passed_on_whole():
    def until_close(service, connection):
        connection.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of it")

    service = ScriptedService(until_close)
    assert asyncio.run(_call(_upstream(service.url), "GET")) == (200, b"all of it")
    service.close()


def test_a_connection_the_service_writes_to_unasked_is_not_used_again():
    def answer_then_chatter(service, connection):
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        time.sleep(0.05)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nstale")
        while connection.recv(65536):  # a second request here would get no answer
            pass

    service = ScriptedService(answer_then_chatter)
    assert _twice(_upstream(service.url), "GET", pause=0.2) == ((200, b"ok"), (200, b"ok"))
    service.close()


class RecordingTransport:
    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        self.writes.append(data)

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def write_eof(self) -> None:
        self.writes.append(b"<eof>")

    def get_write_buffer_size(self) -> int:
        return 0


def test_an_answer_head_and_body_written_in_one_iteration_go_out_as_one_write():
    async def scenario():
        recorded = RecordingTransport()
        transport = CoalescingTransport(recorded, asyncio.get_running_loop())
        transport.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n")
        transport.write(b"{}")
        transport.write(b"")  # uvicorn's end of the body
        assert recorded.writes == [b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}"]
        transport.write(b"HTTP/1.1 200 OK\r\n\r\n")  # a head whose body is not at hand
        assert len(recorded.writes) == 1
        await asyncio.sleep(0)  # the end of the loop's iteration sends it alone
        assert recorded.writes[1:] == [b"HTTP/1.1 200 OK\r\n\r\n"]
        large = b"x" * CoalescingTransport.HOLD_BELOW
        transport.write(large)  # straight through, never copied
        assert recorded.writes[2] is large
        assert transport.get_write_buffer_size() == 0  # the rest is the real transport's

    asyncio.run(scenario())


def test_closing_sends_what_is_held_and_a_gone_client_gets_nothing_more():
    async def scenario():
        recorded = RecordingTransport()
        transport = CoalescingTransport(recorded, asyncio.get_running_loop())
        transport.write(b"problem")
        transport.close()
        assert recorded.writes == [b"problem"] and recorded.closed
        gone = RecordingTransport()
        transport = CoalescingTransport(gone, asyncio.get_running_loop())
        transport.write(b"HTTP/1.1 200 OK\r\n\r\n")
        gone.closed = True  # connection lost before the iteration ended
        await asyncio.sleep(0)
        assert gone.writes == []
        ending = RecordingTransport()
        transport = CoalescingTransport(ending, asyncio.get_running_loop())
        transport.writelines([b"HTTP/1.1 200 OK\r\n", b"\r\n"])
        transport.write_eof()  # after what is held, never before it
        assert ending.writes == [b"HTTP/1.1 200 OK\r\n\r\n", b"<eof>"]

    asyncio.run(scenario())
