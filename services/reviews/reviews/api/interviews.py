"""Interview reports: public reading, signed-in writing, edits by the author or an admin."""

import uuid

from flask_smorest import Blueprint
from servicekit.auth import current_identity, login_required, require_identity
from servicekit.pagination import SortKey, paginate
from servicekit.service import problem_doc

from .. import contributions, stats
from ..extensions import db
from ..models import Interview
from ..schemas.common import SubjectQuerySchema
from ..schemas.interviews import (
    InterviewCreateSchema,
    InterviewListQuerySchema,
    InterviewPageSchema,
    InterviewSchema,
    InterviewSummarySchema,
    InterviewUpdateSchema,
)
from ..viewer import for_viewer, one_for_viewer

blp = Blueprint(
    "interviews", __name__, url_prefix="/api/v1/interviews", description="Interview reports"
)
INTERVIEW_ORDER = (SortKey(Interview.created_at, True), SortKey(Interview.id, True))


@blp.get("")
@blp.arguments(InterviewListQuerySchema, location="query")
@blp.response(200, InterviewPageSchema)
def list_interviews(query):
    """Interview reports, newest first"""
    identity = current_identity()
    page = paginate(
        db.session,
        contributions.listing(Interview, query),
        order=INTERVIEW_ORDER,
        page=query,
        scope="interviews",
    )
    page.items = for_viewer(page.items, identity)
    return page.as_dict()


@blp.post("")
@login_required
@blp.arguments(InterviewCreateSchema)
@blp.response(201, InterviewSchema)
@blp.alt_response(503, **problem_doc("The jobs service could not be asked about the job"))
def create_interview(data):
    """Report an interview"""
    identity = require_identity()
    report = contributions.create(Interview, identity, data)
    return one_for_viewer(report, identity)


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
    return one_for_viewer(contributions.get(Interview, interview_id), current_identity())


@blp.patch("/<uuid:interview_id>")
@login_required
@blp.arguments(InterviewUpdateSchema)
@blp.response(200, InterviewSchema)
def update_interview(changes, interview_id: uuid.UUID):
    """Edit an interview report (its author or an admin)"""
    identity = require_identity()
    report = contributions.update(identity, contributions.get(Interview, interview_id), changes)
    return one_for_viewer(report, identity)


@blp.delete("/<uuid:interview_id>")
@login_required
@blp.response(204)
def delete_interview(interview_id: uuid.UUID):
    """Delete an interview report (its author or an admin)"""
    contributions.delete(require_identity(), contributions.get(Interview, interview_id))
