"""The relay: publishes outbox rows, and marks a row published only once the broker has it.

Publisher confirms make `publish` return only after the broker accepted the message, and
`mandatory` makes RabbitMQ hand back a message no queue would receive instead of dropping
it. While the broker is away the rows simply wait: the relay retries with a growing pause
(at most `MAX_PAUSE`), so it converges within seconds of the broker's return. A row
published whose mark was then lost (the database went away just after) is published again:
delivery is at least once, and the consumers' inbox makes the effect happen once.
Several relays of one service may run: each takes rows with SKIP LOCKED.
"""

from __future__ import annotations

import logging
import threading

from kombu import Producer
from opentelemetry.trace import SpanKind
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..tracing import carrier_of, context_from, tracer
from .timing import Every, Pause, delete_settled
from .topology import Topology

log = logging.getLogger("servicekit.events.relay")
TRACER = tracer("servicekit.events")

BATCH = 100
POLL_INTERVAL = 0.25  # seconds between looks at an empty outbox
PRUNE_EVERY = 600.0  # seconds between deletions of rows published a week ago


class Unroutable(RuntimeError):
    """No queue subscribes to the event: publishing it would lose it."""


class Relay:
    def __init__(self, engine, model, connect, topology: Topology) -> None:
        self.engine, self.model, self.connect, self.topology = engine, model, connect, topology
        self._prune = Every(PRUNE_EVERY)
        self._returned: list[str] = []  # routing keys the broker handed back (mandatory)

    def run(self, stop: threading.Event) -> None:
        """Publish until `stop` is set; never gives up on the broker or the database."""
        pause, connection = Pause(), None
        while not stop.is_set():
            try:
                if connection is None:
                    connection = self.connect()
                    connection.ensure_connection(max_retries=1)
                    channel = connection.channel()
                    self.topology.declare(channel)
                    # Only AMQP channels hand back unroutable messages; the embedded
                    # transport has no such call (publish checks the subscriptions first).
                    on_return = self._on_return if hasattr(channel, "events") else None
                    producer = Producer(
                        channel, exchange=self.topology.exchange, on_return=on_return
                    )
                    log.info("relay connected to the broker")
                published = self.publish_waiting(producer)
                pause.reset()
                if self._prune.due():
                    with Session(self.engine) as session:
                        delete_settled(session, self.model.published_at)
                if published < BATCH:
                    stop.wait(POLL_INTERVAL)
            except Exception as exc:  # noqa: BLE001 - the relay outlives every failure
                wait = pause.next()
                log.warning("relay: %s; retrying in %.2f s", _describe(exc), wait)
                if connection is not None:
                    _close_quietly(connection)
                    connection = None
                stop.wait(wait)
        if connection is not None:
            _close_quietly(connection)

    def publish_waiting(self, producer: Producer) -> int:
        """Publish one batch of waiting rows, oldest first; the number published."""
        model = self.model
        with Session(self.engine) as session:
            rows = session.scalars(
                select(model)
                .where(model.published_at.is_(None))
                .order_by(model.created_at, model.id)
                .limit(BATCH)
                .with_for_update(skip_locked=True)
            ).all()
            for row in rows:
                try:
                    self.publish(producer, row)
                except Exception as exc:
                    row.publish_attempts += 1
                    row.last_error = _describe(exc)[:500]
                    session.commit()  # the rows published before this one stay marked
                    raise
                row.published_at = func.now()
            session.commit()
            return len(rows)

    def publish(self, producer: Producer, row) -> None:
        if not self.topology.subscribers(row.type):
            raise Unroutable(f"no queue subscribes to {row.type}")
        self._returned.clear()
        # A child of the request that wrote the row; its traceparent goes in the message's
        # headers, where the W3C trace context for AMQP puts it, for the consumers.
        with TRACER.start_as_current_span(
            f"{row.type} publish",
            context=context_from(row.trace_context),
            kind=SpanKind.PRODUCER,
            attributes={"messaging.system": "rabbitmq", "messaging.message.id": str(row.id)},
        ):
            producer.publish(
                row.document,
                routing_key=row.type,
                serializer="json",
                delivery_mode="persistent",
                mandatory=True,
                message_id=str(row.id),
                headers=carrier_of(),
                retry=False,  # the loop above retries, with the row still unmarked
            )
        if self._returned:  # called back during the confirm wait, before publish returned
            raise Unroutable(f"the broker routed {row.type} to no queue")

    def _on_return(self, exc, exchange, routing_key, message) -> None:
        self._returned.append(routing_key)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".strip()


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception:
        log.debug("closing a failed broker connection", exc_info=True)
