"""Request and response shapes: separate input, update and output schemas per resource."""

from __future__ import annotations

import marshmallow as ma
from servicekit.auth import current_identity
from servicekit.fields import (
    URL,
    BoundedList,
    Email,
    OutputSchema,
    String,
    Text,
    Timestamp,
    one_of,
    optional,
    optional_text,
)
from servicekit.pagination import PageQuerySchema

from .catalog import saved_among
from .vocabulary import APPLICATION_STATUSES, COMPANY_SIZES, EMPLOYMENT_TYPES, WORKPLACES

COMPANY_SORTS = ("name", "-job_count", "-created_at")
JOB_SORTS = ("-created_at", "title")


def _url() -> URL:
    return URL(schemes={"http", "https"}, allow_none=True, validate=ma.validate.Length(max=2048))


# --- companies -------------------------------------------------------------------------


class CompanyUpdateSchema(ma.Schema):
    name = Text(max_length=200)
    website = _url()
    logo_url = _url()
    industry = optional_text(100, 1)
    size = one_of(COMPANY_SIZES, allow_none=True)
    headquarters = optional_text(200, 1)
    description = optional_text(10_000)


class CompanyCreateSchema(CompanyUpdateSchema):
    name = Text(max_length=200, required=True)


class CompanySchema(OutputSchema):
    id = ma.fields.UUID()
    name = String()
    slug = String()
    website = String(allow_none=True)
    logo_url = String(allow_none=True)
    industry = String(allow_none=True)
    size = one_of(COMPANY_SIZES, allow_none=True)
    headquarters = String(allow_none=True)
    description = String(allow_none=True)
    job_count = ma.fields.Integer()
    created_at = Timestamp()
    updated_at = Timestamp()


class CompanyListQuerySchema(PageQuerySchema):
    q = Text(max_length=200)
    industry = Text(max_length=100)
    sort = one_of(COMPANY_SORTS, load_default="name")


# --- jobs ------------------------------------------------------------------------------


class JobUpdateSchema(ma.Schema):
    title = Text(max_length=200)
    location = optional_text(200, 1)
    employment_type = one_of(EMPLOYMENT_TYPES)
    workplace = one_of(WORKPLACES, allow_none=True)
    description = optional_text(20_000)


class JobCreateSchema(JobUpdateSchema):
    company_id = ma.fields.UUID(required=True)
    title = Text(max_length=200, required=True)
    employment_type = one_of(EMPLOYMENT_TYPES, required=True)


class CompanyRefSchema(OutputSchema):
    id = ma.fields.UUID()
    name = String()


class JobSchema(OutputSchema):
    id = ma.fields.UUID()
    company_id = ma.fields.UUID()
    company = ma.fields.Nested(CompanyRefSchema)
    title = String()
    location = String(allow_none=True)
    employment_type = one_of(EMPLOYMENT_TYPES)
    workplace = one_of(WORKPLACES, allow_none=True)
    description = String(allow_none=True)
    is_saved = optional(ma.fields.Boolean(), "Present when the caller is signed in")
    created_at = Timestamp()
    updated_at = Timestamp()

    @ma.post_dump(pass_collection=True)
    def mark_saved(self, data, many: bool, **kwargs):
        """`is_saved` for a signed-in caller: one query for a whole page of jobs."""
        identity = current_identity()
        if identity is not None:
            jobs = data if many else [data]
            saved = saved_among(identity, [job["id"] for job in jobs])
            for job in jobs:
                job["is_saved"] = job["id"] in saved
        return data


class JobListQuerySchema(PageQuerySchema):
    company_id = ma.fields.UUID()
    q = Text(max_length=200)
    location = Text(max_length=200)
    employment_type = one_of(EMPLOYMENT_TYPES)
    workplace = one_of(WORKPLACES)
    saved = ma.fields.Boolean()
    sort = one_of(JOB_SORTS, load_default="-created_at")


class FilterValueSchema(OutputSchema):
    value = String()
    count = ma.fields.Integer(metadata={"description": "Jobs with this value"})


class JobFiltersSchema(OutputSchema):
    """The values a search can filter jobs by, most common first (at most 100 each)."""

    industries = ma.fields.List(ma.fields.Nested(FilterValueSchema))
    locations = ma.fields.List(ma.fields.Nested(FilterValueSchema))
    employment_types = ma.fields.List(ma.fields.Nested(FilterValueSchema))
    workplaces = ma.fields.List(ma.fields.Nested(FilterValueSchema))


# --- applications ----------------------------------------------------------------------


class ContactSchema(ma.Schema):
    name = Text(max_length=200, required=True)
    email = Email(allow_none=True, validate=ma.validate.Length(max=254))
    role = optional_text(200, 1)
    notes = optional_text(2_000)


class ApplicationUpdateSchema(ma.Schema):
    company_name = Text(max_length=200)
    position_title = Text(max_length=200)
    status = one_of(APPLICATION_STATUSES)
    # Recorded on the timeline event a status change appends.
    status_note = optional_text(1_000)
    applied_on = ma.fields.Date(allow_none=True)
    url = _url()
    notes = optional_text(20_000)
    contacts = BoundedList(ma.fields.Nested(ContactSchema), max_length=50)


class ApplicationCreateSchema(ApplicationUpdateSchema):
    job_id = ma.fields.UUID()
    status = one_of(APPLICATION_STATUSES, load_default="applied")

    @ma.validates_schema
    def job_or_names(self, data, **kwargs):
        names = [data.get("company_name"), data.get("position_title")]
        if "job_id" in data:
            if any(names):
                raise ma.ValidationError(
                    "Give either job_id or company_name and position_title.", "job_id"
                )
        elif not all(names):
            missing = [
                f for f, v in zip(("company_name", "position_title"), names, strict=True) if not v
            ]
            raise ma.ValidationError(
                {field: ["Required when job_id is not given."] for field in missing}
            )


class ContactOutputSchema(OutputSchema):
    name = String()
    email = String(allow_none=True)
    role = String(allow_none=True)
    notes = String(allow_none=True)


class EventSchema(OutputSchema):
    status = one_of(APPLICATION_STATUSES)
    at = Timestamp()
    note = String(allow_none=True)


class ApplicationSummarySchema(OutputSchema):
    id = ma.fields.UUID()
    job_id = ma.fields.UUID(allow_none=True)
    company_name = String()
    position_title = String()
    status = one_of(APPLICATION_STATUSES)
    applied_on = ma.fields.Date(allow_none=True)
    url = String(allow_none=True)
    notes = String(allow_none=True)
    created_at = Timestamp()
    updated_at = Timestamp()


class ApplicationSchema(ApplicationSummarySchema):
    contacts = ma.fields.List(ma.fields.Nested(ContactOutputSchema))
    events = ma.fields.List(ma.fields.Nested(EventSchema))


class ApplicationListQuerySchema(PageQuerySchema):
    status = one_of(APPLICATION_STATUSES)


class ApplicationStatsSchema(OutputSchema):
    total = ma.fields.Integer()
    by_status = ma.fields.Dict(keys=String(), values=ma.fields.Integer())
