"""Fixed-window rate limits, exact across workers and replicas.

Counters live in Redis when REDIS_URL is set (every replica shares them), else in the
state the host's gunicorn workers share (gateway.shared). The rules, per minute:

- every request, per client address (RATE_LIMIT_PER_MINUTE, 600);
- sign-in attempts per client address and email (LOGIN_LIMIT_PER_MINUTE, 10);
- sign-in attempts per client address, whatever the email (LOGIN_LIMIT_PER_CLIENT_PER_MINUTE,
  30): each costs an Argon2 hash, even for an unknown email;
- registrations per client address (REGISTER_LIMIT_PER_MINUTE, 5): each costs an Argon2 hash.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from servicekit.emails import email_key

from .shared import SharedState

WINDOW_SECONDS = 60
log = logging.getLogger(__name__)


class SharedCounter:
    blocking = False  # shared memory: safe to call on the event loop

    def __init__(self, shared: SharedState) -> None:
        self.hit = shared.hit


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
    def __init__(self, counter, limits: dict[str, int]) -> None:
        self._counter = counter
        self.limits = limits  # rule name -> hits allowed per window
        self.blocking = counter.blocking

    def _check(self, rule: str, key: str) -> int | None:
        count, reset_in = self._counter.hit(f"{rule}:{key}", WINDOW_SECONDS)
        return max(1, reset_in) if count > self.limits[rule] else None

    def general(self, client: str) -> int | None:
        """Seconds to wait when `client` is over the general limit, else None."""
        return self._check("general", client)

    def login(self, client: str, email: str) -> int | None:
        wait_any = self._check("login-client", client)
        wait_this = self._check("login", f"{client}:{email_key(email)}")
        return max(wait_any or 0, wait_this or 0) or None

    def register(self, client: str) -> int | None:
        return self._check("register", client)


def make_rate_limiter(config: dict, shared: SharedState) -> RateLimiter:
    if config.get("REDIS_URL"):
        counter = RedisCounter(config["REDIS_URL"])
    else:
        counter = SharedCounter(shared)
    return RateLimiter(
        counter,
        {
            "general": config["RATE_LIMIT_PER_MINUTE"],
            "login": config["LOGIN_LIMIT_PER_MINUTE"],
            "login-client": config["LOGIN_LIMIT_PER_CLIENT_PER_MINUTE"],
            "register": config["REGISTER_LIMIT_PER_MINUTE"],
        },
    )
