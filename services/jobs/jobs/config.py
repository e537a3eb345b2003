"""The jobs service's settings, read from the environment."""

from __future__ import annotations

from typing import Any

from servicekit.config import base_settings, finalize_settings


def load_settings(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    settings = base_settings()
    settings.update(overrides or {})
    return finalize_settings(
        settings, required=["SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "JWKS_URL"]
    )
