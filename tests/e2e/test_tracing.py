"""One request, followed across every process: the stack exports its spans over OTLP to a
stand-in collector on 127.0.0.1 (conftest's `collector`), exactly as to a real one."""

from __future__ import annotations

import json

from servicekit.testing import OtlpReceiver, ReceivedSpan

# Statements as child spans: the instrumentation names the statement in one of these.
STATEMENT_ATTRIBUTES = ("db.statement", "db.query.text")


def _all(spans: list[ReceivedSpan], **wanted) -> list[ReceivedSpan]:
    return [s for s in spans if all(getattr(s, k) == v for k, v in wanted.items())]


def _one(spans: list[ReceivedSpan], **wanted) -> ReceivedSpan | None:
    found = _all(spans, **wanted)
    return found[0] if len(found) == 1 else None


def _gateway_span(collector: OtlpReceiver, method: str, request_id: str) -> ReceivedSpan:
    """The gateway's server span of the request the gateway answered with `request_id`."""

    def find(receiver):
        for span in receiver.spans:
            ours = span.attributes.get("jobsight.request_id") == request_id
            if ours and (span.service, span.kind) == ("gateway", "server"):
                return span if span.name.startswith(method) else None
        return None

    return collector.wait_for(find)


def _children(spans, parent: ReceivedSpan) -> list[ReceivedSpan]:
    return [span for span in spans if span.parent_id == parent.span_id]


def test_writing_a_review_is_one_trace_through_the_gateway_reviews_and_jobs(
    visitor, collector, stack
):
    person = visitor()
    person.sign_up()
    job_id = person.add_job("Traced", "SRE co-op")

    response = person.call(
        "POST", "/api/v1/reviews", json={"job_id": job_id, "title": "Calm on-call", "rating": 5}
    )
    assert response.status_code == 201, response.text
    edge = _gateway_span(collector, "POST", response.headers["X-Request-ID"])

    def whole_trace(receiver):
        spans = receiver.trace(edge.trace_id)
        services = {span.service for span in spans if span.kind == "server"}
        return spans if {"gateway", "reviews", "jobs"} <= services else None

    spans = collector.wait_for(whole_trace)
    assert edge.parent_id == ""  # the gateway starts the trace
    forward = _one(_children(spans, edge), service="gateway", kind="client")
    assert forward is not None, spans
    reviews = _one(_children(spans, forward), service="reviews", kind="server")
    assert reviews is not None and reviews.attributes.get("http.route") == "/api/v1/reviews"
    # Its SQL statements are its children; so is its call to jobs, which jobs continues.
    calls = [s for s in _children(spans, reviews) if s.kind == "client"]
    statements = [_statement(s) for s in calls if _statement(s)]
    assert any(text.startswith("INSERT INTO reviews") for text in statements), statements
    asked_jobs = {s.span_id for s in calls if not _statement(s)}
    jobs = [s for s in spans if s.service == "jobs" and s.kind == "server"]
    assert any(s.parent_id in asked_jobs for s in jobs), [(s.name, s.parent_id) for s in jobs]


def _statement(span: ReceivedSpan) -> str | None:
    return next((span.attributes[n] for n in STATEMENT_ATTRIBUTES if n in span.attributes), None)


def test_an_account_deletion_continues_into_the_consumers_of_jobs_and_reviews(
    visitor, collector, stack
):
    _deletion_is_one_trace(visitor, collector)


def test_over_rabbitmq_the_trace_travels_in_the_messages_headers_too(
    rabbitmq_visitor, collector, rabbitmq_stack
):
    _deletion_is_one_trace(rabbitmq_visitor, collector)


def _deletion_is_one_trace(visitor, collector: OtlpReceiver) -> None:
    person = visitor()
    person.sign_up()
    job_id = person.add_job("Traced", "SRE co-op")
    assert person.call("POST", "/api/v1/applications", json={"job_id": job_id}).status_code == 201

    response = person.call("DELETE", "/api/v1/users/me")
    assert response.status_code == 204, response.text
    edge = _gateway_span(collector, "DELETE", response.headers["X-Request-ID"])

    def consumed_everywhere(receiver):
        spans = receiver.trace(edge.trace_id)
        consumers = {
            s.service: s for s in spans if s.kind == "consumer" and s.name == "user.deleted process"
        }
        return spans if {"jobs", "reviews"} <= set(consumers) else None

    spans = collector.wait_for(consumed_everywhere)
    # Delivery is at least once: a publish whose confirm was lost is published again (a
    # second span, the first one marked as an error), and a redelivered message is consumed
    # again (the inbox makes it a no-op). Every one of them belongs to the same trace.
    publishes = _all(spans, service="users", kind="producer", name="user.deleted publish")
    assert publishes, [(s.service, s.kind, s.name) for s in spans]
    published = {s.span_id for s in publishes}
    for service in ("jobs", "reviews"):
        consumers = _all(spans, service=service, kind="consumer")
        assert consumers and all(c.parent_id in published for c in consumers), service
        # The consumer's effects in its database are its children.
        assert any(s.kind == "client" for c in consumers for s in _children(spans, c)), service


def test_a_clients_traceparent_starts_no_trace_of_its_own(visitor, collector, stack):
    """Untrusted by default: the client cannot join (or force the sampling of) a trace."""
    forged = "0af7651916cd43dd8448eb211c80319c"
    person = visitor()
    response = person.call(
        "GET", "/api/v1/companies", headers={"traceparent": f"00-{forged}-b7ad6b7169203331-01"}
    )
    assert response.status_code == 200
    edge = _gateway_span(collector, "GET", response.headers["X-Request-ID"])
    assert edge.trace_id != forged and edge.parent_id == ""

    def jobs_served(receiver):
        return _one(receiver.trace(edge.trace_id), service="jobs", kind="server")

    assert collector.wait_for(jobs_served).trace_id == edge.trace_id
    assert not collector.trace(forged)


def test_every_log_line_of_a_request_carries_its_trace_and_span(visitor, collector, stack):
    person = visitor()
    response = person.call("GET", "/api/v1/companies")
    request_id = response.headers["X-Request-ID"]
    edge = _gateway_span(collector, "GET", request_id)
    lines = [
        json.loads(line)
        for line in stack.log_path.read_text().splitlines()
        if request_id in line and line.startswith("{")
    ]
    access = [line for line in lines if line.get("message") == "request"]
    loggers = {line["logger"] for line in access}
    assert {"gateway.access", "servicekit.access"} <= loggers, access
    assert all(line["trace_id"] == edge.trace_id and len(line["span_id"]) == 16 for line in access)
