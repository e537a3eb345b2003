"""Rules every contribution follows: the author from the token, the company from the job,
one-per-user rules decided by the database, and edits by the author or an admin."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from servicekit.auth import Identity, require_identity
from servicekit.db import commit_or_abort, update_owned
from servicekit.pagination import Listing, SortKey
from servicekit.problems import abort
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from .extensions import db
from .jobref import learn_job
from .models import Contribution, Interview, Salary

M = TypeVar("M", bound=Contribution)


GENERIC_CONFLICT = "This conflicts with an entry that exists."


def create(
    model: type[M], identity: Identity, data: dict[str, Any], *, conflict: str = GENERIC_CONFLICT
) -> M:
    job = learn_job(data["job_id"])
    item = model(**data, author_id=identity.user_id, company_id=job.company_id)
    # The answer shows the job's names: from the reference in hand, not read again.
    set_committed_value(item, "job", job)
    db.session.add(item)
    commit_or_abort(db.session, conflict=conflict)
    return item


def get(model: type[M], item_id: uuid.UUID) -> M:
    item = db.session.get(model, item_id)
    if item is None:
        abort(404, f"No such {model.__tablename__.removesuffix('s').replace('_', ' ')}.")
    return item


def is_author_or_admin(identity: Identity | None, item: Contribution) -> bool:
    return identity is not None and (identity.is_admin or item.author_id == identity.user_id)


def update(
    identity: Identity, item: M, changes: dict[str, Any], *, conflict: str = GENERIC_CONFLICT
) -> M:
    return update_owned(
        db.session, identity, item, changes, owner_id=item.author_id, conflict=conflict
    )


def delete(identity: Identity, item: Contribution) -> None:
    if not is_author_or_admin(identity, item):
        abort(403, "Only its author or an admin may delete this.")
    db.session.delete(item)
    db.session.commit()


def with_job_names(model: type[Contribution]) -> Select:
    """A listing's statement: its page's job names loaded in one more query, not one a row."""
    return select(model).options(selectinload(model.job))


def about(statement: Select, model: type[Contribution], query: dict[str, Any]) -> Select:
    """Narrow a listing to `company_id` and/or `job_id` when the query names them."""
    for field in ("company_id", "job_id"):
        if query.get(field):
            statement = statement.where(getattr(model, field) == query[field])
    return statement


def newest_first(model: type[Contribution]) -> tuple[SortKey, ...]:
    return (SortKey(model.created_at, True), SortKey(model.id, True))


def interviews_listing(query: dict[str, Any]) -> Listing:
    """Interview reports of a company or job, newest first; with `mine`, the caller's own."""
    statement = about(with_job_names(Interview), Interview, query)
    if query["mine"]:
        statement = statement.where(Interview.author_id == own().user_id)
    return Listing(statement, newest_first(Interview), f"interviews:{query['mine']}")


def own() -> Identity:
    """The caller, for `?mine=true` (401 without an access token)."""
    return require_identity(detail="?mine=true needs an access token.")


def salaries_listing(identity: Identity, query: dict[str, Any]) -> Listing:
    """The caller's own salary entries, newest first; an admin lists everyone's."""
    statement = about(with_job_names(Salary), Salary, query)
    if not identity.is_admin:
        statement = statement.where(Salary.author_id == identity.user_id)
    return Listing(statement, newest_first(Salary), "salaries")
