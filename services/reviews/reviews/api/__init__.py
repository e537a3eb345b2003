"""One blueprint per resource."""

from flask import Flask

from ..extensions import api
from .flags import blp as flags_blp
from .interviews import blp as interviews_blp
from .reviews import blp as reviews_blp
from .salaries import blp as salaries_blp


def register_blueprints(app: Flask) -> None:
    for blueprint in (reviews_blp, flags_blp, salaries_blp, interviews_blp):
        api.register_blueprint(blueprint)
