"""A tiny consuming service for the events tests: its own tables, one effect, a consumer.

Run as a script (`python rig.py MODE DATABASE_URL BROKER_URL NAMESPACE`) it consumes in a
process of its own, which MODE may kill at the worst moments: `die-before-commit` exits
inside the effect's transaction, `die-after-commit` once the inbox committed and before the
message is acknowledged, `run` consumes until killed.
"""

from __future__ import annotations

import os
import sys
import threading
import uuid

from servicekit.db import make_model_base
from servicekit.events import Event, InboxMixin, OutboxMixin
from servicekit.events.consumer import EventConsumer
from servicekit.events.inbox import Inbox
from servicekit.events.topology import Topology
from servicekit.events.transport import broker_connection
from sqlalchemy import String, create_engine, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

Base = make_model_base()
EVENT_TYPE = "user.noted"  # routed to the jobs queue (user.*), which the rig consumes
SERVICE = "jobs"


class Outbox(OutboxMixin, Base):
    pass


class InboxEvent(InboxMixin, Base):
    pass


class Effect(Base):
    """One row per time an effect was applied: the count the tests check."""

    __tablename__ = "effects"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    event_id: Mapped[uuid.UUID]
    note: Mapped[str] = mapped_column(String(200))


def note(session: Session, event: Event) -> None:
    if event.data.get("fail"):
        raise RuntimeError("this effect always fails")
    session.add(Effect(event_id=event.id, note=str(event.data.get("note", ""))))
    if os.environ.get("RIG_MODE") == "die-before-commit":
        session.flush()
        os._exit(3)


HANDLERS = {(EVENT_TYPE, 1): note}


def engine_for(database_url: str):
    return create_engine(database_url.replace("postgresql://", "postgresql+psycopg2://", 1))


def effects(engine, event_id: uuid.UUID | None = None) -> int:
    with Session(engine) as session:
        query = select(func.count()).select_from(Effect)
        if event_id is not None:
            query = query.where(Effect.event_id == event_id)
        return session.scalar(query)


def connector(broker_url: str, visibility_timeout: float | None = None):
    def connect():
        connection = broker_connection(broker_url)
        if visibility_timeout is not None:
            connection.transport_options["visibility_timeout"] = visibility_timeout
        return connection

    return connect


def consumer(engine, broker_url, namespace, stop, *, max_attempts=3, first_pause=0.05, **options):
    connect = connector(broker_url, options.pop("visibility_timeout", None))
    inbox = Inbox(engine, InboxEvent, HANDLERS, max_attempts=max_attempts, first_pause=first_pause)
    return EventConsumer(connect, Topology(namespace), SERVICE, inbox, stop, **options)


class DieAfterCommit(Inbox):
    def receive(self, event):
        outcome = super().receive(event)
        os._exit(4)  # committed, never acknowledged
        return outcome


def main(mode: str, database_url: str, broker_url: str, namespace: str) -> None:
    os.environ["RIG_MODE"] = mode
    engine = engine_for(database_url)
    worker = consumer(engine, broker_url, namespace, threading.Event())
    if mode == "die-after-commit":
        worker.inbox.__class__ = DieAfterCommit
    worker.run()


if __name__ == "__main__":
    main(*sys.argv[1:5])
