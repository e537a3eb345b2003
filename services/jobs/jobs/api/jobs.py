"""Jobs, and each user's saved jobs."""

import uuid

from flask_smorest import Blueprint
from servicekit.auth import admin_required, login_required, require_identity
from servicekit.pagination import paginated_response
from servicekit.problems import problem_doc

from .. import catalog
from ..schemas import (
    JobCreateSchema,
    JobFiltersSchema,
    JobListQuerySchema,
    JobSchema,
    JobUpdateSchema,
)

blp = Blueprint("jobs", __name__, url_prefix="/api/v1/jobs", description="Jobs and saved jobs")


@blp.get("")
@paginated_response(blp, JobSchema, JobListQuerySchema)
def list_jobs(query):
    """List jobs, newest first; `saved=true` lists the caller's saved jobs"""
    return catalog.jobs_listing(query)


@blp.get("/filters")
@blp.response(200, JobFiltersSchema)
def job_filters():
    """The industries, locations, employment types and workplaces jobs can be filtered by"""
    return catalog.filter_values()


@blp.post("")
@login_required
@blp.arguments(JobCreateSchema)
@blp.response(201, JobSchema)
@blp.alt_response(409, **problem_doc("The company lists this title and location already"))
def create_job(data):
    """Add a job to a company"""
    return catalog.create_job(require_identity(), data)


@blp.get("/<uuid:job_id>")
@blp.response(200, JobSchema)
def get_job(job_id: uuid.UUID):
    """One job, with its company's id and name"""
    return catalog.get_job(job_id)


@blp.patch("/<uuid:job_id>")
@login_required
@blp.arguments(JobUpdateSchema)
@blp.response(200, JobSchema)
def update_job(changes, job_id: uuid.UUID):
    """Change a job (its creator or an admin)"""
    return catalog.update_job(require_identity(), job_id, changes)


@blp.delete("/<uuid:job_id>")
@admin_required
@blp.response(204)
def delete_job(job_id: uuid.UUID):
    """Delete a job (admin)"""
    catalog.delete_job(job_id)


@blp.put("/<uuid:job_id>/saved")
@login_required
@blp.response(204)
def save_job(job_id: uuid.UUID):
    """Save a job for later (idempotent)"""
    catalog.save_job(require_identity(), job_id)


@blp.delete("/<uuid:job_id>/saved")
@login_required
@blp.response(204)
def unsave_job(job_id: uuid.UUID):
    """Forget a saved job (idempotent)"""
    catalog.unsave_job(require_identity(), job_id)
