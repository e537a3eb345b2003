"""The reviews service's settings, read from the environment."""

from __future__ import annotations

from typing import Any

from servicekit.config import DEVELOPMENT, base_settings, env, finalize_settings


def load_settings(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    settings = base_settings()
    development = settings["APP_ENV"] == DEVELOPMENT
    settings.update(
        {
            # Where the jobs service answers; reviews asks it which company a job belongs to.
            "JOBS_URL": env("JOBS_URL", "http://127.0.0.1:5002" if development else None),
            "JOBS_CONNECT_TIMEOUT": float(env("JOBS_CONNECT_TIMEOUT", "1")),
            "JOBS_READ_TIMEOUT": float(env("JOBS_READ_TIMEOUT", "2")),
            # Open flags from this many distinct users hide a review until an admin decides.
            "FLAGS_TO_HIDE": int(env("FLAGS_TO_HIDE", "3")),
        }
    )
    settings.update(overrides or {})
    required = ["SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "JWKS_URL", "JOBS_URL"]
    return finalize_settings(settings, required=required)
