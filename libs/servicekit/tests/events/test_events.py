"""Outbox, relay, broker, inbox: on the embedded transport and (CI's second run) RabbitMQ.

Every test runs the real relay and consumer against a real broker and a real PostgreSQL
database of the rig's own (rig.py); the faults are real too: a TCP link cut, a consumer
process killed before its commit or between its commit and its acknowledgement.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

import pytest
from kombu import Producer
from servicekit.config import ConfigurationError
from servicekit.events import Event, publish_later
from servicekit.events.outbox import backlog
from servicekit.events.relay import Relay
from servicekit.events.topology import Topology
from servicekit.events.transport import broker_connection, check_broker_url
from servicekit.testing import CuttableProxy, temporary_database
from sqlalchemy import select
from sqlalchemy.orm import Session

RIG_PATH = Path(__file__).with_name("rig.py")
_spec = importlib.util.spec_from_file_location("events_rig", RIG_PATH)
rig = sys.modules["events_rig"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rig)

WITHIN = 15.0  # seconds any convergence below may take


@pytest.fixture
def database_url(postgres_server_url):
    with temporary_database(postgres_server_url, "events_rig") as url:
        engine = rig.engine_for(url)
        rig.Base.metadata.create_all(engine)
        engine.dispose()
        yield url


@pytest.fixture
def engine(database_url):
    engine = rig.engine_for(database_url)
    yield engine
    engine.dispose()


def eventually(check, within: float = WITHIN):
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(0.1)
    pytest.fail(f"not within {within:.0f} s")


class Running:
    """A relay or consumer in a thread, stopped on leaving the block."""

    def __init__(self, target) -> None:
        self.stop = threading.Event()
        self.target = target

    def __enter__(self):
        part = self.target(self.stop)
        run = part.run if hasattr(part, "should_stop") else lambda: part.run(self.stop)
        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        return part

    def __exit__(self, *exc_info):
        self.stop.set()
        self.thread.join(timeout=10)


def relaying(engine, broker_url, namespace):
    connect = rig.connector(broker_url)
    return Running(lambda stop: Relay(engine, rig.Outbox, connect, Topology(namespace)))


def consuming(engine, broker_url, namespace, **options):
    return Running(lambda stop: rig.consumer(engine, broker_url, namespace, stop, **options))


def write_events(engine, *datas: dict) -> list[uuid.UUID]:
    with Session(engine) as session:
        ids = [publish_later(session, rig.Outbox, rig.EVENT_TYPE, "s", data).id for data in datas]
        session.commit()
    return ids


def waiting(engine) -> int:
    with Session(engine) as session:
        return backlog(session, rig.Outbox)[0]


def publish_raw(broker_url, namespace, *bodies, routing_key=rig.EVENT_TYPE) -> None:
    """Put messages on the exchange as any publisher could, malformed ones included."""
    topology = Topology(namespace)
    with broker_connection(broker_url) as connection:
        channel = connection.channel()
        topology.declare(channel)
        producer = Producer(channel, exchange=topology.exchange)
        for body in bodies:
            if isinstance(body, bytes):
                producer.publish(body, routing_key=routing_key, content_type="application/data",
                                 content_encoding="binary")  # fmt: skip
            else:
                producer.publish(body, routing_key=routing_key, serializer="json")


def dead_letters(broker_url, namespace, expected: int) -> list:
    topology = Topology(namespace)
    found = []
    with broker_connection(broker_url) as connection:
        queue = connection.SimpleQueue(topology.dead_letter_queue(rig.SERVICE))
        deadline = time.monotonic() + WITHIN
        while len(found) < expected and time.monotonic() < deadline:
            try:
                message = queue.get(timeout=1)
            except queue.Empty:
                continue
            found.append((message.body, message.headers.get("x-dead-letter-reason")))
            message.ack()
        queue.close()
    return found


def inbox_row(engine, event_id):
    with Session(engine) as session:
        return session.scalar(select(rig.InboxEvent).where(rig.InboxEvent.event_id == event_id))


def test_a_committed_change_is_published_and_applied_once(engine, broker_url, events_namespace):
    (event_id,) = write_events(engine, {"note": "hello"})
    with (
        relaying(engine, broker_url, events_namespace),
        consuming(engine, broker_url, events_namespace),
    ):
        eventually(lambda: rig.effects(engine, event_id) == 1)
    assert waiting(engine) == 0
    assert inbox_row(engine, event_id).processed_at is not None


def test_a_change_rolled_back_leaves_no_event(engine):
    with Session(engine) as session:
        publish_later(session, rig.Outbox, rig.EVENT_TYPE, "s", {})
        session.rollback()
    assert waiting(engine) == 0


def test_an_event_delivered_twice_changes_nothing_the_second_time(
    engine, broker_url, events_namespace, caplog
):
    event = Event(type=rig.EVENT_TYPE, subject="s", data={"note": "twice"})
    publish_raw(broker_url, events_namespace, event.document(), event.document())
    caplog.set_level(logging.INFO, logger="servicekit.events.inbox")
    with consuming(engine, broker_url, events_namespace):
        eventually(lambda: "seen before" in caplog.text)
    assert rig.effects(engine, event.id) == 1


def test_malformed_unknown_and_newer_events_are_dead_lettered_and_the_queue_flows(
    engine, broker_url, events_namespace, caplog
):
    unknown = Event(type="user.renamed", subject="s").document()
    newer = {**Event(type=rig.EVENT_TYPE, subject="s").document(), "version": 2}
    no_id = {key: value for key, value in newer.items() if key != "id"}
    good = Event(type=rig.EVENT_TYPE, subject="s", data={"note": "after them"})
    publish_raw(broker_url, events_namespace, b"\xff not json", no_id, unknown, newer)
    publish_raw(broker_url, events_namespace, good.document())
    caplog.set_level(logging.ERROR, logger="servicekit.events.consumer")
    with consuming(engine, broker_url, events_namespace):
        eventually(lambda: rig.effects(engine, good.id) == 1)
    reasons = sorted(reason for _, reason in dead_letters(broker_url, events_namespace, 4))
    expected = [
        "no user.renamed version 1",
        f"no {rig.EVENT_TYPE} version 2",
        "no 'id'",
        "not JSON",
    ]
    assert len(reasons) == 4 and all(any(e in r for r in reasons) for e in expected), reasons
    assert caplog.text.count("dead-lettered") == 4
    assert rig.effects(engine) == 1


def test_an_effect_that_keeps_failing_is_dead_lettered_after_its_attempts(
    engine, broker_url, events_namespace, caplog
):
    (event_id,) = write_events(engine, {"fail": True})
    caplog.set_level(logging.WARNING)
    with (
        relaying(engine, broker_url, events_namespace),
        consuming(engine, broker_url, events_namespace, max_attempts=3, retry_every=0.05),
    ):
        eventually(lambda: (row := inbox_row(engine, event_id)) and row.dead_at is not None)
    row = inbox_row(engine, event_id)
    assert row.attempts == 3 and "this effect always fails" in row.last_error
    ((body, reason),) = dead_letters(broker_url, events_namespace, 1)
    assert json.loads(body)["id"] == str(event_id)
    assert "failed 3 times" in reason
    assert "attempt 1 of 3" in caplog.text and "dead-lettered" in caplog.text
    assert rig.effects(engine) == 0


def _run_rig(mode: str, database_url: str, broker_url: str, namespace: str) -> int:
    process = subprocess.run(
        [sys.executable, str(RIG_PATH), mode, database_url, broker_url, namespace],
        timeout=60,
        capture_output=True,
        text=True,
    )
    return process.returncode


def test_a_consumer_killed_before_its_commit_applies_the_effect_once_after_redelivery(
    engine, database_url, broker_url, events_namespace
):
    (event_id,) = write_events(engine, {"note": "survives a crash"})
    with relaying(engine, broker_url, events_namespace):
        eventually(lambda: waiting(engine) == 0)
    assert _run_rig("die-before-commit", database_url, broker_url, events_namespace) == 3
    assert rig.effects(engine) == 0 and inbox_row(engine, event_id) is None
    with consuming(engine, broker_url, events_namespace, visibility_timeout=1):
        eventually(lambda: rig.effects(engine, event_id) == 1)
    assert rig.effects(engine) == 1


def test_a_consumer_killed_after_its_commit_before_its_ack_changes_nothing_on_redelivery(
    engine, database_url, broker_url, events_namespace, caplog
):
    (event_id,) = write_events(engine, {"note": "applied, never acknowledged"})
    with relaying(engine, broker_url, events_namespace):
        eventually(lambda: waiting(engine) == 0)
    assert _run_rig("die-after-commit", database_url, broker_url, events_namespace) == 4
    assert rig.effects(engine, event_id) == 1
    caplog.set_level(logging.INFO, logger="servicekit.events.inbox")
    with consuming(engine, broker_url, events_namespace, visibility_timeout=1):
        eventually(lambda: f"event {event_id}" in caplog.text and "seen before" in caplog.text)
    assert rig.effects(engine) == 1


def _link_to(url: str) -> tuple[str, int]:
    parts = urllib.parse.urlsplit(url.removeprefix("sqla+").replace("+psycopg2", ""))
    return parts.hostname or "127.0.0.1", parts.port or (5672 if url.startswith("amqp") else 5432)


def _through(url: str, port: int) -> str:
    parts = urllib.parse.urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)
    credentials = netloc[0] + "@" if len(netloc) == 2 else ""
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{credentials}127.0.0.1:{port}"))


def test_events_wait_while_the_broker_is_away_and_leave_when_it_returns(
    engine, broker_url, events_namespace
):
    ids = write_events(engine, {"note": "1"}, {"note": "2"}, {"note": "3"})
    if "host=" in broker_url:
        # The embedded server listens on a Unix socket only: "away" is a relay pointed at a
        # port nothing listens on, "back" a relay pointed at the broker.
        away = "sqla+postgresql+psycopg2://postgres@127.0.0.1:9/events"
        with relaying(engine, away, events_namespace):
            time.sleep(3)
        assert waiting(engine) == 3 and rig.effects(engine) == 0
        with (
            relaying(engine, broker_url, events_namespace),
            consuming(engine, broker_url, events_namespace),
        ):
            eventually(lambda: all(rig.effects(engine, i) == 1 for i in ids), within=10)
        return
    proxy = CuttableProxy(_link_to(broker_url))
    try:
        proxy.cut()
        with (
            relaying(engine, _through(broker_url, proxy.port), events_namespace),
            consuming(engine, broker_url, events_namespace),
        ):
            time.sleep(3)
            assert waiting(engine) == 3 and rig.effects(engine) == 0
            proxy.restore()  # the bound: converged within 10 s of the broker's return
            eventually(lambda: all(rig.effects(engine, i) == 1 for i in ids), within=10)
    finally:
        proxy.close()
    assert waiting(engine) == 0


def test_the_embedded_broker_is_refused_outside_development():
    check_broker_url("sqla+postgresql+psycopg2://u@/events", "development")
    for app_env in ("staging", "production"):
        with pytest.raises(ConfigurationError, match="embedded PostgreSQL transport"):
            check_broker_url("sqla+postgresql+psycopg2://u@/events", app_env)
    with pytest.raises(ConfigurationError, match="amqp"):
        check_broker_url("redis://127.0.0.1:6379/0", "production")
    check_broker_url("amqps://user:secret@b-1.mq.us-east-1.amazonaws.com:5671", "production")


def test_applied_events_are_forgotten_after_a_week_and_no_sooner(engine):
    from datetime import UTC, datetime, timedelta

    from servicekit.events.inbox import Inbox

    now = datetime.now(UTC)
    old, recent, dead = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    with Session(engine) as session:
        for event_id, processed, dead_at in (
            (old, now - timedelta(days=8), None),
            (recent, now - timedelta(days=6), None),
            (dead, None, now - timedelta(days=8)),
        ):
            session.add(
                rig.InboxEvent(
                    event_id=event_id,
                    type=rig.EVENT_TYPE,
                    document={},
                    processed_at=processed,
                    dead_at=dead_at,
                )
            )
        session.commit()
    Inbox(engine, rig.InboxEvent, rig.HANDLERS).retry_due()
    with Session(engine) as session:
        kept = set(session.scalars(select(rig.InboxEvent.event_id)))
    assert kept == {recent, dead}  # a dead-lettered event stays, for an operator to see
