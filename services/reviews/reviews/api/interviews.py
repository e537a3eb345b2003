"""Interview reports: public reading, signed-in writing, edits by the author or an admin."""

import uuid

from flask_smorest import Blueprint
from servicekit.auth import login_required, require_identity
from servicekit.pagination import paginated_response
from servicekit.problems import problem_doc

from .. import contributions, stats
from ..models import Interview
from ..schemas.common import SubjectQuerySchema
from ..schemas.interviews import (
    InterviewCreateSchema,
    InterviewListQuerySchema,
    InterviewSchema,
    InterviewSummarySchema,
    InterviewUpdateSchema,
)

blp = Blueprint(
    "interviews", __name__, url_prefix="/api/v1/interviews", description="Interview reports"
)


@blp.get("")
@paginated_response(blp, InterviewSchema, InterviewListQuerySchema)
def list_interviews(query):
    """Interview reports, newest first, or with `mine=true` the caller's own"""
    return contributions.interviews_listing(query)


@blp.post("")
@login_required
@blp.arguments(InterviewCreateSchema)
@blp.response(201, InterviewSchema)
@blp.alt_response(503, **problem_doc("The jobs service could not be asked about the job"))
def create_interview(data):
    """Report an interview"""
    return contributions.create(Interview, require_identity(), data)


@blp.get("/summary")
@blp.arguments(SubjectQuerySchema, location="query")
@blp.response(200, InterviewSummarySchema)
def interview_summary(query):
    """Interview difficulty and outcomes of a company or a job"""
    return stats.interview_summary(query)


@blp.get("/<uuid:interview_id>")
@blp.response(200, InterviewSchema)
def get_interview(interview_id: uuid.UUID):
    """One interview report"""
    return contributions.get(Interview, interview_id)


@blp.patch("/<uuid:interview_id>")
@login_required
@blp.arguments(InterviewUpdateSchema)
@blp.response(200, InterviewSchema)
def update_interview(changes, interview_id: uuid.UUID):
    """Edit an interview report (its author or an admin)"""
    report = contributions.get(Interview, interview_id)
    return contributions.update(require_identity(), report, changes)


@blp.delete("/<uuid:interview_id>")
@login_required
@blp.response(204)
def delete_interview(interview_id: uuid.UUID):
    """Delete an interview report (its author or an admin)"""
    contributions.delete(require_identity(), contributions.get(Interview, interview_id))
