"""The public keys that verify access tokens."""

import marshmallow as ma
from flask import current_app
from flask_smorest import Blueprint
from servicekit.fields import OutputSchema, String

blp = Blueprint("jwks", __name__, url_prefix="/.well-known", description="Token keys")


class JwkSchema(OutputSchema):
    kid = String()
    kty = String()
    alg = String()
    use = String()
    n = String()
    e = String()


class JwksSchema(OutputSchema):
    keys = ma.fields.List(ma.fields.Nested(JwkSchema))


@blp.get("/jwks.json")
@blp.response(200, JwksSchema, headers={"Cache-Control": {"schema": {"type": "string"}}})
def jwks():
    """The JSON Web Key Set of the access-token signing keys"""
    return (
        current_app.extensions["signing_keys"].jwks,
        200,
        {"Cache-Control": "public, max-age=300"},
    )
