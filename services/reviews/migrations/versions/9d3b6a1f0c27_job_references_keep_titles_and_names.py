"""job references keep the job's title and its company's name

Every contribution now carries `job_title` and `company_name`, so a list of reviews or of
the caller's own contributions reads without a call to the jobs service per row. They are
learned with the company id when a contribution first names the job; rows learned before
this revision have none until the job is named again.

Revision ID: 9d3b6a1f0c27
Revises: 6b1d0c4e7f2a
Create Date: 2026-12-01 21:50:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "9d3b6a1f0c27"
down_revision = "6b1d0c4e7f2a"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("job_references", sa.Column("job_title", sa.String(length=200), nullable=True))
    op.add_column(
        "job_references", sa.Column("company_name", sa.String(length=200), nullable=True)
    )


def downgrade():
    op.drop_column("job_references", "company_name")
    op.drop_column("job_references", "job_title")
