"""The caller's own account, and the admin's view of every account."""

import uuid

from flask_smorest import Blueprint
from servicekit.auth import admin_required, login_required, require_identity
from servicekit.pagination import paginated_response
from servicekit.problems import problem_doc

from .. import accounts
from ..models import User
from ..schemas import (
    AdminUserUpdateSchema,
    MeUpdateSchema,
    UserListQuerySchema,
    UserSchema,
)

blp = Blueprint("users", __name__, url_prefix="/api/v1/users", description="Accounts")


def _me() -> User:
    return accounts.active_user(require_identity())


@blp.get("/me")
@login_required
@blp.response(200, UserSchema)
def get_me():
    """The caller's account"""
    return _me()


@blp.patch("/me")
@login_required
@blp.arguments(MeUpdateSchema)
@blp.response(200, UserSchema)
@blp.alt_response(403, **problem_doc("The current password is wrong"))
@blp.alt_response(429, **problem_doc("Too many wrong current passwords for this account"))
def update_me(changes):
    """Change the caller's display name or password"""
    return accounts.update_me(_me(), changes)


@blp.delete("/me")
@login_required
@blp.response(204)
def delete_me():
    """Delete the caller's account; public contributions stay, anonymous"""
    accounts.delete_me(_me())


@blp.get("")
@admin_required
@paginated_response(blp, UserSchema, UserListQuerySchema)
def list_users(query):
    """List accounts, optionally matching `q` in email or display name (admin)"""
    return accounts.users_listing(query)


@blp.patch("/<uuid:user_id>")
@admin_required
@blp.arguments(AdminUserUpdateSchema)
@blp.response(200, UserSchema)
def update_user(changes, user_id: uuid.UUID):
    """Change an account's role or active state (admin)"""
    return accounts.admin_update_user(user_id, changes)
