"""Configuration from the environment, and the check that guards production."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

from .networks import PRIVATE_NETWORKS

DEVELOPMENT = "development"
DEV_SECRET_KEY = "dev-secret-key-not-for-production"  # noqa: S105 - refused outside development
# What the example files put where a secret goes (.env.example, .env.staging.example): a
# value still holding one was copied, not chosen, and is as public as the repository.
PLACEHOLDER_MARKERS = ("change-me", "changeme", "changethis", "replace-me")
SECRET_SETTINGS = (
    "SECRET_KEY",
    "SQLALCHEMY_DATABASE_URI",
    "JWT_PRIVATE_KEY",
    "REDIS_URL",
    "EVENT_BROKER_URL",
)


class ConfigurationError(RuntimeError):
    """The service must not start with this configuration."""


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def base_settings() -> dict[str, Any]:
    """Settings every service reads; a service adds its own on top."""
    app_env = env("APP_ENV", "production")
    return {
        "APP_ENV": app_env,
        "SECRET_KEY": env("SECRET_KEY", DEV_SECRET_KEY if app_env == DEVELOPMENT else None),
        "SQLALCHEMY_DATABASE_URI": env("DATABASE_URL"),
        "SQLALCHEMY_ENGINE_OPTIONS": {
            # No pool_pre_ping (a round trip before every request's first query): when the
            # database restarts, the first query on a dropped connection fails (503), and
            # SQLAlchemy then retires every connection the pool opened before it, so each
            # one fails at most once (services/jobs/tests/test_database_restart.py).
            "pool_size": int(env("DB_POOL_SIZE", "5")),
            "connect_args": {"connect_timeout": int(env("DB_CONNECT_TIMEOUT", "3"))},
        },
        "JWT_ISSUER": env("JWT_ISSUER", "jobsight"),
        "JWT_AUDIENCE": env("JWT_AUDIENCE", "jobsight-api"),
        # How far a token's exp and iat may be off the clock: the machines' clock skew.
        "JWT_LEEWAY_SECONDS": int(env("JWT_LEEWAY_SECONDS", "30")),
        "JWKS_URL": env(
            "JWKS_URL",
            "http://127.0.0.1:5001/.well-known/jwks.json" if app_env == DEVELOPMENT else None,
        ),
        "LOG_LEVEL": env("LOG_LEVEL", "INFO"),
        # Who may read a service's /metrics (CIDRs), as for the gateway's.
        "METRICS_ALLOWED_CIDRS": env("METRICS_ALLOWED_CIDRS", PRIVATE_NETWORKS),
        # Integration events (servicekit.events): read by `flask worker`, not the web workers.
        "EVENT_BROKER_URL": env("EVENT_BROKER_URL"),
        "EVENTS_NAMESPACE": env("EVENTS_NAMESPACE", "jobsight"),
        "EVENT_MAX_ATTEMPTS": int(env("EVENT_MAX_ATTEMPTS", "5")),
        "WORKER_HEARTBEAT_FILE": env("WORKER_HEARTBEAT_FILE"),
    }


def sqlalchemy_url(url: str | None) -> str | None:
    """Plain postgresql:// URLs mean psycopg2 here (SQLAlchemy 2.1 would pick psycopg 3)."""
    if url and url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg2://" + url.split("://", 1)[1]
    return url


def finalize_settings(
    settings: dict[str, Any],
    required: Iterable[str],
    development_defaults: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Normalise the database URL, then refuse a configuration unfit for APP_ENV."""
    settings["SQLALCHEMY_DATABASE_URI"] = sqlalchemy_url(settings.get("SQLALCHEMY_DATABASE_URI"))
    check_settings(settings, required, development_defaults)
    return settings


def check_settings(
    settings: Mapping[str, Any],
    required: Iterable[str],
    development_defaults: Mapping[str, Any] | None = None,
) -> None:
    """Refuse to start outside development with a missing setting or a development default.

    Development defaults exist so `make dev` needs no setup; they must never reach staging
    or production, where they would be public knowledge.
    """
    if settings.get("APP_ENV") == DEVELOPMENT:
        return
    defaults = {"SECRET_KEY": DEV_SECRET_KEY, **(development_defaults or {})}
    missing = [name for name in required if not settings.get(name)]
    unsafe = [name for name, value in defaults.items() if settings.get(name) == value]
    copied = [name for name in SECRET_SETTINGS if is_placeholder(settings.get(name))]
    if missing or unsafe or copied:
        problems = [f"{name} is not set" for name in missing]
        problems += [f"{name} is a development default" for name in unsafe]
        problems += [f"{name} is still the example file's placeholder" for name in copied]
        raise ConfigurationError(
            f"refusing to start with APP_ENV={settings.get('APP_ENV')}: " + "; ".join(problems)
        )


def is_placeholder(value: object) -> bool:
    return isinstance(value, str) and any(m in value.lower() for m in PLACEHOLDER_MARKERS)
