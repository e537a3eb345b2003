"""Kept-alive connections to one service: taken most recently used first, dropped when idle.

Idle connections are dropped before the service's own keep-alive would close them
(POOL_IDLE_SECONDS), so a connection taken from the pool is almost never stale.
"""

from __future__ import annotations

import asyncio
import time

from .connection import Connection


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
        loop = asyncio.get_running_loop()
        async with asyncio.timeout(timeout):
            _, connection = await loop.create_connection(Connection, self.host, self.port)
        return connection

    def give_back(self, connection: Connection) -> None:
        connection.idle()
        if len(self._idle) < self.size and connection.usable(self.max_idle):
            connection.idle_since = time.monotonic()
            self._idle.append(connection)
        else:
            connection.close()

    def close(self) -> None:
        while self._idle:
            self._idle.pop().close()
