"""Reviews: writing them, who sees hidden ones, and exact helpful counts."""

from __future__ import annotations

import uuid
from typing import Any

from servicekit.auth import Identity, current_identity
from servicekit.pagination import Listing, SortKey
from servicekit.problems import abort
from sqlalchemy import Select, delete, exists, false, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import with_expression

from . import contributions
from .extensions import db
from .models import Flag, HelpfulVote, Review

DUPLICATE_REVIEW = "You have already reviewed this job for this term and year."
REVIEW_ORDERS = {
    "-created_at": (SortKey(Review.created_at, True), SortKey(Review.id, True)),
    "-rating": (
        SortKey(Review.rating, True),
        SortKey(Review.created_at, True),
        SortKey(Review.id, True),
    ),
    "-helpful": (
        SortKey(Review.helpful_count, True),
        SortKey(Review.created_at, True),
        SortKey(Review.id, True),
    ),
}


def create(identity: Identity, data: dict[str, Any]) -> Review:
    return contributions.create(Review, identity, data, conflict=DUPLICATE_REVIEW)


def with_callers_vote(statement: Select) -> Select:
    """`statement` loading each review's `marked_helpful` for the caller (false when signed
    out), in the same query: one EXISTS on the vote's primary key per row."""
    caller = current_identity()
    marked = (
        exists().where(HelpfulVote.review_id == Review.id, HelpfulVote.user_id == caller.user_id)
        if caller is not None
        else false()
    )
    # populate_existing: a review already in the session (just changed) is loaded afresh.
    return statement.options(with_expression(Review.marked_helpful, marked)).execution_options(
        populate_existing=True
    )


def get_visible(identity: Identity | None, review_id: uuid.UUID) -> Review:
    """A review the caller may see: hidden ones only to their author and admins (else 404)."""
    review = db.session.scalar(with_callers_vote(select(Review).where(Review.id == review_id)))
    hidden = review is not None and review.status != "published"
    if review is None or (hidden and not contributions.is_author_or_admin(identity, review)):
        abort(404, "No such review.")
    return review


def update_review(identity: Identity, review_id: uuid.UUID, changes: dict[str, Any]) -> Review:
    review = get_visible(identity, review_id)
    if "status" in changes:
        if not identity.is_admin:
            abort(422, "Only admins set a review's status.", errors={"status": ["Admins only."]})
        _resolve_open_flags(review.id)  # the admin's decision closes the flags
    contributions.update(identity, review, changes, conflict=DUPLICATE_REVIEW)
    return get_visible(identity, review_id)  # as the caller sees it now, their vote included


def _resolve_open_flags(review_id: uuid.UUID) -> None:
    db.session.execute(
        update(Flag)
        .where(Flag.review_id == review_id, Flag.status == "open")
        .values(status="resolved", resolved_at=func.now())
    )


def reviews_listing(query: dict[str, Any]) -> Listing:
    """Published reviews in the order `sort` names; with `mine`, the caller's own."""
    statement = contributions.about(contributions.with_job_names(Review), Review, query)
    sort, mine = query["sort"], query["mine"]
    if mine:  # hidden ones included
        statement = statement.where(Review.author_id == contributions.own().user_id)
    else:
        statement = statement.where(Review.status == "published")
    return Listing(with_callers_vote(statement), REVIEW_ORDERS[sort], f"reviews:{sort}:{mine}")


def vote_helpful(identity: Identity, review_id: uuid.UUID) -> None:
    get_visible(identity, review_id)
    added = db.session.execute(
        insert(HelpfulVote)
        .values(review_id=review_id, user_id=identity.user_id)
        .on_conflict_do_nothing()
        .returning(HelpfulVote.user_id)
    ).first()
    if added:  # only a vote that was really added moves the count: exact under any race
        _adjust_helpful(review_id, +1)
    db.session.commit()


def unvote_helpful(identity: Identity, review_id: uuid.UUID) -> None:
    get_visible(identity, review_id)
    removed = db.session.execute(
        delete(HelpfulVote)
        .where(HelpfulVote.review_id == review_id, HelpfulVote.user_id == identity.user_id)
        .returning(HelpfulVote.user_id)
    ).first()
    if removed:
        _adjust_helpful(review_id, -1)
    db.session.commit()


def _adjust_helpful(review_id: uuid.UUID, delta: int) -> None:
    db.session.execute(
        update(Review)
        .where(Review.id == review_id)
        .values(helpful_count=Review.helpful_count + delta)
        .execution_options(synchronize_session=False)
    )
