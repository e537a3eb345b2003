"""A service's spans: the official OpenTelemetry instrumentations, wired in one call.

A server span per request (named by its route template, a child of the `traceparent` the
gateway or a calling service sent), a client span per SQL statement, and a client span per
call made with requests (reviews asking jobs), whose `traceparent` continues the trace in
the service called. Health, readiness and metrics are not traced: they are asked every few
seconds and say nothing about a request.
"""

from __future__ import annotations

from flask import Flask
from opentelemetry import metrics
from opentelemetry.instrumentation.flask import FlaskInstrumentor
from opentelemetry.instrumentation.requests import RequestsInstrumentor
from opentelemetry.instrumentation.sqlalchemy import __version__ as sqlalchemy_version
from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer

from .tracing import setup_tracing

UNTRACED_PATHS = r"/healthz$,/readyz$,/metrics$"


def instrument_service(app: Flask, engine, provider=None) -> None:
    """Trace `app`'s requests, `engine`'s statements and this process's outgoing calls."""
    provider = provider or setup_tracing(app.import_name)
    FlaskInstrumentor().instrument_app(app, tracer_provider=provider, excluded_urls=UNTRACED_PATHS)
    # EngineTracer, not SQLAlchemyInstrumentor: the instrumentor instruments a process once
    # (and patches create_engine), while tests build many apps, each with its engine.
    tracer = provider.get_tracer("opentelemetry.instrumentation.sqlalchemy", sqlalchemy_version)
    usage = metrics.get_meter("servicekit").create_up_down_counter(
        "db.client.connections.usage", unit="connections"
    )
    EngineTracer(tracer, engine, usage)
    instrumentor = RequestsInstrumentor()
    if not instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.instrument(tracer_provider=provider)
