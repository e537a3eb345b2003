"""Companies: anyone reads, signed-in users add, creators and admins edit, admins delete."""

from flask_smorest import Blueprint
from servicekit.auth import admin_required, login_required, require_identity
from servicekit.pagination import paginated_response
from servicekit.problems import problem_doc

from .. import catalog
from ..schemas import (
    CompanyCreateSchema,
    CompanyListQuerySchema,
    CompanySchema,
    CompanyUpdateSchema,
)

blp = Blueprint("companies", __name__, url_prefix="/api/v1/companies", description="Companies")


@blp.get("")
@paginated_response(blp, CompanySchema, CompanyListQuerySchema)
def list_companies(query):
    """List companies; `q` matches any part of the name"""
    return catalog.companies_listing(query)


@blp.post("")
@login_required
@blp.arguments(CompanyCreateSchema)
@blp.response(201, CompanySchema)
@blp.alt_response(409, **problem_doc("A company with this name exists"))
def create_company(data):
    """Add a company"""
    return catalog.create_company(require_identity(), data)


# `company` is the company's id or its slug, so a page at /companies/maple-ledger resolves.


@blp.get("/<company>")
@blp.response(200, CompanySchema)
def get_company(company: str):
    """One company, by id or slug"""
    return catalog.read_company(company)


@blp.patch("/<company>")
@login_required
@blp.arguments(CompanyUpdateSchema)
@blp.response(200, CompanySchema)
def update_company(changes, company: str):
    """Change a company, by id or slug (its creator or an admin)"""
    return catalog.update_company(require_identity(), company, changes)


@blp.delete("/<company>")
@admin_required
@blp.response(204)
def delete_company(company: str):
    """Delete a company and its jobs, by id or slug (admin)"""
    catalog.delete_company(company)
