"""The moderation queue (admins)."""

from flask_smorest import Blueprint
from servicekit.auth import admin_required
from servicekit.pagination import paginate

from .. import moderation
from ..extensions import db
from ..schemas.reviews import AdminFlagPageSchema, FlagListQuerySchema

blp = Blueprint("flags", __name__, url_prefix="/api/v1/flags", description="Moderation")


@blp.get("")
@admin_required
@blp.arguments(FlagListQuerySchema, location="query")
@blp.response(200, AdminFlagPageSchema)
def list_flags(query):
    """Flags by status, newest first (admin)"""
    page = paginate(
        db.session,
        moderation.listing(query["status"]),
        order=moderation.FLAG_ORDER,
        page=query,
        scope=f"flags:{query['status']}",
    )
    return page.as_dict()
