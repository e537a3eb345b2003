"""Fields every contribution shares: the job, and the co-op context."""

from __future__ import annotations

import marshmallow as ma
from servicekit.fields import StrictInteger, one_of, optional_text

from ..vocabulary import FIRST_YEAR, MAX_COOP_NUMBER, TERMS, latest_year


def rating(**kwargs) -> StrictInteger:
    return StrictInteger(validate=ma.validate.Range(min=1, max=5), **kwargs)


def _year_in_range(value: int) -> None:
    if not FIRST_YEAR <= value <= latest_year():
        raise ma.ValidationError(f"Must be between {FIRST_YEAR} and {latest_year()}.")


class TermSchema(ma.Schema):
    """When: the term and year a contribution is about."""

    term = one_of(TERMS, allow_none=True)
    year = StrictInteger(allow_none=True, validate=_year_in_range)


class CoopContextSchema(TermSchema):
    """The whole co-op context: term, year, co-op number, program."""

    coop_number = StrictInteger(
        allow_none=True, validate=ma.validate.Range(min=1, max=MAX_COOP_NUMBER)
    )
    program = optional_text(200, 1)


class ContributionQuerySchema(ma.Schema):
    company_id = ma.fields.UUID()
    job_id = ma.fields.UUID()


class SubjectQuerySchema(ContributionQuerySchema):
    """Summaries and stats are about exactly one company or one job."""

    @ma.validates_schema
    def exactly_one_subject(self, data, **kwargs):
        if ("company_id" in data) == ("job_id" in data):
            raise ma.ValidationError("Give exactly one of company_id and job_id.", "company_id")
