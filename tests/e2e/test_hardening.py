"""What an attacker tried against the running stack, refused as a new user would see it.

Each test is one class of weakness from the hardening round, through the gateway with
every process running as `make dev` runs them (two workers per process, no Redis). The
mechanisms are unit-tested where they live; the slow or process-level ones (header
timeouts, frozen services, per-client limits across workers) in tests/gateway.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import socket
import uuid
from urllib.parse import urlsplit

from servicekit.config import DEV_SECRET_KEY
from servicekit.testing import clear_of_a_window_edge


def _raw(base: str, request: bytes) -> tuple[int, str, bytes]:
    """Bytes exactly as written; the one answer, as (status, content type, body)."""
    address = urlsplit(base)
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall(request)
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, response.getheader("Content-Type"), response.read()


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    return response.json()


def _a_job(owner) -> dict:
    """A new company with one job, added by `owner` (signed in)."""
    company = owner.call("POST", "/api/v1/companies", json={"name": f"Co {uuid.uuid4().hex}"})
    job = owner.call(
        "POST",
        "/api/v1/jobs",
        json={"company_id": company.json()["id"], "title": "Dev", "employment_type": "co-op"},
    )
    assert job.status_code == 201, job.text
    return job.json()


def test_the_login_limit_holds_across_workers_and_path_spellings(visitor):
    clear_of_a_window_edge(25)  # twelve sign-ins, all within one limit window
    attacker, email = visitor(), f"victim-{uuid.uuid4().hex[:8]}@example.com"
    body = {"email": email, "password": "wrong password"}
    statuses = [attacker.call("POST", "/api/v1/auth/login", json=body).status_code]
    data = json.dumps(body).encode()
    for spelling in (b"/api/v1/auth/%6Cogin", b"/api/v1/auth/l%6fgin"):
        request = b"POST " + spelling + b" HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
        request += b"\r\nContent-Length: %d\r\n\r\n%s" % (len(data), data)
        assert _raw(attacker.base, request)[:2] == (400, "application/problem+json")
    statuses += [attacker.call("POST", "/api/v1/auth/login", json=body).status_code]
    statuses += [
        attacker.call(
            "POST", "/api/v1/auth/login", json=body, headers={"X-Forwarded-For": f"10.9.9.{n}"}
        ).status_code
        for n in range(10)
    ]
    assert statuses == [401] * 10 + [429] * 2  # rotating X-Forwarded-For did not help


def test_one_account_cannot_read_back_a_victims_salary(visitor):
    owner = visitor()
    owner.sign_up()
    job = _a_job(owner)
    salary = {"job_id": job["id"], "currency": "CAD", "period": "hourly"}
    owner.call("POST", "/api/v1/salaries", json={**salary, "amount": 37.21})  # the victim's
    attacker = visitor()
    attacker.sign_up()
    for amount in (1, 99, 99, 99):
        attacker.call("POST", "/api/v1/salaries", json={**salary, "amount": amount})
    (group,) = visitor().call("GET", f"/api/v1/salaries/stats?job_id={job['id']}").json()["groups"]
    assert group["count"] == 5
    assert group["median"] is None and "min" not in group and "max" not in group


def test_a_stolen_token_cannot_guess_the_password(visitor):
    owner = visitor()
    owner.sign_up()
    change = {"password": "a new long password"}
    for guess in range(5):
        wrong = {**change, "current_password": f"guess {guess}"}
        _problem(owner.call("PATCH", "/api/v1/users/me", json=wrong), 403)
    right = {**change, "current_password": "a long password"}
    refused = owner.call("PATCH", "/api/v1/users/me", json=right)
    _problem(refused, 429)
    assert int(refused.headers["Retry-After"]) >= 1


def test_hostile_bodies_and_strings_get_4xx_problems_never_500(visitor):
    anyone = visitor()
    deep = anyone.call(
        "POST",
        "/api/v1/auth/register",
        data="[" * 100_000,
        headers={"Content-Type": "application/json"},
    )
    _problem(deep, 400)
    for field, value in (("email", "a\x00b@example.com"), ("password", "pass\ud800word")):
        body = {"email": "x@example.com", "password": "a long password", field: value}
        data = json.dumps(body)  # escapes the surrogate as \ud800, as a hostile client would
        response = anyone.call(
            "POST", "/api/v1/auth/login", data=data, headers={"Content-Type": "application/json"}
        )
        assert _problem(response, 422)["errors"][field]
    writer = visitor()
    writer.sign_up()
    oversized = {"company_name": "A", "position_title": "B", "contacts": [{"name": "x"}] * 60_000}
    _problem(writer.call("POST", "/api/v1/applications", json=oversized), 422)


def test_a_validly_signed_cursor_with_a_wrong_typed_id_is_422(visitor):
    # make dev's SECRET_KEY is public: anyone can sign a cursor for it.
    payload = json.dumps(["companies:name", ["Acme", 12345]], separators=(",", ":")).encode()
    signature = hmac.new(DEV_SECRET_KEY.encode(), payload, hashlib.sha256).digest()[:16]
    cursor = base64.urlsafe_b64encode(signature + payload).decode().rstrip("=")
    response = visitor().call("GET", f"/api/v1/companies?cursor={cursor}")
    assert "cursor" in _problem(response, 422)["errors"]


def test_what_gunicorn_would_answer_with_html_the_gateway_answers_with_problems(stack):
    base = stack.url("gateway")
    cases = {
        431: b"GET /api/v1/jobs HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 9000 + b"\r\n\r\n",
        414: b"GET /api/v1/jobs/" + b"a" * 4100 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
        400: b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Type: text/html\r\nContent-Length: 2\r\n\r\n{}",
    }
    for status, request in cases.items():
        assert _raw(base, request)[:2] == (status, "application/problem+json")


def test_redirects_never_follow_the_clients_host(stack):
    answer = _raw(stack.url("gateway"), b"GET /api/docs HTTP/1.1\r\nHost: evil.example\r\n\r\n")
    assert answer[0] == 308
    head = http.client.HTTPConnection(urlsplit(stack.url("gateway")).netloc, timeout=10)
    head.request("GET", "/api/docs", headers={"Host": "evil.example"})
    assert head.getresponse().getheader("Location") == "/api/docs/"


def test_hidden_reviews_stay_hidden_and_throwaway_accounts_cannot_hide_one(visitor):
    author = visitor()
    author.sign_up()
    job = _a_job(author)
    review = author.call(
        "POST", "/api/v1/reviews", json={"job_id": job["id"], "title": "Fine", "rating": 3}
    ).json()
    path = f"/api/v1/reviews/{review['id']}"
    for _ in range(3):  # three throwaway accounts flag it
        throwaway = visitor()
        throwaway.sign_up()
        assert throwaway.call("POST", f"{path}/flags", json={"reason": "spam"}).status_code == 201
    assert visitor().call("GET", path).status_code == 200  # still published
    author.call("PATCH", path, json={"title": "Fine, really"})
    stranger = visitor()
    stranger.sign_up()
    missing = stranger.call("DELETE", f"/api/v1/reviews/{uuid.uuid4()}")
    assert missing.status_code == 404
    assert stranger.call("DELETE", path).status_code == 403  # published: its existence is public
