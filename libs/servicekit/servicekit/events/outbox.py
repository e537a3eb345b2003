"""The outbox: an event is a row written in the transaction of the change it reports.

So a change is never committed without its event, and no event leaves for a change that
rolled back. The relay (relay.py) publishes the rows afterwards.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Index, String, func, select, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from ..tracing import carrier_of
from .envelope import Event


class OutboxMixin:
    """Columns of a service's `outbox_events` table; the service declares the model."""

    __tablename__ = "outbox_events"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)  # the event's id
    type: Mapped[str] = mapped_column(String(100))
    document: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    published_at: Mapped[datetime | None]
    publish_attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(String(500))
    # The traceparent the change was made in (servicekit.tracing): the relay passes it on,
    # so the consumers' work joins the trace of the request that caused it.
    trace_context: Mapped[dict[str, str] | None] = mapped_column(JSONB)

    @declared_attr.directive
    def __table_args__(cls):
        # The relay's only question, "what waits, oldest first", reads this small index.
        return (
            Index(
                "ix_outbox_events_waiting",
                "created_at",
                postgresql_where=text("published_at IS NULL"),
            ),
        )


def publish_later(session, model, event_type: str, subject: Any, data: dict[str, Any]) -> Event:
    """Add `event_type` about `subject` to the session's transaction; the relay sends it."""
    event = Event(type=event_type, subject=str(subject), data=data)
    session.add(
        model(
            id=event.id,
            type=event.type,
            document=event.document(),
            trace_context=carrier_of() or None,
        )
    )
    return event


def backlog(session, model) -> tuple[int, float | None]:
    """How many events wait to be published, and the oldest one's age in seconds."""
    waiting, oldest = session.execute(
        select(func.count(), func.extract("epoch", func.now() - func.min(model.created_at))).where(
            model.published_at.is_(None)
        )
    ).one()
    return waiting, (float(oldest) if oldest is not None else None)
