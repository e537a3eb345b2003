"""Guards for the services' `flask` commands."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click
from flask import current_app

from .config import DEVELOPMENT


def development_only(command: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse to run outside APP_ENV=development: the demo data's logins are public (the
    dev runner prints them), so loading it anywhere else would open a door."""

    @functools.wraps(command)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        app_env = current_app.config.get("APP_ENV")
        if app_env != DEVELOPMENT:
            raise click.ClickException(
                f"this command loads demo data with public logins; it runs only with "
                f"APP_ENV=development, not {app_env}"
            )
        return command(*args, **kwargs)

    return guarded
