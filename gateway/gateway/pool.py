"""Kept-alive connections to one service: taken most recently used first, dropped when idle.

Idle connections are dropped before the service's own keep-alive would close them
(POOL_IDLE_SECONDS), so a connection taken from the pool is almost never stale.
"""

from __future__ import annotations

import asyncio
import time

READ_SIZE = 64 * 1024


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.idle_since = time.monotonic()
        self.reused = False

    def usable(self, max_idle: float) -> bool:
        return (
            not self.reader.at_eof()
            and not self.writer.is_closing()
            and time.monotonic() - self.idle_since < max_idle
        )

    def close(self) -> None:
        self.writer.close()


class Pool:
    """Idle connections to one service, most recently used first."""

    def __init__(self, host: str, port: int, *, size: int, max_idle: float) -> None:
        self.host, self.port, self.size, self.max_idle = host, port, size, max_idle
        self._idle: list[Connection] = []

    def take(self) -> Connection | None:
        while self._idle:
            connection = self._idle.pop()
            if connection.usable(self.max_idle):
                connection.reused = True
                return connection
            connection.close()
        return None

    async def connect(self, timeout: float) -> Connection:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection(self.host, self.port, limit=READ_SIZE)
        return Connection(reader, writer)

    def give_back(self, connection: Connection) -> None:
        if len(self._idle) < self.size and connection.usable(self.max_idle):
            connection.idle_since = time.monotonic()
            self._idle.append(connection)
        else:
            connection.close()

    def close(self) -> None:
        while self._idle:
            self._idle.pop().close()
