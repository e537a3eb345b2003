"""What jobs and reviews know of accounts: a small local copy, kept by the users service's events.

An access token lives 15 minutes and carries the role it was issued with. The users service
announces every change to an account's standing (`user.deactivated`, `user.reactivated`,
`user.role_changed`, `user.deleted`), each carrying the whole standing and the account's
version; consumers keep the highest version they have seen, so two events arriving out of
order leave what the later change said. Authentication consults this copy on every request
(servicekit.auth): a token of a deleted or deactivated account is refused, and the role
here, not the token's, decides admin rights. An account with no row has not changed since
its tokens were issued, and its token's claims stand.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import String, func
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from .auth import AccountView
from .events.envelope import Event, MalformedEvent

ROLES = ("user", "admin")
ACCOUNT_EVENTS = ("user.deactivated", "user.reactivated", "user.role_changed", "user.deleted")


class AccountStateMixin:
    __tablename__ = "account_states"

    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    active: Mapped[bool]
    role: Mapped[str] = mapped_column(String(16))
    deleted: Mapped[bool] = mapped_column(default=False, server_default="false")
    version: Mapped[int]  # the users service's account version this row reflects
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


def account_standing(event: Event) -> dict:
    """The standing a `user.*` event reports, checked (MalformedEvent if it is not usable)."""
    data = event.data
    try:
        user_id = uuid.UUID(event.subject)
    except ValueError:
        raise MalformedEvent(f"the subject {event.subject!r} is not an account id") from None
    version, active, role = data.get("account_version"), data.get("active"), data.get("role")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise MalformedEvent("account_version must be a positive integer")
    if not isinstance(active, bool) or role not in ROLES:
        raise MalformedEvent("active must be a boolean and role one of " + ", ".join(ROLES))
    deleted = event.type == "user.deleted"
    return {
        "user_id": user_id,
        "version": version,
        "active": active and not deleted,
        "role": role,
        "deleted": deleted,
    }


def record_account_state(session: Session, model, event: Event) -> uuid.UUID:
    """Keep the standing `event` reports unless a later version is known; the account id."""
    standing = account_standing(event)
    statement = insert(model).values(**standing)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[model.user_id],
            set_={
                **{name: statement.excluded[name] for name in standing if name != "user_id"},
                "updated_at": func.now(),
            },
            where=model.version < statement.excluded.version,
        )
    )
    return standing["user_id"]


def account_lookup(session_of, model):
    """The lookup servicekit.auth consults: this service's copy of an account's standing."""

    def lookup(user_id: uuid.UUID) -> AccountView | None:
        row = session_of().get(model, user_id)
        if row is None:
            return None
        return AccountView(usable=row.active and not row.deleted, role=row.role)

    return lookup
