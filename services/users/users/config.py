"""The users service's settings, read from the environment."""

from __future__ import annotations

from typing import Any

from servicekit.config import ConfigurationError, base_settings, env, finalize_settings

DEV_KEY_FILE = "var/dev/jwt-private.pem"


def load_settings(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    settings = base_settings()
    settings.update(
        {
            "JWT_PRIVATE_KEY": env("JWT_PRIVATE_KEY"),
            "JWT_PRIVATE_KEY_FILE": env("JWT_PRIVATE_KEY_FILE"),
            # Published beside the signing key while tokens it signed may still be in use.
            "JWT_PREVIOUS_PUBLIC_KEY": env("JWT_PREVIOUS_PUBLIC_KEY"),
            "JWT_PREVIOUS_PUBLIC_KEY_FILE": env("JWT_PREVIOUS_PUBLIC_KEY_FILE"),
            "DEV_KEY_FILE": env("DEV_KEY_FILE", DEV_KEY_FILE),
            "ACCESS_TOKEN_TTL_SECONDS": int(env("ACCESS_TOKEN_TTL_SECONDS", "900")),
            "REFRESH_TOKEN_TTL_DAYS": int(env("REFRESH_TOKEN_TTL_DAYS", "30")),
            # Argon2id cost; the defaults follow RFC 9106's second recommended option.
            "ARGON2_TIME_COST": int(env("ARGON2_TIME_COST", "3")),
            "ARGON2_MEMORY_COST_KIB": int(env("ARGON2_MEMORY_COST_KIB", "65536")),
            "ARGON2_PARALLELISM": int(env("ARGON2_PARALLELISM", "4")),
            # Wrong current passwords allowed per account and window (PATCH /users/me).
            "PASSWORD_CHECK_LIMIT": int(env("PASSWORD_CHECK_LIMIT", "5")),
            "PASSWORD_CHECK_WINDOW_SECONDS": int(env("PASSWORD_CHECK_WINDOW_SECONDS", "900")),
        }
    )
    settings.update(overrides or {})
    finalize_settings(settings, required=["SECRET_KEY", "SQLALCHEMY_DATABASE_URI"])
    if settings["APP_ENV"] != "development" and not (
        settings["JWT_PRIVATE_KEY"] or settings["JWT_PRIVATE_KEY_FILE"]
    ):
        raise ConfigurationError(
            "refusing to start outside development without JWT_PRIVATE_KEY or JWT_PRIVATE_KEY_FILE"
        )
    return settings
