"""Which broker URLs an environment may use, decided without importing kombu (a web worker
checks its setting at start-up but never connects; the worker's transport is in transport.py)."""

from __future__ import annotations

from ..config import DEVELOPMENT, ConfigurationError

EMBEDDED_PREFIX = "sqla+"
AMQP_SCHEMES = ("amqp://", "amqps://", "pyamqp://")


def is_embedded(url: str) -> bool:
    return url.startswith(EMBEDDED_PREFIX)


def check_broker_url(url: str | None, app_env: str) -> None:
    """Refuse a broker this environment must not use (the embedded one outside development)."""
    if not url:
        return  # reported as a missing required setting
    if is_embedded(url):
        if app_env != DEVELOPMENT:
            raise ConfigurationError(
                f"refusing to start with APP_ENV={app_env}: EVENT_BROKER_URL is the embedded "
                "PostgreSQL transport, which is for development; use RabbitMQ (amqps://)"
            )
    elif not url.startswith(AMQP_SCHEMES):
        raise ConfigurationError(
            "EVENT_BROKER_URL must be amqp:// or amqps:// (RabbitMQ), "
            "or sqla+postgresql+psycopg2:// in development"
        )
