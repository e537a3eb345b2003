"""the outbox keeps each event's trace context, so its effects join the request's trace

- outbox_events.trace_context: the traceparent (and tracestate) the change was made in.

Revision ID: f2b7d9e4a613
Revises: c41f8e0a7d25
Create Date: 2026-12-02 03:40:00.000000

"""
from alembic import op
from servicekit.events.migration import add_outbox_trace_context_v2, drop_outbox_trace_context_v2

revision = "f2b7d9e4a613"
down_revision = "c41f8e0a7d25"
branch_labels = None
depends_on = None


def upgrade():
    add_outbox_trace_context_v2(op)


def downgrade():
    drop_outbox_trace_context_v2(op)
