"""The gateway's settings, read from the environment."""

from __future__ import annotations

from typing import Any

from servicekit.config import DEVELOPMENT, ConfigurationError, env
from servicekit.networks import PRIVATE_NETWORKS, Networks

DEV_ORIGIN = "http://localhost:5173"  # the web client's dev server


def load_settings(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    app_env = env("APP_ENV", "production")
    development = app_env == DEVELOPMENT

    def upstream(name: str, port: int) -> str | None:
        return env(f"{name}_URL", f"http://127.0.0.1:{port}" if development else None)

    settings: dict[str, Any] = {
        "APP_ENV": app_env,
        "UPSTREAMS": {
            "users": upstream("USERS", 5001),
            "jobs": upstream("JOBS", 5002),
            "reviews": upstream("REVIEWS", 5003),
        },
        "JWKS_URL": env("JWKS_URL"),
        "JWT_ISSUER": env("JWT_ISSUER", "jobsight"),
        "JWT_AUDIENCE": env("JWT_AUDIENCE", "jobsight-api"),
        "JWT_LEEWAY_SECONDS": int(env("JWT_LEEWAY_SECONDS", "30")),
        "CONNECT_TIMEOUT": float(env("UPSTREAM_CONNECT_TIMEOUT", "1")),
        "READ_TIMEOUT": float(env("UPSTREAM_READ_TIMEOUT", "10")),
        "POOL_SIZE": int(env("UPSTREAM_POOL_SIZE", "16")),
        # Idle kept-alive connections are dropped before the services' keep-alive ends
        # (gunicorn: 2 s by default, 5 s in deploy/gunicorn.conf.py).
        "POOL_IDLE_SECONDS": float(env("UPSTREAM_POOL_IDLE_SECONDS", "1.5")),
        "BREAKER_FAILURES": int(env("BREAKER_FAILURES", "5")),
        "BREAKER_COOLDOWN": float(env("BREAKER_COOLDOWN", "10")),
        "MAX_BODY_BYTES": int(env("MAX_BODY_BYTES", str(1024 * 1024))),
        # A request body must arrive within this many seconds of its headers (408 after).
        "BODY_TIMEOUT": float(env("BODY_TIMEOUT_SECONDS", "10")),
        "LOGIN_LIMIT_PER_MINUTE": int(env("LOGIN_LIMIT_PER_MINUTE", "10")),
        "LOGIN_LIMIT_PER_CLIENT_PER_MINUTE": int(env("LOGIN_LIMIT_PER_CLIENT_PER_MINUTE", "30")),
        "REGISTER_LIMIT_PER_MINUTE": int(env("REGISTER_LIMIT_PER_MINUTE", "5")),
        "RATE_LIMIT_PER_MINUTE": int(env("RATE_LIMIT_PER_MINUTE", "600")),
        "REDIS_URL": env("REDIS_URL"),
        # Networks of the proxies in front of the gateway (a load balancer's subnets), whose
        # X-Forwarded-For entries count; empty when clients connect to the gateway itself.
        "TRUSTED_PROXY_CIDRS": _listed(env("TRUSTED_PROXY_CIDRS", "")),
        "CORS_ORIGINS": _listed(env("CORS_ORIGINS", DEV_ORIGIN if development else "")),
        # Who may read /metrics: the loopback and private networks (a scraper beside the
        # gateway, in its VPC or compose network); to anyone else it is 404.
        "METRICS_ALLOWED_CIDRS": _listed(env("METRICS_ALLOWED_CIDRS", PRIVATE_NETWORKS)),
        # Continue a client's W3C traceparent instead of starting a trace of our own: only
        # behind a front end that traces too and strips what clients send.
        "TRUST_CLIENT_TRACE_CONTEXT": env("TRUST_CLIENT_TRACE_CONTEXT", "false").lower()
        in ("1", "true", "yes"),
        "LOG_LEVEL": env("LOG_LEVEL", "INFO"),
    }
    settings.update(overrides or {})
    if not settings["JWKS_URL"] and settings["UPSTREAMS"]["users"]:
        settings["JWKS_URL"] = settings["UPSTREAMS"]["users"].rstrip("/") + "/.well-known/jwks.json"
    # The networks, parsed once: a malformed one refuses to start, naming its setting.
    for name, parsed in (
        ("TRUSTED_PROXY_CIDRS", "PROXIES"),
        ("METRICS_ALLOWED_CIDRS", "METRICS_READERS"),
    ):
        try:
            settings[parsed] = Networks(settings[name])
        except ValueError as exc:
            raise ConfigurationError(f"{name}: {exc}") from None
    missing = [name for name, url in settings["UPSTREAMS"].items() if not url]
    if missing:
        raise ConfigurationError(
            "refusing to start without upstream URLs: "
            + ", ".join(f"{name.upper()}_URL" for name in missing)
        )
    return settings


def _listed(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]
