"""The moderation queue (admins)."""

from flask_smorest import Blueprint
from servicekit.auth import admin_required
from servicekit.pagination import paginated_response

from .. import moderation
from ..schemas.reviews import AdminFlagSchema, FlagListQuerySchema

blp = Blueprint("flags", __name__, url_prefix="/api/v1/flags", description="Moderation")


@blp.get("")
@admin_required
@paginated_response(blp, AdminFlagSchema, FlagListQuerySchema)
def list_flags(query):
    """Flags by status, newest first (admin)"""
    return moderation.flags_listing(query)
