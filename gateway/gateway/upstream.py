"""Keep-alive connections to each service, and forwarding through them.

The forwarding path runs on the worker's event loop: each request goes out in one write
(head and body together), and the answer is parsed by httptools (llhttp, in C) as it
arrives (connection.py), so the body can be streamed on without being held whole. Why
this design: docs/architecture.md, "Why the gateway's forwarding path is built the way it is".

Retries: a request is sent again only when it never reached the service, and only when
repeating it cannot do anything twice (idempotent methods): after a refused connection,
or when a kept-alive connection turns out to have been closed by the service before it
answered a byte.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import urlsplit

from .breaker import CircuitBreaker
from .connection import Connection, Stale, UpstreamBroken, UpstreamTimeout, UpstreamUnavailable
from .pool import Pool

__all__ = ["Upstream", "UpstreamBroken", "UpstreamTimeout", "UpstreamUnavailable"]
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


class UpstreamResponse:
    """An answer whose head has arrived; the body is read on as the client takes it."""

    def __init__(self, upstream: Upstream, connection: Connection, answer, bodyless: bool):
        self._upstream, self._connection = upstream, connection
        self.status = answer.status
        self.headers = answer.headers
        self._keep_alive = answer.keep_alive
        self._bodyless = bodyless  # HEAD: whatever Content-Length says, nothing follows

    async def body(self) -> AsyncIterator[bytes]:
        connection, timeout = self._connection, self._upstream.read_timeout
        try:
            if not self._bodyless:
                while pieces := await connection.next_pieces(timeout):
                    for piece in pieces:
                        yield piece
        except BaseException:
            connection.close()
            raise
        if self._keep_alive and (self._bodyless or connection.answered):
            self._upstream.pool.give_back(connection)
        else:
            connection.close()


class Upstream:
    def __init__(
        self,
        name: str,
        url: str,
        *,
        connect_timeout: float,
        read_timeout: float,
        pool_size: int,
        breaker: CircuitBreaker,
        max_idle: float = 1.5,
    ) -> None:
        parts = urlsplit(url)
        self.name = name
        self.breaker = breaker
        self.connect_timeout, self.read_timeout = connect_timeout, read_timeout
        self.host_header = parts.netloc.encode("latin-1")
        self.pool = Pool(parts.hostname, parts.port or 80, size=pool_size, max_idle=max_idle)

    def _head(self, method: str, target: str, headers: list[tuple[bytes, bytes]]) -> bytes:
        lines = [f"{method} {target} HTTP/1.1".encode("latin-1"), b"Host: " + self.host_header]
        lines += [name + b": " + value for name, value in headers]
        return b"\r\n".join(lines) + b"\r\n\r\n"

    async def request(
        self, method: str, target: str, headers: list[tuple[bytes, bytes]], body: bytes | None
    ) -> UpstreamResponse:
        """Send the request; the answer's head is read, its body left for streaming."""
        message = self._head(method, target, headers) + (body or b"")
        try:
            response = await self._send(method, message)
        except (UpstreamUnavailable, UpstreamTimeout, UpstreamBroken):
            self.breaker.record_failure()
            raise
        if response.status in (502, 503, 504):
            self.breaker.record_failure()
        else:
            self.breaker.record_success()
        return response

    async def _send(self, method: str, message: bytes) -> UpstreamResponse:
        """Send once; send again, once, on a new connection when the first try never reached
        the service and repeating the method cannot do anything twice."""
        try:
            return await self._exchange(method, message, self.pool.take())
        except Stale:
            if method not in IDEMPOTENT:
                raise UpstreamBroken("the kept-alive connection was closed") from None
        except UpstreamUnavailable:
            if method not in IDEMPOTENT:
                raise
        # A new connection is never stale, so this try ends in an answer or a real failure.
        return await self._exchange(method, message, None)

    async def _exchange(
        self, method: str, message: bytes, connection: Connection | None
    ) -> UpstreamResponse:
        if connection is None:
            try:
                connection = await self.pool.connect(self.connect_timeout)
            except (OSError, TimeoutError) as exc:
                raise UpstreamUnavailable(str(exc) or "connect timed out") from None
        try:
            answer = connection.send(message)
            await connection.read_head(self.read_timeout)
        except BaseException:
            connection.close()
            raise
        bodyless = method == "HEAD" or answer.status in (204, 304)
        return UpstreamResponse(self, connection, answer, bodyless)

    def close(self) -> None:
        self.pool.close()
