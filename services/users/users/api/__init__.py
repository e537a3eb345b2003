"""One blueprint per resource."""

from flask import Flask

from ..extensions import api
from .auth import blp as auth_blp
from .jwks import blp as jwks_blp
from .users import blp as users_blp


def register_blueprints(app: Flask) -> None:
    for blueprint in (auth_blp, users_blp, jwks_blp):
        api.register_blueprint(blueprint)
