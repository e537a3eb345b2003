"""Integration events: an outbox per service, a relay to the broker, an inbox per consumer.

    change + outbox row ──(one transaction)──▶ relay ──confirmed publish──▶ broker
    broker ──▶ consumer ──(inbox row + effect, one transaction)──▶ ack

See envelope (the event), outbox, relay, topology (who hears what), transport (RabbitMQ, or
PostgreSQL in development), inbox, consumer and worker (`flask worker`).
"""

from .envelope import Event, MalformedEvent
from .inbox import InboxMixin
from .outbox import OutboxMixin, publish_later
from .worker import Chore, ServiceEvents, register_events

__all__ = [
    "Chore",
    "Event",
    "InboxMixin",
    "MalformedEvent",
    "OutboxMixin",
    "ServiceEvents",
    "publish_later",
    "register_events",
]
