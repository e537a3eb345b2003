"""The integration event: a small JSON document saying what changed, to whom, and when.

    {"id": "…uuid…", "type": "user.deleted", "version": 1,
     "occurred_at": "2026-12-01T23:30:00.123456+00:00", "subject": "…uuid…", "data": {…}}

`version` is the version of the event's shape (a consumer that knows version 1 of
`user.deleted` refuses version 2 instead of misreading it); ordering between changes to one
subject travels in `data` where it matters (`account_version` for accounts).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

MAX_EVENT_BYTES = 64 * 1024  # events name things; they never carry documents


class MalformedEvent(ValueError):
    """The message is not an event this system could have written."""


@dataclass(frozen=True)
class Event:
    type: str
    subject: str
    data: dict[str, Any] = field(default_factory=dict)
    version: int = 1
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    occurred_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def document(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "type": self.type,
            "version": self.version,
            "occurred_at": self.occurred_at.isoformat(),
            "subject": self.subject,
            "data": self.data,
        }


def parse(body: bytes | str) -> Event:
    """The event a message body holds, or MalformedEvent saying what is wrong with it."""
    if len(body) > MAX_EVENT_BYTES:
        raise MalformedEvent(f"the body has {len(body)} bytes, more than {MAX_EVENT_BYTES}")
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, ValueError) as exc:
        raise MalformedEvent(f"the body is not JSON: {exc}") from None
    return from_document(document)


def from_document(document: Any) -> Event:
    """The event a decoded JSON document describes, or MalformedEvent."""
    if not isinstance(document, dict):
        raise MalformedEvent("the body is not a JSON object")
    try:
        event = Event(
            id=uuid.UUID(document["id"]),
            type=_text(document["type"], "type"),
            version=_version(document["version"]),
            occurred_at=datetime.fromisoformat(document["occurred_at"]),
            subject=_text(document["subject"], "subject"),
            data=document.get("data", {}),
        )
    except KeyError as exc:
        raise MalformedEvent(f"the event has no {exc.args[0]!r}") from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise MalformedEvent(f"the event has a malformed field: {exc}") from None
    if not isinstance(event.data, dict):
        raise MalformedEvent("the event's data is not a JSON object")
    if event.occurred_at.tzinfo is None:
        raise MalformedEvent("the event's occurred_at has no time zone")
    return event


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value or len(value) > 200:
        raise ValueError(f"{name} must be a string of 1 to 200 characters")
    return value


def _version(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError("version must be a positive integer")
    return value
