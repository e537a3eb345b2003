"""Counting requests against the gateway's rate limits without racing the clock."""

from __future__ import annotations

import time


def clear_of_a_window_edge(seconds: float, window: int = 60) -> None:
    """Return once at least `seconds` remain of the current rate-limit window.

    The gateway counts in fixed windows aligned to the clock (gateway/ratelimit.py): a test
    that sends N requests and expects the (N+1)th refused would see the count start again
    if its requests straddled a window's edge. So when the edge is nearer than the test
    needs, wait for it.
    """
    left = window - time.time() % window
    if left < seconds:
        time.sleep(left + 0.05)
