"""Prometheus metrics: requests by route, status and upstream; latency; breaker state.

Under gunicorn with several workers set PROMETHEUS_MULTIPROC_DIR (make dev does), so
/metrics adds up every worker rather than answering for one.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUESTS = Counter(
    "gateway_requests_total",
    "Requests answered by the gateway",
    ["route", "method", "status", "upstream"],
)
LATENCY = Histogram(
    "gateway_request_duration_seconds",
    "Time to the response's first byte",
    ["upstream"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10),
)
BREAKER_OPEN = Gauge(
    "gateway_breaker_open",
    "1 while the upstream's circuit breaker is open",
    ["upstream"],
    multiprocess_mode="max",
)


def exposition() -> tuple[bytes, str]:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST
