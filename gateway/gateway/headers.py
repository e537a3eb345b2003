"""Header hygiene between the client and the services."""

from __future__ import annotations

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
# as the request id by other means).
GATEWAY_SET = frozenset({"host", "x-request-id", "content-length"})


def _normalised(name: str) -> str:
    return name.lower().replace("_", "-")


def client_headers(environ: dict) -> list[tuple[str, str]]:
    """The client's request headers, minus everything the gateway must not pass on.

    Identity headers (X-User-*, spelled with dashes or underscores) and X-Forwarded-* are
    dropped: identity travels only in the verified token, forwarding facts only as the
    gateway itself states them.
    """
    connection_listed = {
        _normalised(token.strip())
        for token in environ.get("HTTP_CONNECTION", "").split(",")
        if token.strip()
    }
    headers = []
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            name = key[5:].replace("_", "-").title()
        elif key in ("CONTENT_TYPE", "CONTENT_LENGTH") and value:
            name = key.replace("_", "-").title()
        else:
            continue
        lowered = _normalised(name)
        if (
            lowered in HOP_BY_HOP
            or lowered in connection_listed
            or lowered in GATEWAY_SET
            or lowered.startswith(("x-user-", "x-forwarded-"))
            or lowered == "forwarded"
        ):
            continue
        headers.append((name, value))
    return headers


def forwarded_for(environ: dict, trusted_proxies: int) -> str:
    """X-Forwarded-For as the gateway vouches for it.

    Only the entries appended by the `trusted_proxies` proxies in front of the gateway are
    kept (a client can write anything before them), then the socket's peer address.
    """
    peer = environ.get("REMOTE_ADDR", "")
    if trusted_proxies <= 0:
        return peer
    chain = [
        part.strip() for part in environ.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    return ", ".join([*chain[-trusted_proxies:], peer])


def client_address(environ: dict, trusted_proxies: int) -> str:
    """The address rate limits count by: the first hop the trusted proxies saw."""
    return forwarded_for(environ, trusted_proxies).split(",")[0].strip()


def response_headers(upstream_headers) -> list[tuple[str, str]]:
    return [
        (name, value) for name, value in upstream_headers.items() if name.lower() not in HOP_BY_HOP
    ]
