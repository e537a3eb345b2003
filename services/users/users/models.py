"""Accounts and refresh tokens."""

from __future__ import annotations

import uuid
from datetime import datetime

from servicekit.db import Timestamps
from servicekit.events import OutboxMixin
from sqlalchemy import ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db


class User(Timestamps, db.Model):
    __tablename__ = "users"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    email: Mapped[str] = mapped_column(String(254))
    # servicekit.emails.email_key(email): what makes two emails one account. Computed in
    # Python only, so the unique index and every lookup apply the same rule.
    email_key: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="user", server_default="user")
    is_active: Mapped[bool] = mapped_column(default=True, server_default="true")
    # Wrong current passwords given to PATCH /users/me in the window that began at
    # `password_failures_since`: past the limit the check is refused, not made (429).
    password_failures: Mapped[int] = mapped_column(default=0, server_default="0")
    password_failures_since: Mapped[datetime | None]
    # Counts changes to the account's standing (active, role, deleted); every event about
    # one carries it, so other services keep the latest whatever order events arrive in.
    account_version: Mapped[int] = mapped_column(default=1, server_default="1")


class RefreshToken(db.Model):
    """One refresh token; tokens rotated from one login share a `family_id`."""

    __tablename__ = "refresh_tokens"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    family_id: Mapped[uuid.UUID] = mapped_column(index=True)
    # Only a SHA-256 of the token is kept: a leaked table cannot be replayed.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class OutboxEvent(OutboxMixin, db.Model):
    """Events about accounts, written with the change; `flask worker` publishes them."""
