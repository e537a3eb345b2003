"""Reviews, helpful votes, flags and review summaries."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from servicekit.fields import (
    BoundedList,
    OutputSchema,
    StrictBoolean,
    String,
    Text,
    Timestamp,
    one_of,
    optional,
    optional_text,
)
from servicekit.pagination import PageQuerySchema

from ..viewer import AnonymousSchema
from ..vocabulary import FLAG_REASONS, FLAG_STATUSES, REVIEW_STATUSES, TERMS
from .common import ContributionQuerySchema, CoopContextSchema, rating

REVIEW_SORTS = ("-created_at", "-rating", "-helpful")
MAX_SUMMARIES = 100


class SubRatingsSchema(ma.Schema):
    work_life_balance = rating(allow_none=True)
    culture = rating(allow_none=True)
    learning = rating(allow_none=True)
    compensation = rating(allow_none=True)


class ReviewUpdateSchema(CoopContextSchema):
    title = Text(max_length=200)
    body = optional_text(20_000)
    pros = optional_text(5_000)
    cons = optional_text(5_000)
    rating = rating()
    ratings = ma.fields.Nested(SubRatingsSchema)
    would_recommend = StrictBoolean(allow_none=True)
    # Only admins may set it; the view refuses it from anyone else with 422.
    status = one_of(REVIEW_STATUSES)

    @ma.post_load
    def flatten_ratings(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        """`ratings: {culture: 4}` arrives nested and is stored as the review's own columns."""
        data.update(data.pop("ratings", None) or {})
        return data


class ReviewCreateSchema(ReviewUpdateSchema):
    class Meta:
        exclude = ("status",)  # a new review is always published; `status` is 422 here

    job_id = ma.fields.UUID(required=True)
    title = Text(max_length=200, required=True)
    rating = rating(required=True)


class SubRatingsOutputSchema(OutputSchema):
    work_life_balance = ma.fields.Integer(allow_none=True)
    culture = ma.fields.Integer(allow_none=True)
    learning = ma.fields.Integer(allow_none=True)
    compensation = ma.fields.Integer(allow_none=True)


class ReviewSchema(AnonymousSchema):
    id = ma.fields.UUID()
    job_id = ma.fields.UUID()
    company_id = ma.fields.UUID()
    title = String()
    body = String(allow_none=True)
    pros = String(allow_none=True)
    cons = String(allow_none=True)
    rating = ma.fields.Integer()
    ratings = ma.fields.Nested(SubRatingsOutputSchema)
    would_recommend = ma.fields.Boolean(allow_none=True)
    term = one_of(TERMS, allow_none=True)
    year = ma.fields.Integer(allow_none=True)
    coop_number = ma.fields.Integer(allow_none=True)
    program = String(allow_none=True)
    helpful_count = ma.fields.Integer()
    marked_helpful = ma.fields.Boolean(
        metadata={"description": "Whether the caller has marked it helpful (false when signed out)"}
    )
    status = one_of(REVIEW_STATUSES)
    created_at = Timestamp()
    updated_at = Timestamp()

    @ma.post_dump
    def never_unknown(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        # The views that show reviews to a reader load the caller's vote; where none is
        # loaded (a review just written, the moderation queue's copy) it reads as false.
        data["marked_helpful"] = bool(data.get("marked_helpful"))
        return data


class ReviewListQuerySchema(PageQuerySchema, ContributionQuerySchema):
    sort = one_of(REVIEW_SORTS, load_default="-created_at")
    mine = ma.fields.Boolean(load_default=False)


class FlagCreateSchema(ma.Schema):
    reason = one_of(FLAG_REASONS, required=True)
    note = optional_text(1_000)


class FlagSchema(OutputSchema):
    id = ma.fields.UUID()
    review_id = ma.fields.UUID()
    reason = one_of(FLAG_REASONS)
    note = String(allow_none=True)
    status = one_of(FLAG_STATUSES)
    created_at = Timestamp()
    resolved_at = Timestamp(allow_none=True)


class AdminFlagSchema(FlagSchema):
    """Flags as admins list them: with who flagged, and the review itself (admins only), so
    the moderation queue needs no call per flag."""

    user_id = ma.fields.UUID()
    review = ma.fields.Nested(ReviewSchema)


class FlagListQuerySchema(PageQuerySchema):
    status = one_of(FLAG_STATUSES, load_default="open")


class SummariesQuerySchema(ma.Schema):
    """Up to 100 companies, or up to 100 jobs: `?company_id=a&company_id=b`."""

    company_id = BoundedList(ma.fields.UUID(), max_length=MAX_SUMMARIES)
    job_id = BoundedList(ma.fields.UUID(), max_length=MAX_SUMMARIES)

    @ma.validates_schema
    def one_kind_of_subject(self, data, **kwargs):
        if bool(data.get("company_id")) == bool(data.get("job_id")):
            message = "Give company_id or job_id (repeated), not both."
            raise ma.ValidationError(message, "company_id")


class SummaryItemSchema(OutputSchema):
    company_id = optional(ma.fields.UUID(), "Present when companies were asked for")
    job_id = optional(ma.fields.UUID(), "Present when jobs were asked for")
    count = ma.fields.Integer(metadata={"description": "Published reviews"})
    average = ma.fields.Float(allow_none=True)


class SummariesSchema(OutputSchema):
    items = ma.fields.List(ma.fields.Nested(SummaryItemSchema))


class RatingSummarySchema(OutputSchema):
    average = ma.fields.Float(allow_none=True)
    distribution = ma.fields.Dict(keys=String(), values=ma.fields.Integer())


class ReviewSummarySchema(OutputSchema):
    count = ma.fields.Integer()
    rating = ma.fields.Nested(RatingSummarySchema)
    ratings = ma.fields.Dict(keys=String(), values=ma.fields.Float(allow_none=True))
    would_recommend_pct = ma.fields.Float(allow_none=True)
