"""Events handed straight to a service's inbox: its effects tested without a broker.

The broker legs (relay, consumer, redelivery, dead letters) are tested in servicekit's own
events tests, on real brokers; a service's tests check what its handlers do.
"""

from __future__ import annotations

from ..events import Event
from ..events.inbox import Inbox


def deliver(app, event: Event, dead_letters: list | None = None) -> str:
    """Apply `event` as the service's worker would: "applied", "duplicate", "failed", "dead"."""
    events = app.extensions["events"]

    def dead_letter(body, why):
        if dead_letters is None:
            raise AssertionError(f"{event.type} was dead-lettered: {why}")
        dead_letters.append((body, why))

    with app.app_context():
        engine = app.extensions["sqlalchemy"].engine
        inbox = Inbox(engine, events.inbox, events.handlers, dead_letter, max_attempts=1)
        return inbox.receive(event)


def account_event(
    event_type: str, user_id, *, version: int, active: bool = True, role: str = "user"
) -> Event:
    """An event of the users service about an account's standing, as it writes them."""
    return Event(
        type=event_type,
        subject=str(user_id),
        data={"account_version": version, "active": active, "role": role},
    )


def outbox_types(app) -> list[str]:
    """The types of the events waiting in the service's outbox, oldest first."""
    from sqlalchemy import select

    model = app.extensions["events"].outbox
    with app.app_context():
        session = app.extensions["sqlalchemy"].session
        return list(session.scalars(select(model.type).order_by(model.created_at, model.id)))
