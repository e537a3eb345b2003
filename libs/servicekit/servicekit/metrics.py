"""Every service's own Prometheus metrics, on its own `/metrics` (the gateway does not route it).

Requests by route template, method and status, and their latency; database connections in
use; and whatever a service adds (the events' figures, servicekit.events.figures). Every
label value comes from a closed set: the route is the matched rule's template
(`/api/v1/jobs/<uuid:job_id>`, never the path a client sent), or `unmatched`; the method is
one of the HTTP methods the services serve, or `OTHER`. A thousand made-up paths add no
series.

Under gunicorn with several workers, PROMETHEUS_MULTIPROC_DIR (one directory per service;
make dev sets one under var/prometheus/) makes /metrics add up every worker's figures.
"""

from __future__ import annotations

import os
import time

from flask import Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from sqlalchemy import event

from .metricseries import series
from .networks import PRIVATE_NETWORKS, Networks
from .problems import abort

# Every process of a service writes its figures into that directory, and prometheus_client
# needs it to exist before the first metric below: gunicorn's master makes it
# (deploy/gunicorn.conf.py), but a migration or an events worker in a fresh container runs
# without gunicorn and would fail at its first import.
if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"

REQUESTS = Counter(
    "http_requests_total",
    "Requests a service answered",
    ["service", "route", "method", "status"],
)
LATENCY = Histogram(
    "http_request_duration_seconds",
    "Time from a request's arrival in the app to its response",
    ["service", "route", "method"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10),
)
POOL_IN_USE = Gauge(
    "db_pool_connections_in_use",
    "Database connections checked out of the pool",
    ["service"],
    multiprocess_mode="livesum",
)
POOL_SIZE = Gauge(
    "db_pool_size",
    "Connections each process's pool keeps (it may open DB_POOL_SIZE more on a burst)",
    ["service"],
    multiprocess_mode="livesum",
)


def route_of(flask_request) -> str:
    rule = flask_request.url_rule
    return rule.rule if rule is not None else UNMATCHED


def register_metrics(app: Flask) -> None:
    """Count every request of `app` (under its service's name), watch its database pool and
    serve `/metrics`; `add_collector` adds a service's own figures to it."""
    service = app.import_name
    with app.app_context():
        watch_pool(app, service)

    def start_clock() -> None:
        g.metrics_started = time.perf_counter()

    # First of all: a request that authentication or the body rules refuse counts too.
    app.before_request_funcs.setdefault(None, []).insert(0, start_clock)

    @app.after_request
    def count(response: Response) -> Response:
        started = g.pop("metrics_started", None)
        if started is not None:
            route = route_of(request)
            method = request.method if request.method in METHODS else "OTHER"
            status = str(response.status_code)
            series(REQUESTS, service, route, method, status).inc()
            series(LATENCY, service, route, method).observe(time.perf_counter() - started)
        return response

    app.extensions.setdefault("metrics_collectors", [])
    readers = Networks.parse(app.config.get("METRICS_ALLOWED_CIDRS", PRIVATE_NETWORKS))

    @app.get("/metrics")
    def metrics() -> Response:
        # Not routed by the gateway; and within the network, for the scraper's networks only.
        if not readers.trusts(request.remote_addr or ""):
            abort(404, "No such page.")
        return Response(exposition(app), mimetype=CONTENT_TYPE_LATEST)


def add_collector(app: Flask, collector) -> None:
    """Show `collector`'s metrics (a prometheus_client custom collector) on `/metrics`."""
    app.extensions.setdefault("metrics_collectors", []).append(collector)


def watch_pool(app: Flask, service: str) -> None:
    """Keep the pool gauges of the service's engine."""
    engine = app.extensions["sqlalchemy"].engine

    def record_pool_size() -> None:
        POOL_SIZE.labels(service).set(engine.pool.size())

    record_pool_size()
    # A forked worker starts its figures afresh (prometheus_client's multiprocess values
    # follow the pid): its pool is its own, so it says so again.
    os.register_at_fork(after_in_child=record_pool_size)
    in_use = POOL_IN_USE.labels(service)
    event.listen(engine, "checkout", lambda *args: in_use.inc())
    event.listen(engine, "checkin", lambda *args: in_use.dec())


def exposition(app: Flask) -> bytes:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        for metric in (REQUESTS, LATENCY, POOL_IN_USE, POOL_SIZE):
            registry.register(metric)
    for collector in app.extensions.get("metrics_collectors", ()):
        registry.register(collector)
    return generate_latest(registry)
