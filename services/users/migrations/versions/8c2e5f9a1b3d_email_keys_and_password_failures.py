"""one email rule in Python and the database; password failures counted per account

- users.email_key holds servicekit.emails.email_key(email) (NFKC, then case folding),
  unique, and replaces the unique index on lower(email): PostgreSQL's lower() and
  Python's disagree on a few characters (İ, final sigma), so uniqueness and lookups could
  disagree. Existing rows get their key from the same Python function.
- users.password_failures / password_failures_since count wrong current passwords given
  to PATCH /users/me, so guessing a password with a stolen access token is limited.

Revision ID: 8c2e5f9a1b3d
Revises: 4a366606875a
Create Date: 2026-12-01 21:20:00.000000

"""
from alembic import op
import sqlalchemy as sa
from servicekit.emails import email_key

revision = "8c2e5f9a1b3d"
down_revision = "4a366606875a"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("email_key", sa.String(length=254), nullable=True))
    op.add_column(
        "users",
        sa.Column("password_failures", sa.Integer(), server_default="0", nullable=False),
    )
    op.add_column(
        "users", sa.Column("password_failures_since", sa.DateTime(timezone=True), nullable=True)
    )
    connection = op.get_bind()
    users = connection.execute(sa.text("SELECT id, email FROM users")).all()
    for user_id, email in users:
        connection.execute(
            sa.text("UPDATE users SET email_key = :key WHERE id = :id"),
            {"key": email_key(email), "id": user_id},
        )
    op.alter_column("users", "email_key", nullable=False)
    op.drop_index("uq_users_email_lower", table_name="users")
    op.create_unique_constraint(op.f("uq_users_email_key"), "users", ["email_key"])


def downgrade():
    op.drop_constraint(op.f("uq_users_email_key"), "users", type_="unique")
    op.create_index("uq_users_email_lower", "users", [sa.literal_column("lower(email)")], unique=True)
    op.drop_column("users", "password_failures_since")
    op.drop_column("users", "password_failures")
    op.drop_column("users", "email_key")
