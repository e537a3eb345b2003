"""Flags: once per user per review; enough open flags hide a review until an admin decides.

Every flag reaches the admins' queue, but only flags from established accounts, ones with
a published contribution of their own (a published review or an interview report, other
than the flagged review), count toward hiding: three throwaway accounts cannot hide
anyone's review.
"""

from __future__ import annotations

import uuid
from typing import Any

from flask import current_app
from servicekit.auth import Identity
from servicekit.db import refuse_integrity_errors
from servicekit.pagination import Listing, SortKey
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from .extensions import db
from .models import Flag, Interview, Review
from .reviewing import get_visible

FLAG_ORDER = (SortKey(Flag.created_at, True), SortKey(Flag.id, True))


def flag_review(identity: Identity, review_id: uuid.UUID, data: dict[str, Any]) -> Flag:
    get_visible(identity, review_id)
    # Lock the review: concurrent flags are counted one after another, never both missed.
    review = db.session.scalar(select(Review).where(Review.id == review_id).with_for_update())
    flag = Flag(review_id=review_id, user_id=identity.user_id, **data)
    with refuse_integrity_errors(db.session, conflict="You have already flagged this review."):
        db.session.add(flag)
        db.session.flush()
        if review.status == "published" and _enough_to_hide(db.session, review_id):
            review.status = "hidden"
        db.session.commit()
    return flag


def reconsider_hidden(session, review_ids) -> None:
    """Publish again each of these reviews that flags had hidden and that no longer has
    enough open flags to stay hidden (a flagging account was deleted, its flags with it).
    A review an admin decided on has no open flags left to count, and is left alone."""
    reviews = session.scalars(
        select(Review).where(Review.id.in_(review_ids), Review.status == "hidden").with_for_update()
    )
    for review in reviews:
        if not _enough_to_hide(session, review.id):
            review.status = "published"


def _enough_to_hide(session, review_id: uuid.UUID) -> bool:
    open_flaggers = session.scalar(
        select(func.count(func.distinct(Flag.user_id))).where(
            Flag.review_id == review_id, Flag.status == "open", _established(review_id)
        )
    )
    return open_flaggers >= current_app.config["FLAGS_TO_HIDE"]


def _established(flagged_review_id: uuid.UUID):
    """The flagging account has a public contribution of its own."""
    published_review = select(Review.id).where(
        Review.author_id == Flag.user_id,
        Review.status == "published",
        Review.id != flagged_review_id,
    )
    interview_report = select(Interview.id).where(Interview.author_id == Flag.user_id)
    return or_(published_review.exists(), interview_report.exists())


def flags_listing(query: dict[str, Any]) -> Listing:
    """The moderation queue: flags in one status, newest first."""
    status = query["status"]
    # Each flag's review and its job's names, for the whole page in two more queries.
    statement = select(Flag).options(selectinload(Flag.review).selectinload(Review.job))
    return Listing(statement.where(Flag.status == status), FLAG_ORDER, f"flags:{status}")
