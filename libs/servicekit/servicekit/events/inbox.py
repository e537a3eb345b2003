"""The inbox: each event applied once, whatever the broker delivers twice or out of order.

A received event's id is recorded in the consumer's own database, in the transaction that
applies its effect; only then is the message acknowledged. A redelivered event finds its id
there and changes nothing. An effect that fails is not retried by requeueing (which would
spin on it at once, and on kombu's virtual transports copy it to every queue bound to its
routing key): the event stays recorded, unapplied, and the worker applies it again after a
growing pause, until it succeeds or has failed `max_attempts` times; then it goes to the
service's dead-letter queue with a log line saying why, and the queue keeps flowing.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Index, String, func, select, text
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column

from .envelope import Event, MalformedEvent, from_document
from .timing import Every, delete_settled, interval

log = logging.getLogger("servicekit.events.inbox")

Handler = Callable[[Session, Event], None]
Handlers = dict[tuple[str, int], Handler]  # (type, version) -> the effect
DeadLetter = Callable[[Any, str], None]  # (the message body, why) -> published, or raises
MAX_ATTEMPTS = 5
LAG_WINDOW = interval(300)  # the consumer's lag is measured over the last five minutes
FIRST_PAUSE = 1.0  # seconds before the second attempt; doubled each time, at most LONGEST_PAUSE
LONGEST_PAUSE = 60.0
PRUNE_EVERY = 600.0  # seconds between deletions of rows applied a week ago


class InboxMixin:
    """Columns of a service's `inbox_events` table; the service declares the model."""

    __tablename__ = "inbox_events"

    event_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(100))
    document: Mapped[dict[str, Any]] = mapped_column(JSONB)
    received_at: Mapped[datetime] = mapped_column(server_default=func.now())
    processed_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=1, server_default="1")
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    dead_at: Mapped[datetime | None]

    @declared_attr.directive
    def __table_args__(cls):
        # The retry loop's question, "what failed and is due", reads this small index.
        return (
            Index(
                "ix_inbox_events_due",
                "next_attempt_at",
                postgresql_where=text("processed_at IS NULL AND dead_at IS NULL"),
            ),
        )


class Inbox:
    def __init__(
        self,
        engine,
        model,
        handlers: Handlers,
        dead_letter: DeadLetter | None = None,
        *,
        max_attempts: int = MAX_ATTEMPTS,
        first_pause: float = FIRST_PAUSE,
    ) -> None:
        self.engine, self.model, self.handlers = engine, model, handlers
        # The consumer sets dead_letter to publish to its dead-letter queue.
        self.dead_letter, self.max_attempts = dead_letter, max_attempts
        self.first_pause = first_pause
        self._prune = Every(PRUNE_EVERY)

    def knows(self, event: Event) -> bool:
        return (event.type, event.version) in self.handlers

    def receive(self, event: Event) -> str:
        """Record and apply `event`: "applied", "duplicate", "failed" (retried later) or "dead".

        Raises only when the database itself is unavailable: then nothing was recorded, and
        the message must not be acknowledged.
        """
        model = self.model
        with Session(self.engine) as session:
            recorded = session.execute(
                insert(model)
                .values(event_id=event.id, type=event.type, document=event.document())
                .on_conflict_do_nothing(index_elements=[model.event_id])
                .returning(model.event_id)
            ).first()
            if recorded is None:  # waited for, then saw, the first delivery's commit
                session.commit()
                log.info("event %s (%s) seen before; nothing to do", event.id, event.type)
                return "duplicate"
            row = session.get(model, event.id)
            outcome = self._attempt(session, row, event)
            session.commit()
            return outcome

    def retry_due(self, limit: int = 20) -> int:
        """Apply again the recorded events whose pause is over; how many were tried. Now and
        then, forget events applied a week ago (a redelivery that late is not expected)."""
        model = self.model
        with Session(self.engine) as session:
            if self._prune.due():
                delete_settled(session, model.processed_at)
            rows = session.scalars(
                select(model)
                .where(
                    model.processed_at.is_(None),
                    model.dead_at.is_(None),
                    model.next_attempt_at <= func.now(),
                )
                .order_by(model.next_attempt_at)
                .limit(limit)
                .with_for_update(skip_locked=True)
            ).all()
            for row in rows:
                row.attempts += 1
                self._attempt(session, row, from_document(row.document))
            session.commit()
            return len(rows)

    def _attempt(self, session: Session, row, event: Event) -> str:
        try:
            with session.begin_nested():  # a failed effect leaves the inbox row standing
                self.handlers[(event.type, event.version)](session, event)
        except MalformedEvent as exc:  # well-formed JSON, unusable data: retrying cannot help
            return self._give_up(row, f"its data is malformed: {exc}")
        except Exception as exc:  # noqa: BLE001 - any failure of an effect is retried
            row.last_error = f"{type(exc).__name__}: {exc}"[:500]
            if row.attempts >= self.max_attempts:
                return self._give_up(row, f"it failed {row.attempts} times")
            pause = min(self.first_pause * 2 ** (row.attempts - 1), LONGEST_PAUSE)
            row.next_attempt_at = func.now() + interval(pause)
            log.warning(
                "event %s (%s) failed (attempt %d of %d, next in %.0f s): %s",
                event.id, event.type, row.attempts, self.max_attempts, pause, row.last_error,
            )  # fmt: skip
            return "failed"
        row.processed_at = func.now()
        return "applied"

    def _give_up(self, row, why: str) -> str:
        reason = why if row.last_error is None else f"{why}; last error: {row.last_error}"
        self.dead_letter(row.document, reason)  # raises if the broker refuses: tried again
        row.dead_at, row.last_error = func.now(), reason[:500]
        return "dead"


def pending(session: Session, model) -> dict[str, float | int | None]:
    """Recorded events not yet applied, dead-lettered ones, the oldest pending one's age, and
    the consumer's lag: the longest an event received in the last `LAG_WINDOW` took from its
    occurrence (in its producer) to this inbox."""
    unsettled = (model.processed_at.is_(None), model.dead_at.is_(None))
    occurred = model.document["occurred_at"].astext.cast(DateTime(timezone=True))
    waiting, dead, oldest, lag = session.execute(
        select(
            func.count().filter(*unsettled),
            func.count().filter(model.dead_at.is_not(None)),
            func.extract("epoch", func.now() - func.min(model.received_at).filter(*unsettled)),
            func.extract(
                "epoch",
                func.max(model.received_at - occurred).filter(
                    model.received_at > func.now() - LAG_WINDOW
                ),
            ),
        )
    ).one()
    return {
        "pending": waiting,
        "dead_lettered": dead,
        "oldest_pending_age_seconds": float(oldest) if oldest is not None else None,
        "delivery_lag_seconds": float(lag) if lag is not None else None,
    }
