"""A service's spans, wired in one call: a server span per request, a client span per SQL
statement and per call made with requests.

The request's span is a child of the `traceparent` the gateway (or a calling service) sent,
named by its route template. Its statements are children of it (the official SQLAlchemy
instrumentation), and so is a call to another service (the official requests
instrumentation), whose `traceparent` continues the trace there. Health, readiness and
metrics are not traced: they are asked every few seconds and say nothing about a request.

The request's span is made here rather than by the official Flask instrumentation: that one
gathers some thirty attributes (user agent parsing included) for every request before the
sampler is asked, which added a third more Python calls to a primary-key GET even when
nothing was recorded (bench/REPORT.md, "What tracing costs"). Here the attributes are set
only on a span that records, and the rest is a handful of calls.
"""

from __future__ import annotations

from flask import Flask, Response, g, request
from opentelemetry import context, metrics, trace
from opentelemetry.instrumentation.requests import RequestsInstrumentor
from opentelemetry.instrumentation.sqlalchemy import __version__ as sqlalchemy_version
from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
from opentelemetry.trace import SpanKind, Status, StatusCode

from .tracing import setup_tracing, trace_context

UNTRACED_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


class StatementTracer(EngineTracer):
    """The official statement spans, made only inside a span that records.

    A statement of a request that is not sampled (or of no request: the relay's polling)
    would make a span nobody keeps, at a cost on every query. The pool's usage counters
    are left out too: servicekit.metrics keeps the pool's figures.
    """

    def _before_cur_exec(self, conn, cursor, statement, params, context, executemany):
        if not trace.get_current_span().is_recording():
            return statement, params
        return super()._before_cur_exec(conn, cursor, statement, params, context, executemany)

    def _pool_connect(self, *args) -> None:
        pass

    _pool_close = _pool_checkin = _pool_checkout = _pool_connect


def instrument_service(app: Flask, engine, provider=None) -> None:
    """Trace `app`'s requests, `engine`'s statements and this process's outgoing calls
    (unless tracing is disabled: then nothing is wrapped at all)."""
    provider = provider or setup_tracing(app.import_name)
    if provider is None:
        return
    trace_requests(app, provider.get_tracer("servicekit.requests"))
    tracer = provider.get_tracer("opentelemetry.instrumentation.sqlalchemy", sqlalchemy_version)
    usage = metrics.get_meter("servicekit").create_up_down_counter(
        "db.client.connections.usage", unit="connections"
    )
    StatementTracer(tracer, engine, usage)
    instrumentor = RequestsInstrumentor()
    if not instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.instrument(tracer_provider=provider)


def trace_requests(app: Flask, tracer: trace.Tracer) -> None:
    def open_span() -> None:
        if request.path in UNTRACED_PATHS:
            return
        rule = request.url_rule
        name = f"{request.method} {rule.rule}" if rule is not None else request.method
        parent = trace_context.extract(request.headers)
        span = tracer.start_span(name, context=parent, kind=SpanKind.SERVER)
        if span.is_recording():
            span.set_attributes(
                {
                    "http.request.method": request.method,
                    "http.route": rule.rule if rule is not None else "",
                    "url.path": request.path,
                    "url.scheme": request.scheme,
                    "client.address": request.remote_addr or "",
                    "jobsight.request_id": request.headers.get("X-Request-ID", ""),
                }
            )
        g.request_span = (span, context.attach(trace.set_span_in_context(span)))

    # First of all, so that a request refused by authentication or the body rules is
    # traced, and their log lines carry its ids.
    app.before_request_funcs.setdefault(None, []).insert(0, open_span)

    @app.after_request
    def record_status(response: Response) -> Response:
        opened = g.get("request_span")
        if opened is not None and opened[0].is_recording():
            opened[0].set_attribute("http.response.status_code", response.status_code)
            if response.status_code >= 500:
                opened[0].set_status(Status(StatusCode.ERROR))
        return response

    @app.teardown_request
    def close_span(error: BaseException | None) -> None:
        opened = g.pop("request_span", None)
        if opened is None:
            return
        span, token = opened
        if error is not None and span.is_recording():
            span.record_exception(error)
            span.set_status(Status(StatusCode.ERROR, type(error).__name__))
        span.end()
        context.detach(token)
