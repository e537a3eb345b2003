"""marshmallow fields that hold the API's conventions: strict types, trimmed text, UTC times."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import marshmallow as ma

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Text(ma.fields.String):
    """A string trimmed of surrounding spaces, with a length limit and no control characters."""

    def __init__(self, *, max_length: int, min_length: int = 1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.min_length = min_length
        self.max_length = max_length

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if _CONTROL_CHARACTERS.search(text):
            raise ma.ValidationError("Must not contain control characters.")
        if not self.min_length <= len(text) <= self.max_length:
            if self.min_length and not text:
                raise ma.ValidationError("Must not be blank.")
            raise ma.ValidationError(
                f"Length must be between {self.min_length} and {self.max_length}."
            )
        return text


class StrictBoolean(ma.fields.Boolean):
    """Only JSON true or false; "yes", 1 or "true" are type errors, not guesses."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        # An isinstance check, because 1 == True and 0 == False in Python.
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class Timestamp(ma.fields.DateTime):
    """RFC 3339 in UTC with a Z: 2026-11-22T10:15:00Z."""

    def _serialize(self, value: datetime | None, attr: str | None, obj: Any, **kwargs: Any):
        if value is None:
            return None
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
