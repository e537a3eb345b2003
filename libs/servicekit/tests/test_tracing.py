"""Traces in a service: a span per request and per statement, ids in every log line, and a
sampler that starts traces only where work arrives."""

from __future__ import annotations

import functools
import io
import json
import logging

import pytest
from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from servicekit.config import ConfigurationError
from servicekit.requestlog import JsonFormatter
from servicekit.testing import migrated_test_app
from servicekit.tracing import carrier_of, context_from, sample_ratio, sampler_for

from .conftest import create_sample_app


@pytest.fixture(scope="module")
def exported():
    return InMemorySpanExporter()


@pytest.fixture(scope="module")
def traced_app(app, exported, token_issuer):
    """The sample service once more, on the same database, recording into `exported`."""
    provider = TracerProvider(sampler=sampler_for(1.0), resource=Resource({"service.name": "t"}))
    provider.add_span_processor(SimpleSpanProcessor(exported))
    create = functools.partial(create_sample_app, tracer_provider=provider)
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    return migrated_test_app(create, url, JWKS_URL=token_issuer.jwks_url)


@pytest.fixture
def spans(exported):
    exported.clear()
    return exported


def test_a_request_is_a_server_span_with_its_statements_as_children(traced_app, spans, signed_in):
    response = traced_app.test_client().post(
        "/api/v1/notes", json={"text": "traced"}, headers=signed_in
    )
    assert response.status_code == 201
    finished = spans.get_finished_spans()
    (server,) = [s for s in finished if s.kind == SpanKind.SERVER]
    assert server.name == "POST /api/v1/notes"
    assert server.attributes["http.route"] == "/api/v1/notes"
    statements = [s for s in finished if s.kind == SpanKind.CLIENT]
    assert statements and all(s.parent.span_id == server.context.span_id for s in statements)
    assert any("INSERT INTO notes" in s.attributes.get("db.statement", "") for s in statements)


def test_a_callers_traceparent_is_continued(traced_app, spans):
    caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    traced_app.test_client().get("/api/v1/notes", headers={"traceparent": caller})
    (server,) = [s for s in spans.get_finished_spans() if s.kind == SpanKind.SERVER]
    assert format(server.context.trace_id, "032x") == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert format(server.parent.span_id, "016x") == "00f067aa0ba902b7"


def test_health_readiness_and_metrics_are_not_traced(traced_app, spans):
    client = traced_app.test_client()
    for path in ("/healthz", "/readyz", "/metrics"):
        client.get(path)
    assert not [s for s in spans.get_finished_spans() if s.kind == SpanKind.SERVER]


def test_only_requests_and_events_start_traces():
    sampler = sampler_for(1.0)
    for kind, kept in [
        (SpanKind.SERVER, True),
        (SpanKind.CONSUMER, True),
        (SpanKind.CLIENT, False),  # a query or a call outside any request: the relay polling
        (SpanKind.PRODUCER, False),
        (SpanKind.INTERNAL, False),
    ]:
        decision = sampler.should_sample(None, 0x1234, "root", kind).decision
        assert decision.is_sampled() is kept, kind
    assert (
        not sampler_for(0.0).should_sample(None, 0x1234, "r", SpanKind.SERVER).decision.is_sampled()
    )


def test_a_child_of_a_sampled_parent_is_always_kept():
    parent = context_from(
        {"traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}
    )
    decision = sampler_for(0.0).should_sample(parent, 0x1234, "query", SpanKind.CLIENT).decision
    assert decision.is_sampled()


@pytest.mark.parametrize(
    ("sampler", "ratio"),
    [("always_on", None), ("parentbased_traceidratio", "1.5"), (None, "a tenth")],
)
def test_a_sampling_setting_it_cannot_honour_refuses_to_start(monkeypatch, sampler, ratio):
    for name, value in (("OTEL_TRACES_SAMPLER", sampler), ("OTEL_TRACES_SAMPLER_ARG", ratio)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError, match="OTEL_TRACES_SAMPLER"):
        sample_ratio()


def test_the_ratio_defaults_to_every_trace(monkeypatch):
    monkeypatch.delenv("OTEL_TRACES_SAMPLER", raising=False)
    monkeypatch.delenv("OTEL_TRACES_SAMPLER_ARG", raising=False)
    assert sample_ratio() == 1.0
    monkeypatch.setenv("OTEL_TRACES_SAMPLER_ARG", "0.1")
    assert sample_ratio() == 0.1


def test_a_log_line_written_in_a_span_names_its_trace_and_span():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("servicekit.test.tracing")
    logger.addHandler(handler)
    logger.propagate = False
    provider = TracerProvider(sampler=sampler_for(1.0))
    try:
        with provider.get_tracer("t").start_as_current_span("work", kind=SpanKind.SERVER) as span:
            logger.warning("inside")
            ids = span.get_span_context()
        logger.warning("outside")
    finally:
        logger.removeHandler(handler)
    inside, outside = (json.loads(line) for line in stream.getvalue().splitlines())
    assert inside["trace_id"] == format(ids.trace_id, "032x")
    assert inside["span_id"] == format(ids.span_id, "016x")
    assert "trace_id" not in outside and "span_id" not in outside


def test_a_carrier_round_trips_and_a_malformed_one_names_no_context():
    with (
        TracerProvider(sampler=sampler_for(1.0))
        .get_tracer("t")
        .start_as_current_span("work", kind=SpanKind.SERVER) as span
    ):
        carrier = carrier_of()
    parent = trace.get_current_span(context_from(carrier)).get_span_context()
    assert parent.trace_id == span.get_span_context().trace_id
    assert context_from({"traceparent": "00-zz-01"}) is None
    assert context_from(None) is None and context_from({}) is None


def test_a_refused_or_unmatched_request_is_traced_with_its_status(traced_app, spans):
    client = traced_app.test_client()
    client.post("/api/v1/notes", json={"text": "x"}, headers={"Authorization": "Bearer nope"})
    client.get("/no/such/page")
    servers = [s for s in spans.get_finished_spans() if s.kind == SpanKind.SERVER]
    by_name = {s.name: s.attributes["http.response.status_code"] for s in servers}
    # An unmatched path names no route: the span is named by its method alone, so made-up
    # paths add no span names either.
    assert by_name == {"POST /api/v1/notes": 401, "GET": 404}


def test_disabled_tracing_sets_up_nothing(monkeypatch):
    import servicekit.tracing as tracing

    monkeypatch.setenv("OTEL_SDK_DISABLED", "true")
    monkeypatch.setattr(tracing, "_provider", None)
    assert tracing.setup_tracing("svc") is None
