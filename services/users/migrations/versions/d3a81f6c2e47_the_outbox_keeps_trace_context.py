"""the outbox keeps each event's trace context, so its effects join the request's trace

- outbox_events.trace_context: the traceparent (and tracestate) the change was made in.

Revision ID: d3a81f6c2e47
Revises: b7e4a2d91c60
Create Date: 2026-12-02 03:40:00.000000

"""
from alembic import op
from servicekit.events.migration import add_outbox_trace_context_v2, drop_outbox_trace_context_v2

revision = "d3a81f6c2e47"
down_revision = "b7e4a2d91c60"
branch_labels = None
depends_on = None


def upgrade():
    add_outbox_trace_context_v2(op)


def downgrade():
    drop_outbox_trace_context_v2(op)
