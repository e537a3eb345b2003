"""Interview reports and their summaries."""

from __future__ import annotations

import marshmallow as ma
from servicekit.fields import (
    BoundedList,
    OutputSchema,
    StrictInteger,
    String,
    Text,
    Timestamp,
    one_of,
    optional_text,
)
from servicekit.pagination import PageQuerySchema

from ..viewer import AnonymousSchema
from ..vocabulary import INTERVIEW_OUTCOMES, TERMS
from .common import ContributionQuerySchema, TermSchema


class InterviewUpdateSchema(TermSchema):
    questions = BoundedList(Text(max_length=1_000), min_length=1, max_length=20)
    difficulty = StrictInteger(validate=ma.validate.Range(min=1, max=5))
    outcome = one_of(INTERVIEW_OUTCOMES)
    experience = optional_text(20_000)


class InterviewCreateSchema(InterviewUpdateSchema):
    job_id = ma.fields.UUID(required=True)
    questions = BoundedList(Text(max_length=1_000), min_length=1, max_length=20, required=True)
    difficulty = StrictInteger(required=True, validate=ma.validate.Range(min=1, max=5))
    outcome = one_of(INTERVIEW_OUTCOMES, required=True)


class InterviewSchema(AnonymousSchema):
    id = ma.fields.UUID()
    job_id = ma.fields.UUID()
    company_id = ma.fields.UUID()
    questions = ma.fields.List(String())
    difficulty = ma.fields.Integer()
    outcome = one_of(INTERVIEW_OUTCOMES)
    experience = String(allow_none=True)
    term = one_of(TERMS, allow_none=True)
    year = ma.fields.Integer(allow_none=True)
    created_at = Timestamp()
    updated_at = Timestamp()


class InterviewListQuerySchema(PageQuerySchema, ContributionQuerySchema):
    mine = ma.fields.Boolean(load_default=False)


class InterviewSummarySchema(OutputSchema):
    count = ma.fields.Integer()
    average_difficulty = ma.fields.Float(allow_none=True)
    outcomes = ma.fields.Dict(keys=String(), values=ma.fields.Integer())
