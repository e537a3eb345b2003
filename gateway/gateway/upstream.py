"""Keep-alive connections to each service, and forwarding through them.

The forwarding path runs on the worker's event loop: each request goes out in one write
(head and body together), and the answer is parsed by httptools (llhttp, in C) as it
arrives, so the body can be streamed on without being held whole. Why this design:
docs/architecture.md, "Why the gateway's forwarding path is built the way it is".

Retries: a request is sent again only when it never reached the service, and only when
repeating it cannot do anything twice (idempotent methods): after a refused connection,
or when a kept-alive connection turns out to have been closed by the service before it
answered a byte.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import httptools

from .breaker import CircuitBreaker
from .pool import READ_SIZE, Connection, Pool

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


class UpstreamUnavailable(Exception):
    """The service could not be reached (refused, unreachable, connect timeout)."""


class UpstreamTimeout(Exception):
    """The service accepted the request but did not answer in time."""


class UpstreamBroken(Exception):
    """The service dropped the connection or sent something that is not HTTP."""


class _Stale(Exception):
    """A kept-alive connection was closed (or reset) before the service answered a byte."""


class _Parsed:
    """httptools callbacks: the status, headers and body pieces of one response."""

    def __init__(self) -> None:
        self.parser = httptools.HttpResponseParser(self)
        self.headers: list[tuple[bytes, bytes]] = []
        self.pieces: list[bytes] = []
        self.status = 0
        self.headers_done = self.complete = self.keep_alive = False

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name, value))

    def on_headers_complete(self) -> None:
        self.status = self.parser.get_status_code()
        if self.status >= 200:  # 1xx: interim answers, the real one follows
            self.headers_done = True
            # Known only now: llhttp forgets it once the message is complete.
            self.keep_alive = self.parser.should_keep_alive()

    def on_body(self, piece: bytes) -> None:
        self.pieces.append(piece)

    def on_message_complete(self) -> None:
        if self.headers_done:
            self.complete = True
        else:
            self.headers = []

    def feed(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            raise UpstreamBroken("the service switched protocols") from None
        except httptools.HttpParserError as exc:
            raise UpstreamBroken(f"unparsable answer: {exc}") from None

    def take_pieces(self) -> list[bytes]:
        pieces, self.pieces = self.pieces, []
        return pieces


class _ReadWindow:
    """One read-timeout window; timeouts and socket errors become the gateway's own.

    A class rather than an @asynccontextmanager: it is entered on every forward, and the
    generator machinery cost more than the timer itself."""

    __slots__ = ("_timeout",)

    def __init__(self, seconds: float) -> None:
        self._timeout = asyncio.timeout(seconds)

    async def __aenter__(self) -> None:
        await self._timeout.__aenter__()

    async def __aexit__(self, kind, error, traceback) -> bool:
        try:
            await self._timeout.__aexit__(kind, error, traceback)
        except TimeoutError:
            raise UpstreamTimeout("no answer within the read timeout") from None
        if kind is not None and issubclass(kind, OSError):
            raise UpstreamBroken(str(error)) from None
        return False


class UpstreamResponse:
    """An answer whose head has arrived; the body is read on as the client takes it."""

    def __init__(self, upstream: Upstream, connection: Connection, parsed: _Parsed, bodyless):
        self._upstream, self._connection, self._parsed = upstream, connection, parsed
        self.status = parsed.status
        self.headers = parsed.headers
        self._bodyless = bodyless  # HEAD: whatever Content-Length says, nothing follows

    async def body(self) -> AsyncIterator[bytes]:
        parsed = self._parsed
        try:
            if not self._bodyless:
                for piece in parsed.take_pieces():
                    yield piece
                while not parsed.complete:
                    data = await self._upstream.read(self._connection)
                    if not data:
                        if parsed.keep_alive:
                            raise UpstreamBroken("the service closed the connection mid-answer")
                        break  # a body that ends when the connection does
                    parsed.feed(data)
                    for piece in parsed.take_pieces():
                        yield piece
        except BaseException:
            self._connection.close()
            raise
        self._release(parsed.complete or self._bodyless)

    def _release(self, finished: bool) -> None:
        if finished and self._parsed.keep_alive:
            self._upstream.pool.give_back(self._connection)
        else:
            self._connection.close()


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

    def _reading(self) -> _ReadWindow:
        return _ReadWindow(self.read_timeout)

    async def read(self, connection: Connection) -> bytes:
        """The next bytes of an answer's body, within the read timeout."""
        async with self._reading():
            return await connection.reader.read(READ_SIZE)

    async def _read_head(self, connection: Connection, parsed: _Parsed) -> None:
        """Read until the answer's head is parsed: one timer for the whole head."""
        received = False
        async with self._reading():
            while not parsed.headers_done:
                try:
                    data = await connection.reader.read(READ_SIZE)
                except ConnectionError:
                    # Reset: the service's process died (a crash, a restart) since this
                    # kept-alive connection was last used, and its kernel refused our bytes.
                    if connection.reused and not received:
                        raise _Stale from None
                    raise
                if not data:
                    if connection.reused and not received:
                        raise _Stale
                    raise UpstreamBroken("the service closed the connection without answering")
                received = True
                parsed.feed(data)

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
        except _Stale:
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
        parsed = _Parsed()
        try:
            connection.writer.write(message)
            if connection.writer.transport.get_write_buffer_size() > READ_SIZE:
                await self._drain(connection)
            await self._read_head(connection, parsed)
        except BaseException:
            connection.close()
            raise
        bodyless = method == "HEAD" or parsed.status in (204, 304)
        return UpstreamResponse(self, connection, parsed, bodyless)

    @staticmethod
    async def _drain(connection: Connection) -> None:
        try:
            await connection.writer.drain()
        except ConnectionError as exc:
            if connection.reused:  # as in _read_head: the service never saw this request
                raise _Stale from None
            raise UpstreamBroken(str(exc)) from None

    def close(self) -> None:
        self.pool.close()
