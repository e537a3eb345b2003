"""What the reviews service does when told (it tells no one anything yet).

- Account events keep the standing of accounts (servicekit.accounts); `user.deleted` also
  unlinks the account from everything here: its published contributions stay, with no
  author; its helpful votes go (the counts follow) and so do its flags (a review they alone
  kept hidden is published again).
- `job.deleted`, `company.deleted`: the job's reference is marked gone; contributions that
  name it stay readable, new ones get 422.
- `job.renamed`, `company.renamed`: contributions show the new names. A rename older than
  what is known (events out of order) changes nothing.
"""

from __future__ import annotations

import uuid

from servicekit.accounts import ACCOUNT_EVENTS, record_account_state
from servicekit.events import Chore, Event, MalformedEvent, ServiceEvents
from sqlalchemy import delete, func, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from . import moderation
from .models import (
    AccountState,
    Flag,
    HelpfulVote,
    InboxEvent,
    Interview,
    JobReference,
    Review,
    Salary,
)
from .stats import refresh_stale_salary_stats


def unlink_account(session: Session, event: Event) -> None:
    user_id = record_account_state(session, AccountState, event)
    voted = session.scalars(
        delete(HelpfulVote).where(HelpfulVote.user_id == user_id).returning(HelpfulVote.review_id)
    ).all()
    if voted:
        session.execute(
            update(Review)
            .where(Review.id.in_(voted))
            .values(helpful_count=Review.helpful_count - 1)
        )
    flagged = session.execute(
        delete(Flag).where(Flag.user_id == user_id).returning(Flag.review_id, Flag.status)
    ).all()
    open_flags = [review for review, status in flagged if status == "open"]
    moderation.reconsider_hidden(session, open_flags)
    for model in (Review, Salary, Interview):
        session.execute(update(model).where(model.author_id == user_id).values(author_id=None))


def job_gone(session: Session, event: Event) -> None:
    job_id = _id(event.subject, "subject")
    company_id = _id(event.data.get("company_id"), "company_id")
    statement = insert(JobReference).values(
        job_id=job_id, company_id=company_id, gone_at=func.now()
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[JobReference.job_id],
            set_={"gone_at": func.now()},
            where=JobReference.gone_at.is_(None),
        )
    )


def company_gone(session: Session, event: Event) -> None:
    company_id = _id(event.subject, "subject")
    session.execute(
        update(JobReference)
        .where(JobReference.company_id == company_id, JobReference.gone_at.is_(None))
        .values(gone_at=func.now())
    )


def job_renamed(session: Session, event: Event) -> None:
    job_id = _id(event.subject, "subject")
    _rename(session, event, JobReference.job_id == job_id, job_title=_name(event, "title"))


def company_renamed(session: Session, event: Event) -> None:
    company_id = _id(event.subject, "subject")
    name = _name(event, "name")
    _rename(session, event, JobReference.company_id == company_id, company_name=name)


def _rename(session: Session, event: Event, which, **names: str) -> None:
    # learned_at is when the names were last true; a rename older than that (events out
    # of order) changes nothing.
    session.execute(
        update(JobReference)
        .where(which, JobReference.learned_at < event.occurred_at)
        .values(**names, learned_at=event.occurred_at)
    )


def _record_standing(session: Session, event: Event) -> None:
    record_account_state(session, AccountState, event)


def _id(value, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except (TypeError, ValueError, AttributeError):
        raise MalformedEvent(f"{name} is not a UUID") from None


def _name(event: Event, key: str) -> str:
    value = event.data.get(key)
    if not isinstance(value, str) or not 0 < len(value) <= 200:
        raise MalformedEvent(f"{key} must be a string of 1 to 200 characters")
    return value


HANDLERS = {(event_type, 1): _record_standing for event_type in ACCOUNT_EVENTS}
HANDLERS |= {
    ("user.deleted", 1): unlink_account,
    ("job.deleted", 1): job_gone,
    ("company.deleted", 1): company_gone,
    ("job.renamed", 1): job_renamed,
    ("company.renamed", 1): company_renamed,
}

# Salary figures are recomputed after the writes that made them stale (reviews.stats).
EVENTS = ServiceEvents(
    "reviews",
    inbox=InboxEvent,
    handlers=HANDLERS,
    chores=(Chore("salary stats", refresh_stale_salary_stats),),
)
