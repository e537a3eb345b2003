"""`flask worker`: a service's relay, consumer and chores in one process, beside its web
workers.

One image, another command: the same code and settings as the service, started as
`flask --app jobs worker`. Several may run; relays share rows by SKIP LOCKED, consumers
share the queue, and a chore must be safe to run in several workers at once. SIGTERM or
Ctrl-C stops them all after the message (or the chore's round) in hand.
"""

from __future__ import annotations

import functools
import logging
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import OperationalError

from ..config import ConfigurationError
from ..db import remove_session
from .brokers import check_broker_url
from .figures import register_event_figures
from .inbox import Handlers, Inbox

log = logging.getLogger("servicekit.events.worker")


@dataclass(frozen=True)
class Chore:
    """Background work of a service's worker: `run` (in the app's context) every `every`
    seconds, and again at once while it says more is waiting than one round took.

    Not at once merely because a round found work: what a round clears, writes may mark
    again at once, and a chore that follows them round after round would spend the
    database's time as fast as it can."""

    name: str
    run: Callable[[], bool]
    every: float = 1.0


@dataclass(frozen=True)
class ServiceEvents:
    """What a service publishes from (its outbox model) and consumes into (inbox, handlers),
    and the chores its worker repeats."""

    service: str
    outbox: type | None = None
    inbox: type | None = None
    handlers: Handlers = field(default_factory=dict)
    chores: tuple[Chore, ...] = ()


def register_events(app: Flask, events: ServiceEvents) -> None:
    # A broker this environment must not use is refused by the web workers too, at start.
    check_broker_url(app.config.get("EVENT_BROKER_URL"), app.config["APP_ENV"])
    app.extensions["events"] = events
    app.cli.add_command(worker_command)
    register_event_figures(app)


@click.command("worker")
@with_appcontext
def worker_command() -> None:
    """Publish this service's outbox and apply the events it subscribes to, until stopped."""
    try:
        run_worker(current_app._get_current_object())
    except ConfigurationError as exc:
        raise click.ClickException(str(exc)) from None


def run_worker(app: Flask, stop: threading.Event | None = None) -> None:
    # Here, not at the top: kombu is a second of imports that no web worker needs.
    from .consumer import EventConsumer
    from .relay import Relay
    from .topology import Topology
    from .transport import broker_connection

    events: ServiceEvents = app.extensions["events"]
    config = app.config
    url = config.get("EVENT_BROKER_URL")
    if not url:
        raise ConfigurationError("EVENT_BROKER_URL is not set: the worker needs the broker")
    check_broker_url(url, config["APP_ENV"])
    topology = Topology(config["EVENTS_NAMESPACE"])
    engine = app.extensions["sqlalchemy"].engine
    connect = functools.partial(broker_connection, url)
    stop = stop or _stop_on_signals()
    parts: dict[str, threading.Thread] = {}
    if events.outbox is not None:
        relay = Relay(engine, events.outbox, connect, topology)
        parts["relay"] = _thread(app, "relay", relay.run, stop)
    if events.inbox is not None:
        inbox = Inbox(
            engine, events.inbox, events.handlers, max_attempts=config["EVENT_MAX_ATTEMPTS"]
        )
        consumer = EventConsumer(connect, topology, events.service, inbox, stop)
        parts["consumer"] = _thread(app, "consumer", consumer.run)
    for chore in events.chores:
        parts[chore.name] = _thread(app, chore.name, _repeat, chore, stop)
    for thread in parts.values():
        thread.start()
    log.info("%s worker running: %s", events.service, ", ".join(parts))
    heartbeat = config.get("WORKER_HEARTBEAT_FILE")
    while not stop.wait(0.5):
        dead = [name for name, thread in parts.items() if not thread.is_alive()]
        if dead:  # a bug, not a broker or database outage (those are retried): exit loudly
            stop.set()
            for thread in parts.values():
                thread.join()
            raise SystemExit(f"{events.service} worker: the {', '.join(dead)} stopped")
        if heartbeat:  # the container's health check: the worker loops and its parts live
            Path(heartbeat).touch()
    for thread in parts.values():
        thread.join()
    log.info("%s worker stopped", events.service)


def _thread(app: Flask, name: str, target, *args) -> threading.Thread:
    def run_in_app_context() -> None:
        with app.app_context():  # handlers read the service's settings
            target(*args)

    return threading.Thread(target=run_in_app_context, name=name)


def _repeat(chore: Chore, stop: threading.Event) -> None:
    session = current_app.extensions["sqlalchemy"].session
    while not stop.is_set():
        more_waiting = False
        try:
            more_waiting = chore.run()
        except OperationalError as exc:  # the database away: next round, as the relay does
            log.warning("%s: database unavailable: %s", chore.name, exc)
        finally:
            remove_session(session)  # a lost connection is the outage above, not a bug
        if not more_waiting and stop.wait(chore.every):
            return


def _stop_on_signals() -> threading.Event:
    stop = threading.Event()

    def request_stop(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    return stop
