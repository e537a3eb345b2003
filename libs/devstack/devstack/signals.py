"""Signals as an exception, so whoever runs a stack stops it in order in its `finally`."""

from __future__ import annotations

import signal


class Stop(Exception):
    pass


def _raise_stop(signum, frame):
    raise Stop


def stop_on_signals() -> None:
    """Ctrl-C and SIGTERM raise Stop, so the caller's finally stops the stack in order."""
    signal.signal(signal.SIGINT, _raise_stop)
    signal.signal(signal.SIGTERM, _raise_stop)
