"""account versions and the outbox: what other services learn of accounts, and in what order

- users.account_version counts changes to an account's standing; its events carry it.
- outbox_events holds the events written with each change, until the relay publishes them.

Revision ID: b7e4a2d91c60
Revises: 8c2e5f9a1b3d
Create Date: 2026-12-02 00:20:00.000000

"""
from alembic import op
import sqlalchemy as sa
from servicekit.events.migration import create_outbox_table_v1, drop_tables

revision = "b7e4a2d91c60"
down_revision = "8c2e5f9a1b3d"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "users", sa.Column("account_version", sa.Integer(), server_default="1", nullable=False)
    )
    create_outbox_table_v1(op)


def downgrade():
    drop_tables(op, "outbox_events")
    op.drop_column("users", "account_version")
