"""A metric's series for some label values, looked up once per process.

`metric.labels(...)` checks the values and takes the metric's lock on every call, yet for
the same values it always returns the same child. Every caller's label values come from
closed sets (routes, methods, status codes, upstreams), so the cache stays small. Nothing
here imports prometheus_client: the gateway uses it too, with servicekit's core only.
"""

from __future__ import annotations

from functools import cache


@cache
def series(metric, *label_values: str):
    """`metric.labels(*label_values)`, the first time; the same child after that."""
    return metric.labels(*label_values)
