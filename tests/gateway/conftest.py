from __future__ import annotations

import http.client
import json
import threading
import time

import pytest
import uvicorn
from gateway.shared import SharedState
from gateway.worker import GatewayWorker
from servicekit.testing import LocalServer, clear_of_a_window_edge

from gateway import create_app


class GatewayServer:
    """The gateway's ASGI app under uvicorn (as in production: uvloop, httptools), in a
    thread, on 127.0.0.1 and a free port."""

    def __init__(self, app, **server_settings) -> None:
        settings = {**GatewayWorker.CONFIG_KWARGS, **server_settings}
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, **settings)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the gateway did not start")
            time.sleep(0.01)
        port = self._server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


class RecordingUpstream:
    """A stand-in service that records every request it receives and echoes it back.

    Special paths make it misbehave: /slow sleeps, /status/N answers N, /big sends 3 MiB.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.requests: list[dict] = []
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        headers = {
            k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        seen = {
            "method": environ["REQUEST_METHOD"],
            "path": environ.get("REQUEST_URI"),
            "headers": headers,
            "body": body.decode("latin-1"),
        }
        with self._lock:
            self.requests.append(seen)
        path = environ["PATH_INFO"]
        if path.endswith("/slow"):
            time.sleep(1.5)
        if "/status/" in path:
            status = int(path.rsplit("/", 1)[1])
            start_response(f"{status} X", [("Content-Length", "0")] if status != 204 else [])
            return []
        if path.endswith("/big"):
            chunk = b"x" * (1024 * 1024)
            start_response(
                "200 OK",
                [
                    ("Content-Type", "application/octet-stream"),
                    ("Content-Length", str(3 * len(chunk))),
                ],
            )
            return [chunk, chunk, chunk]
        if path in ("/readyz", "/openapi.json"):
            payload = (
                {"status": "ready"}
                if path == "/readyz"
                else {
                    "openapi": "3.1.0",
                    "info": {"title": self.name, "version": "1"},
                    "paths": {f"/api/v1/{self.name}": {"get": {"summary": "x"}}},
                    "components": {
                        "schemas": {"Problem": {"type": "object"}, "Item": {"title": self.name}}
                    },
                }
            )
            data = json.dumps(payload).encode()
            start_response(
                "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]
            )
            return [data]
        data = json.dumps({"upstream": self.name, **seen}).encode()
        start_response(
            "200 OK",
            [
                ("Content-Type", "application/json"),
                ("Content-Length", str(len(data))),
                ("Content-Encoding", "identity"),
                ("X-Upstream", self.name),
            ],
        )
        return [data]

    def forget(self) -> None:
        with self._lock:
            self.requests.clear()


@pytest.fixture(scope="session")
def upstreams():
    recorders = {name: RecordingUpstream(name) for name in ("users", "jobs", "reviews")}
    servers = {name: LocalServer(app) for name, app in recorders.items()}
    yield recorders, servers
    for server in servers.values():
        server.stop()


def start_gateway(upstream_urls, token_issuer, server_settings=None, **overrides):
    # Each gateway its own shared state, as each gunicorn master makes one for its workers.
    app = create_app(
        {
            "APP_ENV": "test",
            "UPSTREAMS": upstream_urls,
            "JWKS_URL": token_issuer.jwks_url,
            "READ_TIMEOUT": 0.5,
            "BREAKER_COOLDOWN": 0.5,
            "CORS_ORIGINS": ["http://localhost:5173"],
            "RATE_LIMIT_PER_MINUTE": 10_000,
            **overrides,
        },
        shared=SharedState(),
    )
    return GatewayServer(app, **(server_settings or {}))


@pytest.fixture(scope="session")
def gateway(upstreams, token_issuer):
    _, servers = upstreams
    server = start_gateway({n: s.url for n, s in servers.items()}, token_issuer)
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _forget_requests(upstreams):
    for recorder in upstreams[0].values():
        recorder.forget()


class Client:
    """Raw HTTP to the gateway: http.client sends the path exactly as written."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.host, self.port = url.removeprefix("http://").split(":")

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(self.host, int(self.port), timeout=10)
        try:
            if isinstance(body, dict):
                body = json.dumps(body)
                headers = {"Content-Type": "application/json", **(headers or {})}
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            response.body = response.read()
            return response
        finally:
            connection.close()

    def json(self, response):
        return json.loads(response.body)


@pytest.fixture
def client(gateway):
    return Client(gateway.url)


@pytest.fixture
def fresh_gateway(upstreams, token_issuer):
    """A gateway of its own, for tests that change limits or break upstreams."""
    started = []

    def start(urls=None, server_settings=None, **overrides):
        urls = urls or {n: s.url for n, s in upstreams[1].items()}
        server = start_gateway(urls, token_issuer, server_settings, **overrides)
        started.append(server)
        clear_of_a_window_edge(5)  # the limit tests count within one limit window
        return Client(server.url)

    yield start
    for server in started:
        server.stop()
