"""Request and response shapes: separate input, update and output schemas per resource."""

from __future__ import annotations

import marshmallow as ma
from servicekit.emails import email_key
from servicekit.fields import (
    Email,
    OutputSchema,
    StrictBoolean,
    String,
    Text,
    Timestamp,
    one_of,
    optional,
)
from servicekit.pagination import PageQuerySchema

ROLES = ("user", "admin")
PASSWORD_LENGTH = ma.validate.Length(min=8, max=128)


class UserSchema(OutputSchema):
    id = ma.fields.UUID(dump_only=True)
    email = Email(dump_only=True)
    display_name = String(dump_only=True)
    role = one_of(ROLES, dump_only=True)
    is_active = ma.fields.Boolean(dump_only=True)
    created_at = Timestamp(dump_only=True)


def _refuse_password_equal_to_email(password: str | None, email: str | None) -> None:
    if password and email and email_key(password) == email_key(email):
        raise ma.ValidationError("The password must not be the email.", "password")


class RegisterSchema(ma.Schema):
    email = Email(required=True, validate=ma.validate.Length(max=254))
    password = String(required=True, load_only=True, validate=PASSWORD_LENGTH)
    display_name = Text(required=True, max_length=100)

    @ma.validates_schema
    def password_is_not_email(self, data, **kwargs):
        _refuse_password_equal_to_email(data.get("password"), data.get("email"))


SESSION_KINDS = ("body", "cookie")


def _session_kind() -> String:
    return one_of(
        SESSION_KINDS,
        load_default="body",
        metadata={
            "description": "cookie: the refresh token is set as an HttpOnly cookie scoped to "
            "/api/v1/auth and left out of the body (for browsers); body: it is in the body"
        },
    )


class LoginSchema(ma.Schema):
    email = String(required=True, validate=ma.validate.Length(max=254))
    password = String(required=True, load_only=True, validate=ma.validate.Length(max=1024))
    session = _session_kind()


class RefreshTokenSchema(ma.Schema):
    """The refresh token in the body, or (with no body token) the session cookie."""

    # Generous bound: an over-long string is simply not a token we issued (401, not 422).
    refresh_token = String(validate=ma.validate.Length(min=1, max=4096))
    session = _session_kind()


class TokenPairSchema(OutputSchema):
    access_token = String()
    refresh_token = optional(String(), "Absent when the session is kept in the cookie")
    token_type = one_of(("Bearer",))
    expires_in = ma.fields.Integer(metadata={"description": "Seconds the access token lives"})


class MeUpdateSchema(ma.Schema):
    display_name = Text(max_length=100)
    password = String(load_only=True, validate=PASSWORD_LENGTH)
    current_password = String(load_only=True, validate=ma.validate.Length(max=1024))

    @ma.validates_schema
    def password_change_names_current(self, data, **kwargs):
        if "password" in data and "current_password" not in data:
            raise ma.ValidationError("Required to change the password.", "current_password")


class AdminUserUpdateSchema(ma.Schema):
    role = String(validate=ma.validate.OneOf(ROLES))
    is_active = StrictBoolean()


class UserListQuerySchema(PageQuerySchema):
    q = String(validate=ma.validate.Length(min=1, max=254))
