"""Interview reports and their summaries."""

from __future__ import annotations

import marshmallow as ma
from servicekit.fields import StrictInteger, Text, Timestamp, one_of, optional_text
from servicekit.pagination import PageQuerySchema

from ..viewer import AnonymousSchema
from ..vocabulary import INTERVIEW_OUTCOMES
from .common import ContributionQuerySchema, TermSchema

QUESTIONS = ma.validate.Length(min=1, max=20)


class InterviewUpdateSchema(TermSchema):
    questions = ma.fields.List(Text(max_length=1_000), validate=QUESTIONS)
    difficulty = StrictInteger(validate=ma.validate.Range(min=1, max=5))
    outcome = one_of(INTERVIEW_OUTCOMES)
    experience = optional_text(20_000)


class InterviewCreateSchema(InterviewUpdateSchema):
    job_id = ma.fields.UUID(required=True)
    questions = ma.fields.List(Text(max_length=1_000), required=True, validate=QUESTIONS)
    difficulty = StrictInteger(required=True, validate=ma.validate.Range(min=1, max=5))
    outcome = one_of(INTERVIEW_OUTCOMES, required=True)


class InterviewSchema(AnonymousSchema):
    id = ma.fields.UUID()
    job_id = ma.fields.UUID()
    company_id = ma.fields.UUID()
    questions = ma.fields.List(ma.fields.String())
    difficulty = ma.fields.Integer()
    outcome = ma.fields.String()
    experience = ma.fields.String(allow_none=True)
    term = ma.fields.String(allow_none=True)
    year = ma.fields.Integer(allow_none=True)
    created_at = Timestamp()
    updated_at = Timestamp()


class InterviewListQuerySchema(PageQuerySchema, ContributionQuerySchema):
    pass


class InterviewSummarySchema(ma.Schema):
    count = ma.fields.Integer()
    average_difficulty = ma.fields.Float(allow_none=True)
    outcomes = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
