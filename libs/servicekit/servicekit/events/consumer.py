"""The consumer: takes a service's events from its queue and hands them to its inbox.

kombu's ConsumerMixin reconnects after the broker goes away and declares the consumers
again on the new connection (a consumer not restored after a reconnect is a known way to
stop hearing anything). A message is acknowledged only once the inbox has recorded it; one
that is not an event at all, or of a type or version this service does not know, goes to the
dead-letter queue at once, with a log line saying why.
"""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager

from kombu import Producer
from kombu.mixins import ConsumerMixin
from opentelemetry.trace import SpanKind

from ..tracing import context_from, tracer
from .envelope import MalformedEvent, parse
from .inbox import Inbox
from .timing import MAX_PAUSE, Every, Pause
from .topology import Topology

log = logging.getLogger("servicekit.events.consumer")
TRACER = tracer("servicekit.events")

PREFETCH = 10
RETRY_EVERY = 1.0  # seconds between looks for failed events whose pause is over
PREVIEW = 200  # characters of an undecodable body shown in its log line


class EventConsumer(ConsumerMixin):
    def __init__(
        self,
        connect,
        topology: Topology,
        service: str,
        inbox: Inbox,
        stop: threading.Event,
        *,
        retry_every: float = RETRY_EVERY,
    ) -> None:
        self.connect, self.topology, self.service, self.inbox = connect, topology, service, inbox
        self.stop = stop
        self.connection = connect()  # ConsumerMixin reads its error classes from this one
        self.pause = Pause()
        self._producer: Producer | None = None
        self._retry = Every(retry_every)
        inbox.dead_letter = self.dead_letter  # what the inbox gives up on goes to our queue

    def create_connection(self):
        # Not connection.clone(): a clone loses the embedded transport's class.
        return self.connect()

    @contextmanager
    def establish_connection(self):
        # kombu waits 2, 4, 6 ... up to 30 s between attempts; after an outage that would
        # leave the consumer asleep long after the broker is back. At most MAX_PAUSE here.
        with self.create_connection() as connection:
            connection.ensure_connection(
                self.on_connection_error,
                self.connect_max_retries,
                interval_start=0.25,
                interval_step=0.5,
                interval_max=MAX_PAUSE,
            )
            yield connection

    def get_consumers(self, Consumer, channel):
        self.topology.declare(channel)
        self._producer = Producer(channel)
        consumer = Consumer(
            queues=[self.topology.queue(self.service)],
            on_message=self.on_message,
            prefetch_count=PREFETCH,
        )
        return [consumer]

    def on_consume_ready(self, connection, channel, consumers, **kwargs):
        log.info("consuming %s", self.topology.queue_name(self.service))

    def on_connection_error(self, exc, interval):
        log.warning("broker unreachable (%s); retrying in %.1f s", exc, interval)

    def on_iteration(self):
        if self.stop.is_set():
            self.should_stop = True
            return
        if self._retry.due():
            try:
                self.inbox.retry_due()
            except Exception as exc:  # noqa: BLE001 - the database may be away; try again later
                log.warning("retrying failed events: %s", exc)

    def on_message(self, message) -> None:
        # The publisher's span is the parent (relay.py): the effects join the request's trace.
        with TRACER.start_as_current_span(
            f"{self.topology.queue_name(self.service)} process",
            context=context_from(message.headers),
            kind=SpanKind.CONSUMER,
            attributes={"messaging.system": "rabbitmq"},
        ) as span:
            self._handle(message, span)

    def _handle(self, message, span) -> None:
        try:
            event = parse(message.body)
        except MalformedEvent as exc:
            self.dead_letter(message.body, f"not an event: {exc}")
            message.ack()
            return
        if not self.inbox.knows(event):
            why = f"{self.service} handles no {event.type} version {event.version}"
            self.dead_letter(message.body, why)
            message.ack()
            return
        if span.is_recording():
            span.update_name(f"{event.type} process")
            span.set_attributes({"messaging.message.id": str(event.id), "event.type": event.type})
        try:
            self.inbox.receive(event)
        except Exception as exc:  # noqa: BLE001 - nothing recorded: it must come again
            wait = self.pause.next()
            log.warning(
                "event %s (%s) not recorded (%s); redelivering it in %.2f s",
                event.id, event.type, exc, wait,
            )  # fmt: skip
            self.stop.wait(wait)
            message.requeue()
            return
        self.pause.reset()
        message.ack()

    def dead_letter(self, body, why: str) -> None:
        """Publish `body` to this service's dead-letter queue, confirmed; log why."""
        queue = self.topology.dead_letter_queue(self.service)
        if isinstance(body, dict):
            options = {"serializer": "json"}
        else:
            options = {"content_type": "application/octet-stream", "content_encoding": "binary"}
            body = body.encode() if isinstance(body, str) else body
        self._producer.publish(
            body,
            exchange="",
            routing_key=queue.name,
            headers={"x-dead-letter-reason": why[:500], "x-original-queue": self.service},
            delivery_mode="persistent",
            mandatory=True,
            retry=False,
            **options,
        )
        preview = body if isinstance(body, dict) else body[:PREVIEW]
        log.error("dead-lettered a message to %s: %s (%r)", queue.name, why, preview)
