"""The events' figures for operators: /readyz detail and gauges on /metrics (servicekit.metrics).

The outbox backlog (rows waiting, the oldest one's age) says whether the relay keeps up or
the broker is away; the inbox's pending and dead-lettered counts, and its delivery lag (how
long recent events took from their producer to this inbox), say the same of consumers.
They are read from the database at the moment they are asked for, so the web process
reports what its worker is doing without talking to it.
"""

from __future__ import annotations

from flask import Flask, current_app
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy.orm import Session

from ..health import add_readiness_detail
from ..metrics import add_collector
from .inbox import pending
from .outbox import backlog


def event_figures(engine, events) -> dict:
    figures = {}
    with Session(engine) as session:
        if events.outbox is not None:
            waiting, oldest = backlog(session, events.outbox)
            figures["outbox"] = {"waiting": waiting, "oldest_age_seconds": oldest}
        if events.inbox is not None:
            figures["inbox"] = pending(session, events.inbox)
    return figures


class EventsCollector:
    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self):
        with self.app.app_context():
            figures = event_figures(current_app.extensions["sqlalchemy"].engine, _events())
            service = _events().service
        gauges = {
            ("outbox", "waiting"): "Integration events written and not yet published",
            ("outbox", "oldest_age_seconds"): "Age of the oldest event waiting to be published",
            ("inbox", "pending"): "Events received and not yet applied (failed, to be retried)",
            ("inbox", "dead_lettered"): "Events given up on and sent to the dead-letter queue",
            ("inbox", "oldest_pending_age_seconds"): "Age of the oldest event not yet applied",
            ("inbox", "delivery_lag_seconds"): (
                "Consumer lag: the longest an event received in the last five minutes took "
                "from its occurrence to this service's inbox"
            ),
        }
        for (part, name), text in gauges.items():
            if part in figures:
                gauge = GaugeMetricFamily(f"jobsight_{part}_{name}", text, labels=["service"])
                gauge.add_metric([service], figures[part][name] or 0)
                yield gauge


def _events():
    return current_app.extensions["events"]


def register_event_figures(app: Flask) -> None:
    add_readiness_detail(
        app, "events", lambda: event_figures(current_app.extensions["sqlalchemy"].engine, _events())
    )
    add_collector(app, EventsCollector(app))
