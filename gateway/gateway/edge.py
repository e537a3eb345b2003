"""The forwarding path: one raw ASGI callable, no framework on the hot path.

It runs under uvicorn's worker (uvloop, httptools) in gunicorn. Order of the checks, all
inside the request's span (tracing.py): request id, CORS preflight, path safety, route,
token, rate limits, body size, circuit breaker, then the upstream. Every refusal is
problem+json. The gateway's own endpoints (health, metrics, OpenAPI, docs) are a Flask
app, reached through a WSGI adapter.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time

from servicekit.jsonlimits import MAX_DEPTH, too_deeply_nested
from servicekit.metricseries import series
from servicekit.requestlog import REQUEST_ID_HEADER, choose_request_id
from servicekit.tokens import InvalidToken, KeysUnavailable, TokenVerifier

from . import metrics
from .cors import Cors
from .headers import client_headers, response_headers, trusted_hops
from .messages import Answer, ClientGone, Refusal, Request, encoded, read_body
from .paths import unsafe_reason
from .ratelimit import RateLimiter
from .routes import is_public
from .tracing import EdgeTracing
from .upstream import Upstream, UpstreamBroken, UpstreamTimeout, UpstreamUnavailable

log = logging.getLogger("gateway.access")
LOGIN_PATH, REGISTER_PATH = "/api/v1/auth/login", "/api/v1/auth/register"
METRIC_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
REQUEST_ID = REQUEST_ID_HEADER.lower().encode()


class Edge:
    def __init__(
        self,
        config: dict,
        *,
        verifier: TokenVerifier,
        limiter: RateLimiter,
        upstreams: dict[str, Upstream],
        cors: Cors,
        own_app,
        tracing: EdgeTracing,
    ) -> None:
        self.config = config
        self.verifier = verifier
        self.limiter = limiter
        self.upstreams = upstreams
        self.cors = cors
        self.tracing = tracing
        self.own_app = own_app  # ASGI: health, readiness, metrics, merged OpenAPI, docs
        self._breakers_shown: dict[str, int] = {}

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return  # no WebSockets in this API; the server closes the connection
        # The path as the client sent it (raw_path), checked before anything routes on it.
        path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
        if not path.startswith(("/api/v1/", "/.well-known/")):
            await self.own_app(scope, receive, send)
            return
        request = Request(scope, path)
        request_id = choose_request_id(request.header("x-request-id"))
        span, token = self.tracing.start(request, request_id)
        status = None
        try:
            status = await self._serve(request, request_id, receive, send)
        finally:
            self.tracing.finish(span, token, status)

    async def _serve(self, request: Request, request_id: str, receive, send) -> int | None:
        """Answer one API request; its status, or None when the client left first."""
        started = time.perf_counter()
        extra = [
            (REQUEST_ID, request_id.encode()),
            *encoded(self.cors.response_headers(request.header("origin"))),
        ]
        try:
            response = await self._handle(request, receive, request_id)
        except Refusal as refusal:
            response = Answer.refusal(refusal, request_id)
            if response.close:  # hop-by-hop, so set here, after the upstream headers' filter
                extra.append((b"connection", b"close"))
        except ClientGone:
            return None
        await send(
            {
                "type": "http.response.start",
                "status": response.status,
                "headers": [*response_headers(response.headers), *extra],
            }
        )
        self._record(request, response.status, started, request_id)  # to first byte
        async for piece in response.body():
            # Awaiting send is the back-pressure: a slow client slows the reads upstream.
            await send({"type": "http.response.body", "body": piece, "more_body": True})
        await send({"type": "http.response.body", "body": b""})
        return response.status

    async def _handle(self, request: Request, receive, request_id: str):
        origin = request.header("origin")
        if request.method == "OPTIONS" and request.header("access-control-request-method"):
            return Answer(204, self.cors.preflight_headers(origin))
        reason = unsafe_reason(request.path)
        if reason:
            raise Refusal(400, reason)
        if request.repeated:
            raise Refusal(400, f"The {request.repeated} header may be sent only once.")
        upstream_name = request.upstream
        if upstream_name is None:
            raise Refusal(404, "No such API route.")
        await self._authenticate(request)
        request.hops = trusted_hops(
            request.peer, request.header("x-forwarded-for"), self.config["PROXIES"]
        )
        client = request.hops[0]
        wait = await self._limit(self.limiter.general, client)
        if wait:
            raise Refusal(429, "Too many requests; slow down.", [("Retry-After", str(wait))])
        config = self.config
        body = await read_body(
            request, receive, limit=config["MAX_BODY_BYTES"], timeout=config["BODY_TIMEOUT"]
        )
        if request.method == "POST" and request.path == LOGIN_PATH:
            await self._limit_logins(client, body)
        if request.method == "POST" and request.path == REGISTER_PATH:
            wait = await self._limit(self.limiter.register, client)
            if wait:
                raise Refusal(
                    429, "Too many new accounts; try again later.", [("Retry-After", str(wait))]
                )
        return await self._forward(request, upstream_name, body, request_id)

    async def _limit(self, check, *args) -> int | None:
        # A limiter kept in Redis does network I/O: off the event loop with it.
        if self.limiter.blocking:
            return await asyncio.to_thread(check, *args)
        return check(*args)

    async def _authenticate(self, request: Request) -> None:
        header = request.header("authorization")
        if header is None:
            if not is_public(request.method, request.path):
                raise Refusal(
                    401, "This route needs an access token.", [("WWW-Authenticate", "Bearer")]
                )
            return
        scheme, _, token = header.partition(" ")
        token = token.strip()
        try:
            if scheme.lower() != "bearer" or not token:
                raise InvalidToken("not a bearer token")
            if not self.verifier.is_known(token):
                # A first sight may fetch the JWKS: a blocking call, so in a thread.
                await asyncio.to_thread(self.verifier.verify, token)
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

    async def _limit_logins(self, client: str, body: bytes | None) -> None:
        if too_deeply_nested(body or b""):
            raise Refusal(400, f"The request body nests more than {MAX_DEPTH} levels deep.")
        try:
            email = json.loads(body or b"{}").get("email")
        except (ValueError, AttributeError):
            return  # the users service answers malformed bodies itself
        if isinstance(email, str):
            wait = await self._limit(self.limiter.login, client, email)
            if wait:
                raise Refusal(
                    429, "Too many sign-in attempts; try again later.", [("Retry-After", str(wait))]
                )

    async def _forward(self, request: Request, upstream_name: str, body, request_id: str):
        upstream = self.upstreams[upstream_name]
        if not upstream.breaker.allow():
            self._show_breaker(upstream_name, 1)
            raise Refusal(
                503,
                f"The {upstream_name} service is unavailable.",
                [("Retry-After", str(upstream.breaker.retry_after()))],
            )
        headers = client_headers(request.headers)
        if body is not None:
            headers.append((b"content-length", str(len(body)).encode()))
        headers += [
            (b"x-forwarded-for", ", ".join(request.hops).encode("latin-1")),
            (b"x-forwarded-proto", request.scheme.encode()),
            (b"x-forwarded-host", (request.header("host") or "").encode("latin-1")),
            (REQUEST_ID, request_id.encode()),
        ]
        try:
            with self.tracing.forwarding(upstream_name, request.method):
                headers += self.tracing.headers()
                return await upstream.request(request.method, request.target, headers, body)
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
            self._show_breaker(upstream_name, int(upstream.breaker.state != "closed"))

    def _show_breaker(self, upstream_name: str, is_open: int) -> None:
        # Set when it changes, not on every forward: a multiprocess gauge's set takes a
        # lock and writes the worker's file.
        if self._breakers_shown.get(upstream_name) != is_open:
            metrics.BREAKER_OPEN.labels(upstream_name).set(is_open)
            self._breakers_shown[upstream_name] = is_open

    def _record(self, request: Request, code: int, started, request_id) -> None:
        elapsed = time.perf_counter() - started
        path, upstream_name = request.path, request.upstream or "-"
        # Labels come from the route table and a closed set of methods, never from the
        # client's path: a flood of made-up paths adds no series.
        method = request.method if request.method in METRIC_METHODS else "other"
        series(metrics.REQUESTS, request.route, method, str(code), upstream_name).inc()
        series(metrics.LATENCY, upstream_name).observe(elapsed)
        log.info(
            "request",
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": path,
                "status": code,
                "upstream": upstream_name,
                "duration_ms": round(elapsed * 1000, 2),
                "remote_addr": request.peer,
            },
        )

    async def _lifespan(self, receive, send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                for upstream in self.upstreams.values():
                    upstream.close()
                await send({"type": "lifespan.shutdown.complete"})
                return
