"""Salary entries (private to their author) and their public statistics."""

from __future__ import annotations

import marshmallow as ma
from servicekit.fields import Money, OutputSchema, String, Text, Timestamp, one_of, optional_text
from servicekit.pagination import PageQuerySchema

from ..viewer import AnonymousSchema
from ..vocabulary import CURRENCIES, FIRST_YEAR, SALARY_PERIODS, TERMS
from .common import ContributionQuerySchema, CoopContextSchema, SubjectQuerySchema


def _iso_4217(value: str) -> None:
    if value not in CURRENCIES:
        raise ma.ValidationError("Must be an ISO 4217 currency code, such as CAD or USD.")


class SalaryUpdateSchema(CoopContextSchema):
    amount = Money()
    currency = String(validate=_iso_4217)
    period = one_of(SALARY_PERIODS)
    location = optional_text(200, 1)
    signing_bonus = Money(allow_none=True)
    relocation_stipend = Money(allow_none=True)


class SalaryCreateSchema(SalaryUpdateSchema):
    job_id = ma.fields.UUID(required=True)
    amount = Money(required=True)
    currency = String(required=True, validate=_iso_4217)
    period = one_of(SALARY_PERIODS, required=True)


class SalarySchema(AnonymousSchema):
    id = ma.fields.UUID()
    job_id = ma.fields.UUID()
    company_id = ma.fields.UUID()
    amount = Money()
    currency = String()
    period = one_of(SALARY_PERIODS)
    year = ma.fields.Integer(allow_none=True)
    term = one_of(TERMS, allow_none=True)
    coop_number = ma.fields.Integer(allow_none=True)
    program = String(allow_none=True)
    location = String(allow_none=True)
    signing_bonus = Money(allow_none=True)
    relocation_stipend = Money(allow_none=True)
    created_at = Timestamp()
    updated_at = Timestamp()


class SalaryListQuerySchema(PageQuerySchema, ContributionQuerySchema):
    pass


class SalaryStatsQuerySchema(SubjectQuerySchema):
    """Figures of a company or a job, optionally of one year, term or program."""

    # A query string is text: "2025" is the integer 2025 here.
    year = ma.fields.Integer(validate=ma.validate.Range(min=FIRST_YEAR, max=9999))
    term = one_of(TERMS)
    program = Text(max_length=200)


class SalaryGroupSchema(OutputSchema):
    """One currency and period's figures; null while fewer than 5 accounts contributed."""

    currency = String()
    period = one_of(SALARY_PERIODS)
    count = ma.fields.Integer()
    p25 = ma.fields.Float(allow_none=True)
    median = ma.fields.Float(allow_none=True)
    p75 = ma.fields.Float(allow_none=True)
    mean = ma.fields.Float(allow_none=True)


class SalaryStatsSchema(OutputSchema):
    groups = ma.fields.List(ma.fields.Nested(SalaryGroupSchema))
