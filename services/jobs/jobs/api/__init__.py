"""One blueprint per resource."""

from flask import Flask

from ..extensions import api
from .applications import blp as applications_blp
from .companies import blp as companies_blp
from .jobs import blp as jobs_blp


def register_blueprints(app: Flask) -> None:
    for blueprint in (companies_blp, jobs_blp, applications_blp):
        api.register_blueprint(blueprint)
