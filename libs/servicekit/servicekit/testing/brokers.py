"""The brokers events are tested on: the embedded transport always, RabbitMQ where CI has it.

`broker_url` is parametrized over both. The RabbitMQ case runs when RABBITMQ_URL is set (CI's
second run sets it, to the RabbitMQ on 127.0.0.1:5672) and is then required: an unreachable
broker fails the test instead of skipping it. Each test gets its own namespace of exchange
and queues, deleted afterwards, so runs never see each other's messages.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from ..events.topology import SUBSCRIPTIONS, Topology
from ..events.transport import broker_connection
from .postgres import temporary_database

RABBITMQ = "rabbitmq"
EMBEDDED = "embedded"


def rabbitmq_url_or_skip() -> str:
    url = os.environ.get("RABBITMQ_URL")
    if not url:
        pytest.skip("RABBITMQ_URL is not set (CI's second run sets it)")
    return url


def embedded_url(database_url: str) -> str:
    """kombu's SQLAlchemy transport on a PostgreSQL database, psycopg2 named as its driver."""
    return "sqla+postgresql+psycopg2://" + database_url.split("://", 1)[1]


@pytest.fixture(params=[EMBEDDED, RABBITMQ])
def broker_url(request, postgres_server_url) -> Iterator[str]:
    if request.param == RABBITMQ:
        url = rabbitmq_url_or_skip()
        with broker_connection(url) as connection:
            connection.ensure_connection(max_retries=2)  # set, so required: fail, never skip
        yield url
        return
    with temporary_database(postgres_server_url, "broker") as database_url:
        yield embedded_url(database_url)


@pytest.fixture
def events_namespace(broker_url) -> Iterator[str]:
    namespace = f"test-{uuid.uuid4().hex[:8]}"
    yield namespace
    delete_namespace(broker_url, namespace)


def delete_namespace(broker_url: str, namespace: str) -> None:
    """Remove a test's exchange and queues from the broker (a no-op for a dropped database)."""
    if not broker_url.startswith("amqp"):
        return
    topology = Topology(namespace)
    with broker_connection(broker_url) as connection:
        channel = connection.channel()
        for service in SUBSCRIPTIONS:
            topology.queue(service)(channel).delete()
            topology.dead_letter_queue(service)(channel).delete()
        topology.exchange(channel).delete()
