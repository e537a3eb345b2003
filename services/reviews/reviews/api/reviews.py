"""Reviews: public reading, signed-in writing, helpful votes and flags."""

import uuid

from flask_smorest import Blueprint
from servicekit.auth import current_identity, login_required, require_identity
from servicekit.pagination import paginated_response
from servicekit.problems import problem_doc

from .. import contributions, moderation, reviewing, stats
from ..schemas.common import SubjectQuerySchema
from ..schemas.reviews import (
    FlagCreateSchema,
    FlagSchema,
    ReviewCreateSchema,
    ReviewListQuerySchema,
    ReviewSchema,
    ReviewSummarySchema,
    ReviewUpdateSchema,
    SummariesQuerySchema,
    SummariesSchema,
)

blp = Blueprint("reviews", __name__, url_prefix="/api/v1/reviews", description="Reviews")


@blp.get("")
@paginated_response(blp, ReviewSchema, ReviewListQuerySchema)
def list_reviews(query):
    """Published reviews, or with `mine=true` the caller's own"""
    return reviewing.reviews_listing(query)


@blp.post("")
@login_required
@blp.arguments(ReviewCreateSchema)
@blp.response(201, ReviewSchema)
@blp.alt_response(409, **problem_doc("Already reviewed this job for this term and year"))
@blp.alt_response(503, **problem_doc("The jobs service could not be asked about the job"))
def create_review(data):
    """Review a job"""
    return reviewing.create(require_identity(), data)


@blp.get("/summary")
@blp.arguments(SubjectQuerySchema, location="query")
@blp.response(200, ReviewSummarySchema)
def review_summary(query):
    """Ratings of a company or a job, over published reviews"""
    return stats.review_summary(query)


@blp.get("/summaries")
@blp.arguments(SummariesQuerySchema, location="query")
@blp.response(200, SummariesSchema)
def review_summaries(query):
    """Count and average rating of up to 100 companies or jobs at once"""
    return stats.review_summaries(query)


@blp.get("/<uuid:review_id>")
@blp.response(200, ReviewSchema)
def get_review(review_id: uuid.UUID):
    """One review (hidden ones only for their author and admins)"""
    return reviewing.get_visible(current_identity(), review_id)


@blp.patch("/<uuid:review_id>")
@login_required
@blp.arguments(ReviewUpdateSchema)
@blp.response(200, ReviewSchema)
def update_review(changes, review_id: uuid.UUID):
    """Edit a review (its author or an admin; only admins set `status`)"""
    return reviewing.update_review(require_identity(), review_id, changes)


@blp.delete("/<uuid:review_id>")
@login_required
@blp.response(204)
def delete_review(review_id: uuid.UUID):
    """Delete a review (its author or an admin)"""
    identity = require_identity()
    # A hidden review is 404 to anyone but its author and admins here too: 403 would tell
    # a stranger that it exists.
    contributions.delete(identity, reviewing.get_visible(identity, review_id))


@blp.put("/<uuid:review_id>/helpful")
@login_required
@blp.response(204)
def vote_helpful(review_id: uuid.UUID):
    """Mark a review helpful (idempotent)"""
    reviewing.vote_helpful(require_identity(), review_id)


@blp.delete("/<uuid:review_id>/helpful")
@login_required
@blp.response(204)
def unvote_helpful(review_id: uuid.UUID):
    """Take back a helpful vote (idempotent)"""
    reviewing.unvote_helpful(require_identity(), review_id)


@blp.post("/<uuid:review_id>/flags")
@login_required
@blp.arguments(FlagCreateSchema)
@blp.response(201, FlagSchema)
@blp.alt_response(409, **problem_doc("Already flagged by the caller"))
def flag_review(data, review_id: uuid.UUID):
    """Flag a review for moderation"""
    return moderation.flag_review(require_identity(), review_id, data)
