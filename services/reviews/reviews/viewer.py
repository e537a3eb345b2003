"""What the caller may see of a contribution: `is_mine` for everyone, the author only for admins.

The rule lives in the output schemas' dump hook, so every view that returns a contribution
applies it, and no view can forget it.
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from servicekit.auth import current_identity
from servicekit.fields import OutputSchema, String, optional


class AnonymousSchema(OutputSchema):
    """Output schema base: `author_id` only for admins, `is_mine` for the caller's own."""

    # Null once the author's account is deleted.
    author_id = optional(ma.fields.UUID(allow_none=True), "Present only when an admin asks")
    is_mine = ma.fields.Boolean()
    # The names the job had when a contribution first named it (null for one named before
    # this service kept names, until the job is named again).
    job_title = String(attribute="job.job_title", allow_none=True)
    company_name = String(attribute="job.company_name", allow_none=True)

    @ma.post_dump(pass_original=True)
    def show_to_viewer(self, data: dict[str, Any], original: Any, **kwargs: Any) -> dict[str, Any]:
        viewer = current_identity()
        if viewer is None or not viewer.is_admin:
            data.pop("author_id", None)
        data["is_mine"] = viewer is not None and original.author_id == viewer.user_id
        return data
