"""The public keys that verify access tokens."""

from flask import current_app
from flask_smorest import Blueprint

blp = Blueprint("jwks", __name__, url_prefix="/.well-known", description="Token keys")


@blp.get("/jwks.json")
def jwks():
    """The JSON Web Key Set of the access-token signing keys"""
    response = current_app.json.response(current_app.extensions["signing_keys"].jwks)
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
