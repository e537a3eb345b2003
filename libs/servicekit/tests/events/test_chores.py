"""A worker's chores: every `every` seconds, at once again while more is waiting than a
round took, through a database outage, until the worker stops."""

import itertools
import threading
import time

from servicekit.events import Chore
from servicekit.events.worker import _repeat
from sqlalchemy.exc import OperationalError


def run_chore(app, chore: Chore, stop: threading.Event) -> threading.Thread:
    def in_context():
        with app.app_context():
            _repeat(chore, stop)

    thread = threading.Thread(target=in_context)
    thread.start()
    return thread


def test_a_chore_repeats_at_once_only_while_more_is_waiting(app):
    stop = threading.Event()
    started = []
    more = [True, True, False, False]  # what each round says; the fourth stops the worker

    def run():
        started.append(time.monotonic())
        if len(started) == len(more):
            stop.set()
        return more[len(started) - 1]

    thread = run_chore(app, Chore("sample", run, every=2), stop)
    thread.join(timeout=10)
    assert not thread.is_alive()
    gaps = [later - earlier for earlier, later in itertools.pairwise(started)]
    assert gaps[0] < 1 and gaps[1] < 1  # more was waiting: at once, not after the 2 s
    assert gaps[2] >= 2  # nothing more: the interval


def test_a_chore_outlives_a_database_outage(app):
    stop = threading.Event()
    outcomes = []

    def run():
        outcomes.append("ran")
        if len(outcomes) == 1:
            raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))
        stop.set()
        return False

    thread = run_chore(app, Chore("sample", run, every=0.05), stop)
    thread.join(timeout=10)
    assert outcomes == ["ran", "ran"]


def test_a_chore_outlives_its_connection_dying_before_its_session_ends(app):
    import psycopg2
    from sqlalchemy import text

    stop = threading.Event()
    rounds = []
    session = app.extensions["sqlalchemy"].session
    with app.app_context():
        url = app.extensions["sqlalchemy"].engine.url
    url = url.set(drivername="postgresql").render_as_string(hide_password=False)

    def run():
        rounds.append(session.execute(text("SELECT pg_backend_pid()")).scalar())
        if len(rounds) == 1:  # the database drops this connection before the round ends
            killer = psycopg2.connect(url)
            killer.autocommit = True
            with killer.cursor() as sql:
                sql.execute("SELECT pg_terminate_backend(%s)", (rounds[0],))
            killer.close()
            return True
        stop.set()
        return False

    thread = run_chore(app, Chore("sample", run, every=0.05), stop)
    thread.join(timeout=10)
    assert len(rounds) == 2 and rounds[0] != rounds[1]
