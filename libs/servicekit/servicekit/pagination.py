"""Keyset pagination: `{"items": [...], "next_cursor": ...}` at the same cost on every page.

A cursor is the sort key of the last row served, signed with the service's secret so that a
tampered or foreign cursor is refused (422) instead of silently jumping somewhere else.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import marshmallow as ma
from flask import current_app
from sqlalchemy import Select, tuple_
from sqlalchemy.orm import InstrumentedAttribute, Session

from .fields import OutputSchema, String, unstorable
from .problems import abort

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
_SIGNATURE_BYTES = 16


class PageQuerySchema(ma.Schema):
    limit = ma.fields.Integer(
        load_default=DEFAULT_LIMIT, validate=ma.validate.Range(min=1, max=MAX_LIMIT)
    )
    cursor = String(load_default=None, validate=ma.validate.Length(max=1024))


class PageSchema(OutputSchema):
    """Documents the list envelope; `items` is set by `page_schema_for`."""

    next_cursor = String(allow_none=True, required=True)


@functools.cache  # one class per item schema: the OpenAPI document names it once
def page_schema_for(item_schema: type[ma.Schema]) -> type[ma.Schema]:
    name = item_schema.__name__.removesuffix("Schema") + "PageSchema"
    # Nested(many=True), not List(Nested): the item schema dumps the page as one collection,
    # so a hook that needs one query for the whole page (JobSchema.mark_saved) runs once, not
    # once an item.
    items = ma.fields.Nested(item_schema, many=True, required=True)
    return type(name, (PageSchema,), {"items": items})


@dataclass(frozen=True)
class SortKey:
    """An ORM attribute to order by; rows must never hold NULL in it."""

    attribute: InstrumentedAttribute
    descending: bool = False


@dataclass(frozen=True)
class Listing:
    """What a list endpoint shows: every domain module returns its listings in this shape.

    `statement` selects the rows, `order` is the keyset to page them in, and `scope` names
    the listing and its variant (for example "reviews:-rating") so that a cursor taken from
    one listing cannot be replayed against another.
    """

    statement: Select
    order: Sequence[SortKey]
    scope: str

    def __post_init__(self) -> None:
        if len({key.descending for key in self.order}) != 1:
            raise ValueError("keyset order keys must all run in one direction")


def paginate(session: Session, listing: Listing, page: Mapping[str, Any]) -> dict[str, Any]:
    """One page of `listing` as `{"items": [...], "next_cursor": ...}`.

    `page` is the loaded `PageQuerySchema` of the request (its `limit` and `cursor`).
    """
    order, statement = listing.order, listing.statement
    limit, cursor = page["limit"], page["cursor"]
    if cursor:
        statement = statement.where(_after(order, _decode(cursor, listing.scope, order)))
    ordering = [key.attribute.desc() if key.descending else key.attribute.asc() for key in order]
    rows = list(session.scalars(statement.order_by(*ordering).limit(limit + 1)))
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = _encode(listing.scope, [getattr(rows[-1], k.attribute.key) for k in order])
    return {"items": rows, "next_cursor": next_cursor}


def paginated_response(blp, item_schema: type[ma.Schema], query_schema: type[ma.Schema]):
    """Declare a list view: its query, its page envelope, and the paging itself.

    The view takes the loaded query and returns a `Listing`; the decorator serves one page
    of it (as microblog-api's `@paginated_response` does), so every list endpoint pages,
    documents and refuses bad cursors the same way.
    """

    def decorate(view: Callable[..., Listing]) -> Callable[..., dict[str, Any]]:
        @functools.wraps(view)
        def page_of(query: Mapping[str, Any], *args: Any, **kwargs: Any) -> dict[str, Any]:
            session = current_app.extensions["sqlalchemy"].session
            return paginate(session, view(query, *args, **kwargs), query)

        documented = blp.response(200, page_schema_for(item_schema))(page_of)
        return blp.arguments(query_schema, location="query")(documented)

    return decorate


def _after(order: Sequence[SortKey], values: list[Any]):
    # One row comparison, which PostgreSQL answers straight from a composite index.
    left, right = tuple_(*(key.attribute for key in order)), tuple_(*values)
    return left < right if order[0].descending else left > right


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _from_json(value: Any, python_type: type) -> Any:
    """A cursor value back as the sort key's type; TypeError or ValueError for anything else.

    A cursor is signed, but the development secret is public: a validly signed cursor may
    still hold any JSON, and must never reach the database as something it cannot compare.
    """
    parse = _PARSERS.get(python_type)
    if parse is not None:
        if not isinstance(value, str):
            raise TypeError(f"expected {python_type.__name__} as text")
        return parse(value)
    if python_type is int:
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) >= 2**63:
            raise TypeError("expected a 64-bit integer")
        return value
    if not isinstance(value, python_type):
        raise TypeError(f"expected {python_type.__name__}")
    if isinstance(value, str) and unstorable(value):
        raise ValueError("text the database cannot hold")
    return value


_PARSERS = {
    datetime: datetime.fromisoformat,
    date: date.fromisoformat,
    uuid.UUID: uuid.UUID,
}


def _signature(payload: bytes) -> bytes:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, payload, hashlib.sha256).digest()[:_SIGNATURE_BYTES]


def _encode(scope: str, values: list[Any]) -> str:
    payload = json.dumps([scope, [_to_json(v) for v in values]], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(_signature(payload) + payload).decode().rstrip("=")


def _decode(cursor: str, scope: str, order: Sequence[SortKey]) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        signature, payload = raw[:_SIGNATURE_BYTES], raw[_SIGNATURE_BYTES:]
        if not hmac.compare_digest(signature, _signature(payload)):
            raise ValueError("bad signature")
        cursor_scope, values = json.loads(payload)
        if cursor_scope != scope or len(values) != len(order):
            raise ValueError("cursor from another listing")
        return [
            _from_json(v, k.attribute.type.python_type) for v, k in zip(values, order, strict=True)
        ]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        abort(
            422,
            "The cursor is malformed or does not belong to this listing.",
            errors={"cursor": ["Invalid cursor."]},
        )
