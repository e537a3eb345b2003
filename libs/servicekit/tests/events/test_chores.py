"""A worker's chores: repeated at once while they find work, every `every` seconds when
they do not, through a database outage, until the worker stops."""

import threading

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


def test_a_chore_repeats_at_once_while_it_finds_work_then_waits(app):
    stop = threading.Event()
    rounds = []
    work = [3, 2, 0]  # items found by each round; then nothing

    def run():
        rounds.append(work.pop(0) if work else 0)
        if len(rounds) == 4:
            stop.set()
        return rounds[-1]

    thread = run_chore(app, Chore("sample", run, every=0.05), stop)
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert rounds == [3, 2, 0, 0]


def test_a_chore_outlives_a_database_outage(app):
    stop = threading.Event()
    outcomes = []

    def run():
        outcomes.append("ran")
        if len(outcomes) == 1:
            raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))
        stop.set()
        return 0

    thread = run_chore(app, Chore("sample", run, every=0.05), stop)
    thread.join(timeout=10)
    assert outcomes == ["ran", "ran"]
