"""How the dev runner speaks: one prefixed line at a time, flushed at once."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


class Timings:
    """How long each step of a start took: said as each ends, summed up by `summary`."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.steps: list[tuple[str, float]] = []

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        began = time.monotonic()
        yield
        took = time.monotonic() - began
        self.steps.append((name, took))
        say(f"{name}: {took:.1f} s")

    def summary(self) -> str:
        """`12.3 s (database 1.0 s, migrations 3.1 s, ...)` since this object was made."""
        steps = ", ".join(f"{name} {took:.1f} s" for name, took in self.steps)
        return f"{time.monotonic() - self.started:.1f} s ({steps})"
