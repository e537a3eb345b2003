"""The gateway's spans, made by hand on its hot path (no framework to instrument there).

Each API request gets a server span, named by its method and route family, covering every
check and the whole answer; each forward a client span inside it, until the service's
answer head arrives, whose `traceparent` the service continues. A client's own
`traceparent` is believed only when TRUST_CLIENT_TRACE_CONTEXT is on (a trusted front end
that traces too): otherwise anyone could attach their requests to someone else's trace, or
force every trace they start to be kept. Either way the gateway strips the client's trace
headers and states its own.
"""

from __future__ import annotations

from opentelemetry import context, trace
from opentelemetry.trace import SpanKind, Status, StatusCode
from servicekit.tracing import carrier_of, context_from, tracer

from .messages import Request

TRACER = tracer("gateway")


class EdgeTracing:
    def __init__(self, trust_client: bool) -> None:
        self.trust_client = trust_client

    def start(self, request: Request, request_id: str):
        """Open the request's server span and make it current; `finish` closes it."""
        parent = None
        if self.trust_client:
            parent = context_from(
                {
                    "traceparent": request.header("traceparent") or "",
                    "tracestate": request.header("tracestate") or "",
                }
            )
        span = TRACER.start_span(
            f"{request.method} {request.route}", context=parent, kind=SpanKind.SERVER
        )
        if span.is_recording():
            span.set_attributes(
                {
                    "http.request.method": request.method,
                    "url.path": request.path,
                    "http.route": request.route,
                    "client.address": request.peer,
                    "jobsight.upstream": request.upstream or "",
                    "jobsight.request_id": request_id,
                }
            )
        return span, context.attach(trace.set_span_in_context(span))

    @staticmethod
    def finish(span, token, status: int | None) -> None:
        if status is not None:
            span.set_attribute("http.response.status_code", status)
            if status >= 500:
                span.set_status(Status(StatusCode.ERROR))
        span.end()
        context.detach(token)

    @staticmethod
    def forwarding(upstream: str, method: str):
        """The client span of one forward (a context manager), current while it lasts."""
        return TRACER.start_as_current_span(
            f"{method} {upstream}",
            kind=SpanKind.CLIENT,
            attributes={"http.request.method": method, "server.address": upstream},
        )

    @staticmethod
    def headers() -> list[tuple[bytes, bytes]]:
        """The current span's `traceparent` (and `tracestate`), as request headers."""
        return [(name.encode(), value.encode()) for name, value in carrier_of().items()]
