"""Header hygiene between the client and the services."""

from __future__ import annotations

from servicekit.networks import Networks

# RFC 9110 section 7.6.1: meaningful for one hop only, never forwarded.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "proxy-connection",
    }
)


# Set by the gateway itself on every forwarded request (the client's value, if sane, is kept
# as the request id by other means). Expect: the body is already read, nothing to wait for.
# The trace context is the gateway's own (tracing.py); a client's baggage is not carried.
GATEWAY_SET = frozenset(
    {"host", "x-request-id", "content-length", "expect", "traceparent", "tracestate", "baggage"}
)


def _normalised(name: str) -> str:
    return name.lower().replace("_", "-")


def client_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The client's request headers (ASGI: lower-case names, as sent), minus everything the
    gateway must not pass on.

    Identity headers (X-User-*, spelled with dashes or underscores) and X-Forwarded-* are
    dropped: identity travels only in the verified token, forwarding facts only as the
    gateway itself states them.
    """
    connection_listed = {
        _normalised(token.strip())
        for name, value in headers
        if name == b"connection"
        for token in value.decode("latin-1").split(",")
        if token.strip()
    }
    kept = []
    for name, value in headers:
        lowered = _normalised(name.decode("latin-1"))
        if (
            lowered in HOP_BY_HOP
            or lowered in connection_listed
            or lowered in GATEWAY_SET
            or lowered.startswith(("x-user-", "x-forwarded-"))
            or lowered == "forwarded"
        ):
            continue
        kept.append((name, value))
    return kept


def trusted_hops(peer: str, client_chain: str | None, proxies: Networks) -> list[str]:
    """The hops the gateway can vouch for, the client first and the socket's peer last:
    the first is the address rate limits count by, all of them the X-Forwarded-For it sends.

    X-Forwarded-For is believed only as far as trusted proxies wrote it: from the peer
    back, each entry counts while the hop that appended it lies in a trusted network, and
    the first address outside them is the client. With no trusted network (the gateway
    published directly, as in every compose file) the peer is the client and the header a
    client sent is ignored, however it is rotated.
    """
    hops = [peer]
    if not proxies or not proxies.trusts(peer):
        return hops
    entries = [part.strip() for part in (client_chain or "").split(",") if part.strip()]
    for entry in reversed(entries):
        hops.insert(0, entry)
        if not proxies.trusts(entry):
            break
    return hops


def response_headers(upstream_headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The service's response headers minus hop-by-hop ones and its own X-Request-ID (the
    gateway states the request id itself)."""
    return [
        (name, value)
        for name, value in upstream_headers
        if (lowered := name.lower().decode("latin-1")) not in HOP_BY_HOP
        and lowered != "x-request-id"
    ]
