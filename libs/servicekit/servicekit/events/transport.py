"""The broker connection: RabbitMQ (AMQP) in staging and production, PostgreSQL in development.

`EVENT_BROKER_URL` names it. `amqp://` or `amqps://` is RabbitMQ (Amazon MQ for RabbitMQ on
AWS), with publisher confirms. `sqla+postgresql+psycopg2://` is kombu's SQLAlchemy transport
on the embedded PostgreSQL, so `make dev` and `make test` need no broker installed; it is
refused outside development.

kombu's SQLAlchemy transport marks a message invisible when it hands it out and forgets it
there: an acknowledgement changes nothing in the table, and a consumer killed before it
acknowledged loses the message, which RabbitMQ would have redelivered. `EmbeddedTransport`
is that transport with acknowledgements kept in the table, the way kombu's Redis and SQS
transports keep theirs: an acknowledged message is deleted, a rejected one requeued in place,
and one handed out but unacknowledged for `visibility_timeout` seconds is handed out again.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from kombu import Connection
from kombu.transport import sqlalchemy as kombu_sqla

from .brokers import check_broker_url, is_embedded
from .timing import Every

__all__ = ["EmbeddedTransport", "broker_connection", "check_broker_url", "is_embedded"]

# Long enough for any handler (they run one small transaction), short enough that a killed
# consumer's message is redelivered within a minute.
VISIBILITY_TIMEOUT = 30.0
POLLING_INTERVAL = 0.2  # the embedded transport polls; RabbitMQ pushes


class EmbeddedChannel(kombu_sqla.Channel):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._rows: dict[str, int] = {}  # delivery tag -> kombu_message row, while unacked
        self._rows_lock = threading.Lock()
        self.visibility_timeout = float(
            self.connection.client.transport_options.get("visibility_timeout", VISIBILITY_TIMEOUT)
        )
        self._recovery = Every(self.visibility_timeout / 3)

    def _engine_from_config(self):
        # kombu hands every transport option to create_engine; only the URL is the engine's.
        return kombu_sqla.create_engine(
            self.connection.client.hostname, pool_pre_ping=True, pool_size=2
        )

    def _get(self, queue):
        self._recover_abandoned()
        queue_row = self._get_or_create(queue)
        message_cls = self.message_cls
        try:
            row = (
                self.session.query(message_cls)
                .with_for_update(skip_locked=True)
                .filter(message_cls.queue_id == queue_row.id, message_cls.visible.is_(True))
                .order_by(message_cls.sent_at, message_cls.id)
                .limit(1)
                .first()
            )
            if row is None:
                raise kombu_sqla.Empty()
            row.visible = False  # and its timestamp becomes the hand-out time (onupdate)
            payload = kombu_sqla.loads(kombu_sqla.bytes_to_str(row.payload))
            with self._rows_lock:
                self._rows[payload["properties"]["delivery_tag"]] = row.id
            return payload
        finally:
            self.session.commit()

    def _recover_abandoned(self) -> None:
        """Hand out again what a consumer took and never acknowledged (it died holding it)."""
        if not self._recovery.due():
            return
        # kombu stamps rows with the local wall clock (datetime.now), so this compares alike.
        cutoff = datetime.now() - timedelta(seconds=self.visibility_timeout)
        message_cls = self.message_cls
        self.session.query(message_cls).filter(
            message_cls.visible.is_(False), message_cls.sent_at < cutoff
        ).update({message_cls.visible: True}, synchronize_session=False)
        self.session.commit()

    def _settle(self, delivery_tag: str, *, requeue: bool) -> None:
        with self._rows_lock:
            row_id = self._rows.pop(delivery_tag, None)
        if row_id is None:
            return
        rows = self.session.query(self.message_cls).filter(self.message_cls.id == row_id)
        if requeue:
            rows.update({self.message_cls.visible: True}, synchronize_session=False)
        else:
            rows.delete(synchronize_session=False)
        self.session.commit()

    def basic_ack(self, delivery_tag, multiple=False):
        super().basic_ack(delivery_tag, multiple)
        self._settle(delivery_tag, requeue=False)

    def basic_reject(self, delivery_tag, requeue=False):
        # Not super(): kombu would requeue by publishing a copy through the exchange again,
        # which also reaches every other queue bound to the routing key.
        self.qos._quick_ack(delivery_tag)
        self._settle(delivery_tag, requeue=requeue)

    def close(self):
        super().close()  # restores what is unacknowledged first (through _restore below)
        if self._session is not None:  # kombu leaves the session's connection checked out
            self._session.close()
            self._session = None

    def _restore(self, message):
        # At channel close kombu restores what is unacknowledged; in place, for the same reason.
        self._settle(message.delivery_tag, requeue=True)


class EmbeddedTransport(kombu_sqla.Transport):
    Channel = EmbeddedChannel


def broker_connection(url: str) -> Connection:
    """A kombu connection to the broker `url` names, publisher confirms on."""
    if is_embedded(url):
        connection = Connection(url, transport_options={"polling_interval": POLLING_INTERVAL})
        connection.transport_cls = EmbeddedTransport
        return connection
    # confirm_publish: publish() returns only once the broker has the message (or raises).
    return Connection(
        url, connect_timeout=3, heartbeat=30, transport_options={"confirm_publish": True}
    )
