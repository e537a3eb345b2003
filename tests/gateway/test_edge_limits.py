"""The edge's own HTTP limits: every refusal is problem+json from the gateway itself, before
any service (and its gunicorn, which would answer with an HTML page) sees the request."""

import http.client
import json
import socket
import time

import pytest
from gateway.protocol import GatewayHttpProtocol


def _raw(client, data: bytes, timeout: float = 5.0) -> tuple[int, dict, bytes]:
    """Send bytes as they are; the one answer that comes back, parsed."""
    with socket.create_connection((client.host, int(client.port)), timeout=timeout) as sock:
        sock.sendall(data)
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, dict(response.getheaders()), response.read()


def _problem_status(answer) -> int:
    status, headers, body = answer
    assert headers["content-type"] == "application/problem+json", headers
    assert json.loads(body)["status"] == status
    return status


def test_a_4_kb_request_target_is_414_problem(client, upstreams):
    response = client.request("GET", "/api/v1/jobs/" + "a" * 4100)
    assert response.status == 414
    assert response.getheader("Content-Type") == "application/problem+json"
    assert upstreams[0]["jobs"].requests == []


def test_a_9_kb_header_is_431_problem(client, upstreams):
    response = client.request("GET", "/api/v1/jobs", headers={"X-Big": "b" * 9000})
    assert response.status == 431
    assert response.getheader("Content-Type") == "application/problem+json"
    assert upstreams[0]["jobs"].requests == []


def test_too_many_header_fields_are_431_problem(client):
    headers = "".join(f"X-Field-{n}: v\r\n" for n in range(120))
    answer = _raw(client, f"GET /api/v1/jobs HTTP/1.1\r\nHost: x\r\n{headers}\r\n".encode())
    assert _problem_status(answer) == 431


@pytest.mark.parametrize("name", ["Content-Type", "Authorization", "Host", "Content-Length"])
def test_a_single_valued_header_sent_twice_is_400_problem(client, upstreams, name):
    values = {
        "Content-Type": "application/json",
        "Authorization": "Bearer x",
        "Host": "a",
        "Content-Length": "2",
    }
    request = (
        f"POST /api/v1/jobs HTTP/1.1\r\nHost: gateway\r\n{name}: {values[name]}\r\n"
        f"{name}: {values[name]}\r\nContent-Length: 2\r\n\r\n{{}}"
    )
    if name in ("Host", "Content-Length"):
        request = request.replace("Host: gateway\r\n", "", name == "Host")
    assert _problem_status(_raw(client, request.encode())) == 400
    assert upstreams[0]["jobs"].requests == []


def test_unparsable_http_is_400_problem_not_plain_text(client):
    assert _problem_status(_raw(client, b"GET /api/v1/jobs HTTP/1.1\r\nBad Header\r\n\r\n")) == 400


class QuickHeaders(GatewayHttpProtocol):
    header_timeout = 1.0


class FewConnections(GatewayHttpProtocol):
    max_connections = 3


def test_half_sent_requests_are_closed_after_the_header_timeout(fresh_gateway):
    client = fresh_gateway(server_settings={"http": QuickHeaders})
    slow = []
    for _ in range(8):
        sock = socket.create_connection((client.host, int(client.port)), timeout=5)
        sock.sendall(b"GET /api/v1/jobs HTTP/1.1\r\nHost: x\r\nX-Slow: ")  # never finished
        slow.append(sock)
    idle = socket.create_connection((client.host, int(client.port)), timeout=5)  # sends nothing
    time.sleep(1.5)
    try:
        for sock in [*slow, idle]:
            response = http.client.HTTPResponse(sock)
            response.begin()
            answer = response.status, dict(response.getheaders()), response.read()
            assert _problem_status(answer) == 408
            assert sock.recv(1) == b""  # and the gateway closed the connection
    finally:
        for sock in [*slow, idle]:
            sock.close()
    assert client.request("GET", "/api/v1/jobs").status == 200  # the worker still serves


def test_past_the_connection_limit_a_new_connection_gets_503(fresh_gateway):
    client = fresh_gateway(server_settings={"http": FewConnections})
    held = [socket.create_connection((client.host, int(client.port)), timeout=5) for _ in range(3)]
    try:
        time.sleep(0.2)
        answer = _raw(client, b"")  # the gateway answers as the connection opens
        assert _problem_status(answer) == 503
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.2)
    assert client.request("GET", "/api/v1/jobs").status == 200


def test_a_body_that_never_arrives_is_408(fresh_gateway, upstreams):
    client = fresh_gateway(BODY_TIMEOUT=0.5)
    answer = _raw(
        client,
        b"POST /api/v1/auth/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 100\r\n\r\n{",
    )
    assert _problem_status(answer) == 408
    assert answer[1]["connection"] == "close"
    assert upstreams[0]["users"].requests == []
