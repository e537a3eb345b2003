"""Salary entries are private to their author (and admins); the public sees only stats."""

import uuid

from flask_smorest import Blueprint
from servicekit.auth import Identity, login_required, require_identity
from servicekit.pagination import paginated_response
from servicekit.problems import abort, problem_doc

from .. import contributions, stats
from ..extensions import db
from ..models import Salary
from ..schemas.salaries import (
    SalaryCreateSchema,
    SalaryListQuerySchema,
    SalarySchema,
    SalaryStatsQuerySchema,
    SalaryStatsSchema,
    SalaryUpdateSchema,
)

blp = Blueprint("salaries", __name__, url_prefix="/api/v1/salaries", description="Salaries")


def _own_salary(identity: Identity, salary_id: uuid.UUID) -> Salary:
    """The caller's entry; anyone else's is 404, its existence not revealed."""
    salary = db.session.get(Salary, salary_id)
    if salary is None or not contributions.is_author_or_admin(identity, salary):
        abort(404, "No such salary.")
    return salary


@blp.get("")
@login_required
@paginated_response(blp, SalarySchema, SalaryListQuerySchema)
def list_salaries(query):
    """The caller's own salary entries (admins: everyone's)"""
    return contributions.salaries_listing(require_identity(), query)


@blp.post("")
@login_required
@blp.arguments(SalaryCreateSchema)
@blp.response(201, SalarySchema)
@blp.alt_response(503, **problem_doc("The jobs service could not be asked about the job"))
def create_salary(data):
    """Record a salary for a job"""
    return contributions.create(Salary, require_identity(), data)


@blp.get("/stats")
@blp.arguments(SalaryStatsQuerySchema, location="query")
@blp.response(200, SalaryStatsSchema)
def salary_stats(query):
    """Salary figures of a company or a job per currency and period (from 5 accounts on)"""
    return stats.salary_stats(query)


@blp.patch("/<uuid:salary_id>")
@login_required
@blp.arguments(SalaryUpdateSchema)
@blp.response(200, SalarySchema)
def update_salary(changes, salary_id: uuid.UUID):
    """Change a salary entry (its author or an admin)"""
    identity = require_identity()
    return contributions.update(identity, _own_salary(identity, salary_id), changes)


@blp.delete("/<uuid:salary_id>")
@login_required
@blp.response(204)
def delete_salary(salary_id: uuid.UUID):
    """Delete a salary entry (its author or an admin)"""
    identity = require_identity()
    contributions.delete(identity, _own_salary(identity, salary_id))
