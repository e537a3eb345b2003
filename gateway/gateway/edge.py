"""The forwarding path: one plain WSGI callable, no framework on the hot path.

Order of the checks: request id, CORS preflight, path safety, route, token, rate limits,
body size, circuit breaker, then the upstream. Every refusal is problem+json.
"""

from __future__ import annotations

import json
import logging
import time

from servicekit.requestlog import REQUEST_ID_HEADER, choose_request_id
from servicekit.tokens import InvalidToken, KeysUnavailable

from . import metrics
from .cors import Cors
from .headers import client_address, client_headers, forwarded_for, response_headers
from .paths import raw_path, unsafe_reason
from .problems import problem
from .ratelimit import RateLimiter
from .routes import is_public, upstream_for
from .tokencache import CachingVerifier
from .upstream import StreamedBody, Upstream, UpstreamBroken, UpstreamTimeout, UpstreamUnavailable

log = logging.getLogger("gateway.access")
LOGIN_PATH = "/api/v1/auth/login"
BODYLESS_STATUSES = (204, 304)


class Refusal(Exception):
    def __init__(self, status: int, detail: str, headers: list[tuple[str, str]] | None = None):
        super().__init__(detail)
        self.status, self.detail, self.headers = status, detail, headers or []


class Edge:
    def __init__(
        self,
        config: dict,
        *,
        verifier: CachingVerifier,
        limiter: RateLimiter,
        upstreams: dict[str, Upstream],
        cors: Cors,
        own_app,
    ) -> None:
        self.config = config
        self.verifier = verifier
        self.limiter = limiter
        self.upstreams = upstreams
        self.cors = cors
        self.own_app = own_app  # health, readiness, metrics, merged OpenAPI, docs

    def __call__(self, environ, start_response):
        request_id = choose_request_id(environ.get("HTTP_X_REQUEST_ID"))
        environ["jobsight.request_id"] = request_id
        path = raw_path(environ)
        if not path.startswith(("/api/v1/", "/.well-known/")):
            return self.own_app(environ, start_response)
        started = time.perf_counter()
        upstream_name = upstream_for(path) or "-"
        try:
            status, headers, body = self._handle(environ, path, request_id)
        except Refusal as refusal:
            status, headers, body_bytes = problem(
                refusal.status, refusal.detail, request_id, refusal.headers
            )
            body = [body_bytes]
        headers = [
            *headers,
            (REQUEST_ID_HEADER, request_id),
            *self.cors.response_headers(environ.get("HTTP_ORIGIN")),
        ]
        start_response(status, headers)
        self._record(environ, path, status, upstream_name, started, request_id)
        return body

    def _handle(self, environ, path: str, request_id: str):
        method = environ["REQUEST_METHOD"]
        if method == "OPTIONS" and environ.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD"):
            return "204 No Content", self.cors.preflight_headers(environ.get("HTTP_ORIGIN")), []
        reason = unsafe_reason(path)
        if reason:
            raise Refusal(400, reason)
        upstream_name = upstream_for(path)
        if upstream_name is None:
            raise Refusal(404, "No such API route.")
        self._authenticate(environ, method, path)
        client = client_address(environ, self.config["TRUSTED_PROXIES"])
        wait = self.limiter.general(client)
        if wait:
            raise Refusal(429, "Too many requests; slow down.", [("Retry-After", str(wait))])
        body = self._read_body(environ)
        if method == "POST" and path == LOGIN_PATH:
            self._limit_logins(client, body)
        return self._forward(environ, upstream_name, method, body, request_id)

    def _authenticate(self, environ, method: str, path: str) -> None:
        header = environ.get("HTTP_AUTHORIZATION")
        if header is None:
            if not is_public(method, path):
                raise Refusal(
                    401, "This route needs an access token.", [("WWW-Authenticate", "Bearer")]
                )
            return
        scheme, _, token = header.partition(" ")
        try:
            if scheme.lower() != "bearer" or not token.strip():
                raise InvalidToken("not a bearer token")
            self.verifier.verify(token.strip())
        except InvalidToken:
            raise Refusal(
                401,
                "The access token is invalid or expired.",
                [("WWW-Authenticate", 'Bearer error="invalid_token"')],
            ) from None
        except KeysUnavailable:
            raise Refusal(
                503, "The keys that verify access tokens are unavailable.", [("Retry-After", "5")]
            ) from None

    def _read_body(self, environ) -> bytes | None:
        limit = self.config["MAX_BODY_BYTES"]
        length = environ.get("CONTENT_LENGTH")
        if length:
            try:
                size = int(length)
            except ValueError:
                raise Refusal(400, "Content-Length is not a number.") from None
            if size > limit:  # refused before a byte of it is read
                raise Refusal(413, f"Request bodies are limited to {limit} bytes.")
            return environ["wsgi.input"].read(size) if size else None
        if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            data = environ["wsgi.input"].read(limit + 1)
            if len(data) > limit:
                raise Refusal(413, f"Request bodies are limited to {limit} bytes.")
            return data
        return None

    def _limit_logins(self, client: str, body: bytes | None) -> None:
        try:
            email = json.loads(body or b"{}").get("email")
        except (ValueError, AttributeError):
            return  # the users service answers malformed bodies itself
        if isinstance(email, str):
            wait = self.limiter.login(client, email)
            if wait:
                raise Refusal(
                    429, "Too many sign-in attempts; try again later.", [("Retry-After", str(wait))]
                )

    def _forward(
        self, environ, upstream_name: str, method: str, body: bytes | None, request_id: str
    ):
        upstream = self.upstreams[upstream_name]
        if not upstream.breaker.allow():
            metrics.BREAKER_OPEN.labels(upstream_name).set(1)
            raise Refusal(
                503,
                f"The {upstream_name} service is unavailable.",
                [("Retry-After", str(upstream.breaker.retry_after()))],
            )
        headers = client_headers(environ)
        if body is not None:
            headers.append(("Content-Length", str(len(body))))
        headers += [
            ("X-Forwarded-For", forwarded_for(environ, self.config["TRUSTED_PROXIES"])),
            ("X-Forwarded-Proto", environ.get("wsgi.url_scheme", "http")),
            ("X-Forwarded-Host", environ.get("HTTP_HOST", "")),
            (REQUEST_ID_HEADER, request_id),
        ]
        target = environ.get("RAW_URI") or environ.get("REQUEST_URI") or raw_path(environ)
        try:
            response = upstream.request(method, target, headers, body)
        except UpstreamUnavailable:
            raise Refusal(
                503,
                f"The {upstream_name} service is unavailable.",
                [("Retry-After", str(upstream.breaker.retry_after()))],
            ) from None
        except UpstreamTimeout:
            raise Refusal(504, f"The {upstream_name} service did not answer in time.") from None
        except UpstreamBroken:
            raise Refusal(502, f"The {upstream_name} service dropped the connection.") from None
        finally:
            metrics.BREAKER_OPEN.labels(upstream_name).set(int(upstream.breaker.state != "closed"))
        status = f"{response.status} {response.reason or ''}".strip()
        headers = [
            (n, v)
            for n, v in response_headers(response.headers)
            if n.lower() != REQUEST_ID_HEADER.lower()
        ]
        if method == "HEAD" or response.status in BODYLESS_STATUSES:
            response.drain_conn()
            response.release_conn()
            return status, headers, []
        return status, headers, StreamedBody(response)

    def _record(self, environ, path, status, upstream_name, started, request_id) -> None:
        elapsed = time.perf_counter() - started
        code = status.split(" ", 1)[0]
        # The route family ("/api/v1/jobs"), never the full path: labels must stay few.
        route = "/".join(path.split("/")[:4]) if path.startswith("/api/") else "/.well-known"
        metrics.REQUESTS.labels(route, environ["REQUEST_METHOD"], code, upstream_name).inc()
        metrics.LATENCY.labels(upstream_name).observe(elapsed)
        log.info(
            "request",
            extra={
                "request_id": request_id,
                "method": environ["REQUEST_METHOD"],
                "path": path,
                "status": int(code),
                "upstream": upstream_name,
                "duration_ms": round(elapsed * 1000, 2),
                "remote_addr": environ.get("REMOTE_ADDR"),
            },
        )
