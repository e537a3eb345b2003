"""When the events' loops act: growing pauses after failures, chores at most every so often,
and how long settled rows are kept."""

from __future__ import annotations

import time

from sqlalchemy import delete, func

MAX_PAUSE = 5.0  # the longest wait between attempts while the broker is away
RETENTION_SECONDS = 7 * 24 * 3600  # settled outbox and inbox rows are kept a week


class Pause:
    """Waits that double from `first` up to `longest`; `reset` after a success."""

    def __init__(self, first: float = 0.25, longest: float = MAX_PAUSE) -> None:
        self.first, self.longest, self.current = first, longest, first

    def next(self) -> float:
        current, self.current = self.current, min(self.current * 2, self.longest)
        return current

    def reset(self) -> None:
        self.current = self.first


class Every:
    """True from `due()` at most once per `seconds` (the first call is due)."""

    def __init__(self, seconds: float) -> None:
        self.seconds, self._next = seconds, 0.0

    def due(self) -> bool:
        now = time.monotonic()
        if now < self._next:
            return False
        self._next = now + self.seconds
        return True


def interval(seconds: float):
    """`seconds` as a PostgreSQL interval, to add to or subtract from now()."""
    return func.make_interval(0, 0, 0, 0, 0, 0, seconds)


def delete_settled(session, settled_at) -> None:
    """Delete the rows whose `settled_at` column is older than the retention."""
    session.execute(
        delete(settled_at.class_).where(settled_at < func.now() - interval(RETENTION_SECONDS))
    )
    session.commit()
