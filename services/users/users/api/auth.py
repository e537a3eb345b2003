"""Registration, sign-in and the refresh-token lifecycle."""

from flask_smorest import Blueprint
from servicekit.problems import problem_doc

from .. import accounts, sessions, tokens
from ..schemas import LoginSchema, RefreshTokenSchema, RegisterSchema, TokenPairSchema, UserSchema

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Accounts and tokens")


@blp.post("/register")
@blp.arguments(RegisterSchema)
@blp.response(201, UserSchema)
@blp.alt_response(409, **problem_doc("An account with this email exists"))
def register(data):
    """Create an account"""
    return accounts.register(**data)


@blp.post("/login")
@blp.arguments(LoginSchema)
@blp.response(200, TokenPairSchema)
@blp.alt_response(401, **problem_doc("Wrong email or password"))
def login(data):
    """Sign in with email and password"""
    pair = accounts.log_in(data["email"], data["password"])
    return sessions.answer(pair, in_cookie=data["session"] == "cookie")


@blp.post("/refresh")
@blp.arguments(RefreshTokenSchema)
@blp.response(200, TokenPairSchema)
@blp.alt_response(401, **problem_doc("Invalid, expired, used or revoked refresh token"))
def refresh(data):
    """Trade a refresh token (in the body, or the session cookie) for a new token pair"""
    token, from_cookie = sessions.presented_refresh_token(data)
    pair = tokens.rotate_refresh_token(token)
    return sessions.answer(pair, in_cookie=from_cookie or data["session"] == "cookie")


@blp.post("/logout")
@blp.arguments(RefreshTokenSchema)
@blp.response(204)
def logout(data):
    """Revoke a refresh token (body or cookie) and every token of the same sign-in"""
    token, _ = sessions.presented_refresh_token(data)
    tokens.revoke_family_of(token)
    return "", 204, sessions.cleared()
