"""State the gateway's workers on one host share: rate-limit counters and breaker states.

Each gunicorn worker is its own process. Counted alone, two workers let twice the
documented logins through, and each worker's breaker needed its own five slow answers from
a frozen service. So the gunicorn master creates one shared memory region before it forks
its workers (deploy/gunicorn.conf.py's on_starting calls `create_for_workers`), and every
worker counts in it under one lock: the limits hold exactly across workers. Replicas on
other hosts share rate limits through Redis when REDIS_URL is set.

The region is an anonymous mmap (MAP_SHARED: a forked child writes the same pages) laid
out as a table of 64-bit slots; the lock is a process-shared semaphore.
"""

from __future__ import annotations

import hashlib
import mmap
import multiprocessing
import struct
import time
from collections.abc import Callable

COUNTER_SLOTS = 65_536  # a slot: key hash, window end, count (24 bytes; 1.5 MiB in all)
MAX_PROBES = 64
BREAKER_SLOTS = 16  # a slot: failures, opened at, probing (as 64-bit floats)
_COUNTER = struct.Struct("<QQQ")
_BREAKER = struct.Struct("<ddd")

_for_workers: SharedState | None = None


class SharedState:
    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = multiprocessing.Lock()
        self._counters = mmap.mmap(-1, COUNTER_SLOTS * _COUNTER.size)
        self._breakers = mmap.mmap(-1, BREAKER_SLOTS * _BREAKER.size)

    # --- counters (fixed windows) --------------------------------------------------------

    def hit(self, key: str, window: int) -> tuple[int, int]:
        """Count one hit of `key`; (hits in the current window, seconds until it ends)."""
        now = int(self._clock())
        window_end = now - now % window + window
        digest = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big")
        digest |= 1  # 0 marks an empty slot
        with self._lock:
            count = self._count_in(digest, window_end, now)
        return count, window_end - now

    def _count_in(self, digest: int, window_end: int, now: int) -> int:
        first = digest % COUNTER_SLOTS
        for probe in range(MAX_PROBES):
            offset = ((first + probe) % COUNTER_SLOTS) * _COUNTER.size
            key, ends, count = _COUNTER.unpack_from(self._counters, offset)
            if key == digest and ends == window_end:
                _COUNTER.pack_into(self._counters, offset, key, ends, count + 1)
                return count + 1
            if key == digest or key == 0 or ends <= now:  # its own old window, or free
                _COUNTER.pack_into(self._counters, offset, digest, window_end, 1)
                return 1
        # Every nearby slot holds a live window of another key (a flood of distinct keys):
        # take the first one over, so the newest key is counted rather than waved through.
        _COUNTER.pack_into(self._counters, first * _COUNTER.size, digest, window_end, 1)
        return 1

    # --- breaker states ------------------------------------------------------------------

    def read_breaker(self, slot: int) -> tuple[float, float, float]:
        return _BREAKER.unpack_from(self._breakers, slot * _BREAKER.size)

    def write_breaker(self, slot: int, failures: float, opened_at: float, probing: float):
        _BREAKER.pack_into(self._breakers, slot * _BREAKER.size, failures, opened_at, probing)

    @property
    def lock(self):
        return self._lock


def create_for_workers() -> None:
    """In the gunicorn master, before it forks: the state every worker will share."""
    global _for_workers
    _for_workers = SharedState()


def for_this_process() -> SharedState:
    """The state shared with this process's sibling workers (its own, outside gunicorn)."""
    global _for_workers
    if _for_workers is None:
        _for_workers = SharedState()
    return _for_workers
