"""The caller's own application tracker."""

import uuid

from flask_smorest import Blueprint
from servicekit.auth import login_required, require_identity
from servicekit.pagination import paginated_response

from .. import tracker
from ..schemas import (
    ApplicationCreateSchema,
    ApplicationListQuerySchema,
    ApplicationSchema,
    ApplicationStatsSchema,
    ApplicationSummarySchema,
    ApplicationUpdateSchema,
)

blp = Blueprint(
    "applications",
    __name__,
    url_prefix="/api/v1/applications",
    description="The caller's own applications",
)


@blp.get("")
@login_required
@paginated_response(blp, ApplicationSummarySchema, ApplicationListQuerySchema)
def list_applications(query):
    """The caller's applications, newest first"""
    return tracker.applications_listing(require_identity(), query)


@blp.post("")
@login_required
@blp.arguments(ApplicationCreateSchema)
@blp.response(201, ApplicationSchema)
def create_application(data):
    """Track an application, for a listed job or by company and position names"""
    return tracker.create(require_identity(), data)


@blp.get("/stats")
@login_required
@blp.response(200, ApplicationStatsSchema)
def application_stats():
    """How many of the caller's applications are in each status"""
    return tracker.stats(require_identity())


@blp.get("/<uuid:application_id>")
@login_required
@blp.response(200, ApplicationSchema)
def get_application(application_id: uuid.UUID):
    """One of the caller's applications, with contacts and status timeline"""
    return tracker.get_own(require_identity(), application_id)


@blp.patch("/<uuid:application_id>")
@login_required
@blp.arguments(ApplicationUpdateSchema)
@blp.response(200, ApplicationSchema)
def update_application(changes, application_id: uuid.UUID):
    """Change an application; a new status appends to its timeline"""
    return tracker.update(require_identity(), application_id, changes)


@blp.delete("/<uuid:application_id>")
@login_required
@blp.response(204)
def delete_application(application_id: uuid.UUID):
    """Delete one of the caller's applications"""
    tracker.delete(require_identity(), application_id)
