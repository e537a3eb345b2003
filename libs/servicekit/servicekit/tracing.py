"""Traces: OpenTelemetry in every process, exported over OTLP when an endpoint is set.

One tracer provider per process, named after its service. With
`OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) set, spans go there
over OTLP/HTTP in batches, sampled parent-based: a trace that arrives sampled stays
sampled, and a new one is kept with the probability `OTEL_TRACES_SAMPLER_ARG` (1.0 unless
set). Without an endpoint nothing is recorded or sent, yet every span still has its ids:
log lines carry a trace id and the W3C `traceparent` still travels, so one request's lines
can be found across processes either way.

A trace starts only where work arrives (a request, an event); a database query or a call
out that happens outside both (the relay polling its outbox, a JWKS refresh) starts none,
so an idle worker sends nothing.

`OTEL_SDK_DISABLED=true` (OpenTelemetry's own switch) turns all of it off: no provider, no
instrumentation, no ids in the logs, no `traceparent` sent; what is left costs nothing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import (
    ALWAYS_OFF,
    Decision,
    ParentBased,
    Sampler,
    SamplingResult,
    TraceIdRatioBased,
)
from opentelemetry.trace import SpanKind
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from .config import ConfigurationError

ENDPOINT_SETTINGS = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
SAMPLER_NAME = "parentbased_traceidratio"
# W3C trace context only (traceparent, tracestate): baggage is not carried between processes.
trace_context = TraceContextTextMapPropagator()
_provider: TracerProvider | None = None


class WhereWorkArrives(Sampler):
    """The root sampler: a request or an event starts a trace, kept with probability
    `rate`; any other span without a parent (a query, a call out) starts none."""

    def __init__(self, rate: float) -> None:
        self._ratio = TraceIdRatioBased(rate)

    def should_sample(self, parent_context, trace_id, name, kind=None, attributes=None, **_):
        if kind not in (SpanKind.SERVER, SpanKind.CONSUMER):
            return SamplingResult(Decision.DROP)
        return self._ratio.should_sample(parent_context, trace_id, name, kind, attributes)

    def get_description(self) -> str:
        return f"WhereWorkArrives{{{self._ratio.get_description()}}}"


def disabled() -> bool:
    return os.environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true"


def exporting() -> bool:
    return any(os.environ.get(name) for name in ENDPOINT_SETTINGS)


def sample_ratio() -> float:
    sampler = os.environ.get("OTEL_TRACES_SAMPLER", SAMPLER_NAME)
    if sampler != SAMPLER_NAME:
        raise ConfigurationError(
            f"OTEL_TRACES_SAMPLER: only {SAMPLER_NAME} is supported (set its ratio in "
            f"OTEL_TRACES_SAMPLER_ARG), not {sampler!r}"
        )
    raw = os.environ.get("OTEL_TRACES_SAMPLER_ARG", "1.0")
    try:
        ratio = float(raw)
    except ValueError:
        ratio = -1.0
    if not 0.0 <= ratio <= 1.0:
        raise ConfigurationError(f"OTEL_TRACES_SAMPLER_ARG must be between 0 and 1, not {raw!r}")
    return ratio


def sampler_for(ratio: float) -> Sampler:
    return ParentBased(root=WhereWorkArrives(ratio))


def setup_tracing(service: str) -> TracerProvider | None:
    """This process's tracer provider, created (and made global) on the first call; None
    when tracing is disabled.

    One per process: a process is one service. (A test run that builds several services'
    apps in one process names its spans after the first.)
    """
    global _provider
    if _provider is None and not disabled():
        resource = Resource.create({"service.name": service, "service.namespace": "jobsight"})
        if exporting():
            # Imported only when used: the exporter brings protobuf and its HTTP session.
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            provider = TracerProvider(sampler=sampler_for(sample_ratio()), resource=resource)
            # The batch processor's thread is restarted after a fork (gunicorn's workers).
            provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
        else:
            sample_ratio()  # a wrong setting fails here too, not first in production
            provider = TracerProvider(sampler=ALWAYS_OFF, resource=resource)
        trace.set_tracer_provider(provider)
        _provider = provider
    return _provider


def tracer(name: str) -> trace.Tracer:
    return trace.get_tracer(name)


def current_ids() -> tuple[str, str] | None:
    """The current span's trace id and span id in W3C hex, or None outside any span."""
    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return None
    return format(context.trace_id, "032x"), format(context.span_id, "016x")


def carrier_of(context: Context | None = None) -> dict[str, str]:
    """`traceparent` (and `tracestate`) of the current span, or of `context`'s."""
    carrier: dict[str, str] = {}
    trace_context.inject(carrier, context)
    return carrier


def context_from(carrier: Mapping[str, str] | None) -> Context | None:
    """The span context a carrier names, or None when it names none (or a malformed one)."""
    if not carrier:
        return None
    context = trace_context.extract(carrier)
    return context if trace.get_current_span(context).get_span_context().is_valid else None
