"""integration events: outbox, inbox and the accounts' standing; creators may be forgotten

- outbox_events: job.deleted, company.deleted and renames, written with the change.
- inbox_events: the users service's events, each applied once.
- account_states: the standing of accounts that changed (servicekit.accounts).
- companies.created_by and jobs.created_by become nullable: a deleted account's link to
  what it added is removed (the company or job stays, editable by admins).

Revision ID: c41f8e0a7d25
Revises: 3f7a2c9e5b14
Create Date: 2026-12-02 00:25:00.000000

"""
from alembic import op
import sqlalchemy as sa
from servicekit.events.migration import (
    create_account_states_table_v1,
    create_inbox_table_v1,
    create_outbox_table_v1,
    drop_tables,
)

revision = "c41f8e0a7d25"
down_revision = "3f7a2c9e5b14"
branch_labels = None
depends_on = None


def upgrade():
    create_outbox_table_v1(op)
    create_inbox_table_v1(op)
    create_account_states_table_v1(op)
    for table in ("companies", "jobs"):
        op.alter_column(table, "created_by", existing_type=sa.Uuid(), nullable=True)


def downgrade():
    for table in ("companies", "jobs"):
        op.execute(f"DELETE FROM {table} WHERE created_by IS NULL")
        op.alter_column(table, "created_by", existing_type=sa.Uuid(), nullable=False)
    drop_tables(op, "account_states", "inbox_events", "outbox_events")
