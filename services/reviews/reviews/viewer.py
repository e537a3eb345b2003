"""What the caller may see of a contribution: `is_mine` for everyone, the author only for admins."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

import marshmallow as ma
from servicekit.auth import Identity

T = TypeVar("T")


def for_viewer(items: Iterable[T], identity: Identity | None) -> list[T]:
    """Mark each contribution with `is_mine` and whether its author may be shown."""
    marked = list(items)
    for item in marked:
        item.is_mine = identity is not None and item.author_id == identity.user_id
        item.show_author = identity is not None and identity.is_admin
    return marked


def one_for_viewer(item: T, identity: Identity | None) -> T:
    return for_viewer([item], identity)[0]


class AnonymousSchema(ma.Schema):
    """Output schema base: `author_id` is dropped unless `for_viewer` allowed it (admins)."""

    author_id = ma.fields.UUID()
    is_mine = ma.fields.Boolean()

    @ma.post_dump(pass_original=True)
    def hide_author(self, data: dict[str, Any], original: Any, **kwargs: Any) -> dict[str, Any]:
        if not getattr(original, "show_author", False):
            data.pop("author_id", None)
        data["is_mine"] = bool(getattr(original, "is_mine", False))
        return data
