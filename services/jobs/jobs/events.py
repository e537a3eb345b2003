"""What the jobs service tells others, and what it does when told.

Publishes `company.deleted`, `job.deleted` (reviews stops accepting contributions for them)
and `company.renamed`, `job.renamed` (reviews shows contributions under the new names).
Consumes the users service's account events: the standing of accounts (servicekit.accounts)
and, for `user.deleted`, the account's private data deleted here.
"""

from __future__ import annotations

from servicekit.accounts import ACCOUNT_EVENTS, record_account_state
from servicekit.events import Event, ServiceEvents, publish_later
from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from .extensions import db
from .models import AccountState, Application, Company, InboxEvent, Job, OutboxEvent, SavedJob


def announce(event_type: str, subject, **data) -> None:
    """Write `event_type` in the current transaction, to leave when it commits."""
    publish_later(db.session, OutboxEvent, event_type, subject, data)


def forget_account(session: Session, event: Event) -> None:
    """A deleted account's applications (with their timelines and contacts, ON DELETE
    CASCADE) and saved jobs go; what it added to the catalogue stays, unlinked from it."""
    user_id = record_account_state(session, AccountState, event)
    session.execute(delete(Application).where(Application.user_id == user_id))
    session.execute(delete(SavedJob).where(SavedJob.user_id == user_id))
    for model in (Company, Job):
        session.execute(update(model).where(model.created_by == user_id).values(created_by=None))


def _record_standing(session: Session, event: Event) -> None:
    record_account_state(session, AccountState, event)


HANDLERS = {(event_type, 1): _record_standing for event_type in ACCOUNT_EVENTS}
HANDLERS[("user.deleted", 1)] = forget_account

EVENTS = ServiceEvents("jobs", outbox=OutboxEvent, inbox=InboxEvent, handlers=HANDLERS)
