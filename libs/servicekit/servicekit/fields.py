"""marshmallow fields that hold the API's conventions: strict types, trimmed text, UTC times."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import marshmallow as ma
from marshmallow.schema import SchemaMeta

from .dumping import DumpPlan

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A lone UTF-16 surrogate: valid in a JSON string (\ud800), not encodable as UTF-8, so it
# would fail in the database driver instead of at the door.
_UNSAFE = re.compile(r"[\x00\ud800-\udfff]")


def unstorable(text: str) -> bool:
    """Whether `text` holds a NUL or a lone surrogate, which PostgreSQL cannot store."""
    return _UNSAFE.search(text) is not None


class SafeText:
    """Mixin for every string field that takes input: NUL and lone surrogates are 422."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        text = super()._deserialize(value, attr, data, **kwargs)
        if isinstance(text, str) and unstorable(text):
            raise ma.ValidationError("Must not contain NUL characters or unpaired surrogates.")
        return text


class String(SafeText, ma.fields.String):
    """A string as marshmallow reads it, minus NUL and lone surrogates."""


class Email(SafeText, ma.fields.Email):
    pass


class URL(SafeText, ma.fields.URL):
    pass


class BoundedList(ma.fields.List):
    """A list whose length is checked before any item is read.

    marshmallow's Length validator runs after every item was deserialised: 78,000 items in
    a 1 MiB body cost 1.5 s of CPU before being refused. `max_length` is also documented
    (maxItems), through the Length validator it adds.
    """

    def __init__(self, inner, *, max_length: int, min_length: int | None = None, **kwargs: Any):
        self.length = ma.validate.Length(min=min_length, max=max_length)
        super().__init__(inner, validate=self.length, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any):
        if isinstance(value, list) and len(value) > self.length.max:
            raise ma.ValidationError(self.length.message_max.format(max=self.length.max))
        return super()._deserialize(value, attr, data, **kwargs)


class Text(String):
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
        # isoformat is C code, strftime's format parsing is not: a third of the time.
        return value.astimezone(UTC).isoformat(timespec="seconds")[:-6] + "Z"


class StrictInteger(ma.fields.Integer):
    """A JSON integer only: 3.5, "5" and true are refused (bool is an int in Python)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strict=True, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, bool):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class Money(ma.fields.Field):
    """A JSON number > 0 with at most two decimals, held exactly as a Decimal.

    Strings are refused, so a client cannot send "1e400" or "12,50". Output is a JSON number.
    """

    default_error_messages = {  # noqa: RUF012 - marshmallow's own convention
        "invalid": "Must be a number.",
        "positive": "Must be greater than 0.",
        "places": "At most 2 decimal places.",
        "too_large": "Must be less than 1,000,000,000.",
    }

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid")
        # repr() is the shortest text that round-trips the float: 1234.56 -> "1234.56".
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if not amount.is_finite():
            raise self.make_error("invalid")
        if amount <= 0:
            raise self.make_error("positive")
        if amount >= Decimal("1e9"):
            raise self.make_error("too_large")
        if amount.as_tuple().exponent < -2:
            raise self.make_error("places")
        return amount

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> float | None:
        return None if value is None else float(value)


def one_of(values, **kwargs: Any) -> String:
    """A string from a closed set (a vocabulary's tuple)."""
    return String(validate=ma.validate.OneOf(values), **kwargs)


def optional_text(max_length: int, min_length: int = 0) -> Text:
    """Text that may be null; `min_length=1` refuses a blank string where null is meant."""
    return Text(max_length=max_length, min_length=min_length, allow_none=True)


class _EveryFieldRequired(SchemaMeta):
    def __new__(mcs, name, bases, attrs):
        klass = super().__new__(mcs, name, bases, attrs)
        for field in klass._declared_fields.values():
            if not field.metadata.get("x-optional"):
                field.required = True  # documentation: output schemas are never loaded
        return klass


class OutputSchema(ma.Schema, metaclass=_EveryFieldRequired):
    """A response shape: every field is always present, so the OpenAPI document lists each
    as required (a generated client then types none of them as optional), except the few
    declared with `optional()`, which some callers do not get.

    Dumped through a plan compiled from its fields (servicekit.dumping): the same output
    as marshmallow's, for a fraction of the calls."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._dump_plan = DumpPlan(self)  # dump_fields is final once marshmallow's init ran

    def _serialize(self, obj: Any, *, many: bool = False) -> Any:
        if many and obj is not None:
            return [self._serialize(item) for item in obj]
        return self._dump_plan.dump(self, obj)


def optional(field: ma.fields.Field, when: str) -> ma.fields.Field:
    """Mark an output field as present only sometimes; `when` says when (documented)."""
    field.metadata = {**field.metadata, "x-optional": True, "description": when}
    return field
