"""The trace context the gateway forwards: its own, continuing a client's only when trusted."""

from __future__ import annotations

import re

CLIENT_TRACE = "0af7651916cd43dd8448eb211c80319c"
CLIENT_PARENT = f"00-{CLIENT_TRACE}-b7ad6b7169203331-01"
TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")


def _forwarded(client, headers=None) -> dict:
    response = client.request("GET", "/api/v1/companies", headers=headers or {})
    assert response.status == 200
    return client.json(response)["headers"]


def test_every_forwarded_request_carries_a_traceparent_of_the_gateways_own(client):
    first, second = _forwarded(client), _forwarded(client)
    traces = [TRACEPARENT.match(seen["traceparent"]).group(1) for seen in (first, second)]
    assert traces[0] != traces[1]  # each request its own trace


def test_a_clients_trace_headers_are_replaced_not_passed_on(client):
    seen = _forwarded(
        client,
        {"traceparent": CLIENT_PARENT, "tracestate": "evil=1", "baggage": "user_id=admin"},
    )
    trace_id = TRACEPARENT.match(seen["traceparent"]).group(1)
    assert trace_id != CLIENT_TRACE
    assert "tracestate" not in seen and "baggage" not in seen


def test_a_trusted_front_ends_traceparent_is_continued(fresh_gateway):
    client = fresh_gateway(TRUST_CLIENT_TRACE_CONTEXT=True)
    seen = _forwarded(client, {"traceparent": CLIENT_PARENT, "tracestate": "front=1"})
    trace_id, parent_id = TRACEPARENT.match(seen["traceparent"]).groups()
    assert trace_id == CLIENT_TRACE
    assert parent_id != "b7ad6b7169203331"  # the gateway's own span, a child of the client's
    assert seen["tracestate"] == "front=1"


def test_a_malformed_traceparent_from_a_trusted_front_end_starts_a_new_trace(fresh_gateway):
    client = fresh_gateway(TRUST_CLIENT_TRACE_CONTEXT=True)
    seen = _forwarded(client, {"traceparent": "00-not-a-trace-01"})
    assert TRACEPARENT.match(seen["traceparent"])
