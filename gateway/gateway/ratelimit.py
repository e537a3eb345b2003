"""Fixed-window rate limits: in Redis when REDIS_URL is set (shared by every gateway
replica), else in this process's memory."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

WINDOW_SECONDS = 60
log = logging.getLogger(__name__)


class MemoryCounter:
    blocking = False  # no I/O: safe to call on the event loop

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._counts: dict[str, tuple[int, int]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, window: int) -> tuple[int, int]:
        """Count one hit; returns (hits in the current window, seconds until it ends)."""
        now = int(self._clock())
        window_start = now - now % window
        with self._lock:
            start, count = self._counts.get(key, (window_start, 0))
            if start != window_start:
                start, count = window_start, 0
                if len(self._counts) > 100_000:  # old windows: forget them all at once
                    self._counts.clear()
            self._counts[key] = (start, count + 1)
        return count + 1, window_start + window - now


class RedisCounter:
    blocking = True  # a network round trip: the gateway calls it in a thread

    def __init__(self, url: str, clock: Callable[[], float] = time.time) -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._errors = (redis.RedisError, OSError)
        self._clock = clock

    def hit(self, key: str, window: int) -> tuple[int, int]:
        now = int(self._clock())
        window_start = now - now % window
        redis_key = f"jobsight:ratelimit:{key}:{window_start}"
        pipeline = self._redis.pipeline()
        pipeline.incr(redis_key)
        pipeline.expire(redis_key, window + 1)
        try:
            count, _ = pipeline.execute()
        except self._errors as exc:
            # Fail open: a Redis outage must not take the API down with it.
            log.warning("rate limit store unavailable: %s", exc)
            return 0, window
        return int(count), window_start + window - now


class RateLimiter:
    def __init__(self, counter, *, login_per_minute: int, general_per_minute: int) -> None:
        self._counter = counter
        self.login_per_minute = login_per_minute
        self.general_per_minute = general_per_minute
        self.blocking = counter.blocking

    def _check(self, key: str, limit: int) -> int | None:
        count, reset_in = self._counter.hit(key, WINDOW_SECONDS)
        return max(1, reset_in) if count > limit else None

    def general(self, client: str) -> int | None:
        """Seconds to wait when `client` is over the general limit, else None."""
        return self._check(f"general:{client}", self.general_per_minute)

    def login(self, client: str, email: str) -> int | None:
        return self._check(f"login:{client}:{email.strip().lower()}", self.login_per_minute)


def make_rate_limiter(config: dict) -> RateLimiter:
    counter = RedisCounter(config["REDIS_URL"]) if config.get("REDIS_URL") else MemoryCounter()
    return RateLimiter(
        counter,
        login_per_minute=config["LOGIN_LIMIT_PER_MINUTE"],
        general_per_minute=config["RATE_LIMIT_PER_MINUTE"],
    )
