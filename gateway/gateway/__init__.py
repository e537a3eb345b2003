"""The gateway: the only public entry. Verifies tokens, routes by prefix, protects services."""

from __future__ import annotations

from typing import Any

from a2wsgi import WSGIMiddleware
from servicekit.requestlog import configure_logging
from servicekit.tokens import JwksKeySet, verifier_with
from servicekit.tracing import setup_tracing

from .breaker import CircuitBreaker
from .config import load_settings
from .cors import Cors
from .edge import Edge
from .ops import create_own_app
from .ratelimit import make_rate_limiter
from .shared import SharedState, for_this_process
from .tracing import EdgeTracing
from .upstream import Upstream


def create_app(config: dict[str, Any] | None = None, shared: SharedState | None = None) -> Edge:
    """The gateway as an ASGI app (run it with gateway.worker.GatewayWorker in gunicorn).

    `shared` is the state its workers share (rate limits, breakers): by default the one the
    gunicorn master created before forking, or this process's own.
    """
    settings = load_settings(config)
    configure_logging(settings["LOG_LEVEL"])
    setup_tracing("gateway")
    shared = shared or for_this_process()
    slots = {name: slot for slot, name in enumerate(sorted(settings["UPSTREAMS"]))}
    upstreams = {
        name: Upstream(
            name,
            url,
            connect_timeout=settings["CONNECT_TIMEOUT"],
            read_timeout=settings["READ_TIMEOUT"],
            pool_size=settings["POOL_SIZE"],
            max_idle=settings["POOL_IDLE_SECONDS"],
            breaker=CircuitBreaker(
                shared=shared,
                slot=slots[name],
                failures_to_open=settings["BREAKER_FAILURES"],
                cooldown=settings["BREAKER_COOLDOWN"],
            ),
        )
        for name, url in settings["UPSTREAMS"].items()
    }
    # The same verification code as every service (servicekit), verified tokens remembered.
    verifier = verifier_with(JwksKeySet.from_url(settings["JWKS_URL"]), settings)
    return Edge(
        settings,
        verifier=verifier,
        limiter=make_rate_limiter(settings, shared),
        upstreams=upstreams,
        cors=Cors(settings["CORS_ORIGINS"]),
        own_app=WSGIMiddleware(create_own_app(settings["UPSTREAMS"], settings["METRICS_READERS"])),
        tracing=EdgeTracing(settings["TRUST_CLIENT_TRACE_CONTEXT"]),
    )
