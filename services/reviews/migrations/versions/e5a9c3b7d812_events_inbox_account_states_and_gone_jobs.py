"""integration events: inbox and the accounts' standing; deleted authors and jobs

- inbox_events: events from users and jobs, each applied once.
- account_states: the standing of accounts that changed (servicekit.accounts).
- author_id becomes nullable on reviews, salaries and interviews: a deleted account's
  contributions stay published, linked to nobody.
- job_references.gone_at: the job (or its company) was deleted in the jobs service.

Revision ID: e5a9c3b7d812
Revises: 9d3b6a1f0c27
Create Date: 2026-12-02 00:30:00.000000

"""
from alembic import op
import sqlalchemy as sa
from servicekit.events.migration import (
    create_account_states_table_v1,
    create_inbox_table_v1,
    drop_tables,
)

revision = "e5a9c3b7d812"
down_revision = "9d3b6a1f0c27"
branch_labels = None
depends_on = None

CONTRIBUTIONS = ("reviews", "salaries", "interviews")


def upgrade():
    create_inbox_table_v1(op)
    create_account_states_table_v1(op)
    for table in CONTRIBUTIONS:
        op.alter_column(table, "author_id", existing_type=sa.Uuid(), nullable=True)
    op.add_column(
        "job_references", sa.Column("gone_at", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade():
    op.drop_column("job_references", "gone_at")
    for table in CONTRIBUTIONS:
        op.execute(f"DELETE FROM {table} WHERE author_id IS NULL")
        op.alter_column(table, "author_id", existing_type=sa.Uuid(), nullable=False)
    drop_tables(op, "account_states", "inbox_events")
