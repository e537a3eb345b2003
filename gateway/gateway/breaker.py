"""A circuit breaker per upstream: fail fast while a service is down, probe to recover.

Its state lives in the workers' shared state (gateway.shared), so every worker of a host
sees the same breaker: a frozen service costs BREAKER_FAILURES slow answers on the host,
not that many per worker.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .shared import SharedState

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"
_NOT_OPEN = 0.0  # opened_at of a closed breaker (the monotonic clock is past it)


class CircuitBreaker:
    def __init__(
        self,
        *,
        shared: SharedState,
        slot: int,
        failures_to_open: int = 5,
        cooldown: float = 10.0,
        clock: Callable[[], float] = time.monotonic,  # system-wide: the same in every worker
    ) -> None:
        self.failures_to_open = failures_to_open
        self.cooldown = cooldown
        self._clock = clock
        self._shared, self._slot = shared, slot

    def _state(self, opened_at: float) -> str:
        if opened_at == _NOT_OPEN:
            return CLOSED
        if self._clock() - opened_at >= self.cooldown:
            return HALF_OPEN
        return OPEN

    @property
    def state(self) -> str:
        return self._state(self._shared.read_breaker(self._slot)[1])

    def allow(self) -> bool:
        """May a request go to the upstream now? After the cool-down, one probe at a time."""
        with self._shared.lock:
            failures, opened_at, probing = self._shared.read_breaker(self._slot)
            state = self._state(opened_at)
            if state == CLOSED:
                return True
            if state == HALF_OPEN and not probing:
                self._shared.write_breaker(self._slot, failures, opened_at, 1.0)
                return True
            return False

    def retry_after(self) -> int:
        opened_at = self._shared.read_breaker(self._slot)[1]
        if opened_at == _NOT_OPEN:
            return 1
        return max(1, round(self.cooldown - (self._clock() - opened_at)))

    def record_success(self) -> None:
        if self._shared.read_breaker(self._slot) == (0.0, _NOT_OPEN, 0.0):
            return  # the common case: nothing to write, no lock taken
        with self._shared.lock:
            self._shared.write_breaker(self._slot, 0.0, _NOT_OPEN, 0.0)

    def record_failure(self) -> None:
        with self._shared.lock:
            failures, opened_at, _ = self._shared.read_breaker(self._slot)
            failures += 1
            if opened_at != _NOT_OPEN or failures >= self.failures_to_open:
                opened_at = self._clock()  # (re)open: a failed probe restarts the wait
            self._shared.write_breaker(self._slot, failures, opened_at, 0.0)
