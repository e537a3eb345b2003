"""One kept-alive connection to a service, as an asyncio Protocol.

What the transport receives goes straight into the answer's parser (httptools, llhttp in
C) from the transport's callback: no StreamReader buffer, no read() coroutine and no
timeout context per piece. The request being answered waits on one future, woken when
something it may need has happened (bytes parsed, the end of the connection, an error),
with one timer for its deadline.

Writes are not awaited: a request is written whole (head and body, bounded by the
gateway's body limit), and the transport sends what the socket does not take at once
while the answer is awaited. A write that fails ends the connection, which the wait sees.
"""

from __future__ import annotations

import asyncio
import time

import httptools

# Body bytes parsed but not yet taken by the client: past this the transport stops
# reading, so a slow client slows the service's connection rather than filling memory.
MAX_PENDING = 64 * 1024


class UpstreamUnavailable(Exception):
    """The service could not be reached (refused, unreachable, connect timeout)."""


class UpstreamTimeout(Exception):
    """The service accepted the request but did not answer in time."""


class UpstreamBroken(Exception):
    """The service dropped the connection or sent something that is not HTTP."""


class Stale(Exception):
    """A kept-alive connection was closed (or reset) before the service answered a byte."""


class Parsed:
    """httptools callbacks: the status, headers and body pieces of one response."""

    __slots__ = (
        "complete",
        "headers",
        "headers_done",
        "keep_alive",
        "parser",
        "pending",
        "pieces",
        "status",
    )

    def __init__(self) -> None:
        self.parser = httptools.HttpResponseParser(self)
        self.headers: list[tuple[bytes, bytes]] = []
        self.pieces: list[bytes] = []
        self.pending = 0  # bytes in pieces
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
        self.pending += len(piece)

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
        pieces, self.pieces, self.pending = self.pieces, [], 0
        return pieces


def _expire(waiter: asyncio.Future) -> None:
    if not waiter.done():
        waiter.set_exception(UpstreamTimeout("no answer within the read timeout"))


class Connection(asyncio.Protocol):
    """A connection to a service, answering one request at a time.

    Between requests it sits in its pool with no answer expected: bytes arriving then
    break the protocol, and the connection is closed."""

    def __init__(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.transport: asyncio.Transport | None = None
        self.idle_since = time.monotonic()
        self.reused = False
        self._answer: Parsed | None = None
        self._received = False  # whether any byte of the current answer has arrived
        self._ended = False  # the service closed the connection, or it broke
        self._error: Exception | None = None  # why, when it broke
        self._waiter: asyncio.Future | None = None
        self._paused = False

    # The transport's callbacks.

    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        answer = self._answer
        if answer is None:
            self.transport.close()  # unasked-for bytes: this connection cannot be trusted
            return
        self._received = True
        try:
            answer.feed(data)
        except UpstreamBroken as exc:
            self._error = exc
            self.transport.close()
        else:
            if answer.pending > MAX_PENDING:
                self._paused = True
                self.transport.pause_reading()
        self._wake()

    def eof_received(self) -> bool:
        self._ended = True
        self._wake()
        return False  # close our side too

    def connection_lost(self, exc: Exception | None) -> None:
        self._ended = True
        if exc is not None and self._error is None:
            self._error = exc
        self._wake()

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def _wait(self, deadline: float) -> None:
        """Until the transport reports something, or the deadline passes (UpstreamTimeout)."""
        waiter = self._waiter = self._loop.create_future()
        timer = self._loop.call_at(deadline, _expire, waiter)
        try:
            await waiter
        finally:
            timer.cancel()
            self._waiter = None

    # One request's exchange.

    def send(self, message: bytes) -> Parsed:
        """Write a whole request; its answer is parsed as it arrives."""
        answer = self._answer = Parsed()
        self._received = False
        self.transport.write(message)
        return answer

    async def read_head(self, timeout: float) -> None:
        """Wait until the answer's head is parsed: one deadline for the whole head."""
        answer = self._answer
        deadline = self._loop.time() + timeout
        while not answer.headers_done:
            if self._error is not None or self._ended:
                self._fail_before_head()
            await self._wait(deadline)

    def _fail_before_head(self):
        if self.reused and not self._received:
            # Closed or reset (the service's keep-alive timeout, or its process died since
            # this connection was last used) before answering: the request never arrived.
            raise Stale
        raise self._broken("the service closed the connection without answering")

    def _broken(self, otherwise: str) -> UpstreamBroken:
        """Why the connection broke, as an UpstreamBroken; `otherwise` when it just ended."""
        error = self._error
        if isinstance(error, UpstreamBroken):
            return error
        return UpstreamBroken(str(error) if error is not None else otherwise)

    async def next_pieces(self, timeout: float) -> list[bytes]:
        """The body's next pieces, waiting at most `timeout` for them; [] once it has ended."""
        answer = self._answer
        while not answer.pieces and not answer.complete:
            if self._error is not None or (self._ended and answer.keep_alive):
                raise self._broken("the service closed the connection mid-answer")
            if self._ended:
                return []  # a body that ends when the connection does
            await self._wait(self._loop.time() + timeout)
        if self._paused:
            self._paused = False
            self.transport.resume_reading()
        return answer.take_pieces()

    @property
    def answered(self) -> bool:
        """Whether the answer has been read to its end, so the connection may serve again."""
        return self._answer is not None and self._answer.complete

    def idle(self) -> None:
        """Between requests: no answer expected."""
        self._answer = None

    def usable(self, max_idle: float) -> bool:
        return (
            not self._ended
            and not self.transport.is_closing()
            and time.monotonic() - self.idle_since < max_idle
        )

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()
