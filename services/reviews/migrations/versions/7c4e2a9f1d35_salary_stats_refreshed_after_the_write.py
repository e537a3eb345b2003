"""salary stats refreshed after the write, not inside it

A salary's trigger recomputed the groups of its company and job (percentiles over every
salary of the company) inside the writing transaction, queued behind the company's other
writers: about 200 ms for the largest company of `make bench`, 870 ms p50 at 4 connections.
Percentiles cannot be updated by a delta, so a write now only marks its scopes stale (one
row per scope in salary_stats_stale, a counter of writes), at the same cost for any
company. refresh_salary_stats(scope, scope_id) recomputes one scope's groups: the reader
that finds its scope stale calls it first, so every answer stays exact, and the reviews
worker calls it in the background, so a reader seldom has to.

Why the counter: a refresh reads the scope's count of writes, recomputes, and then takes
the mark only if the count is still the one it read. A writer's upsert of the mark holds
that row until the writer commits, so a writer still in flight makes the refresh wait for
it (only then, after the recompute: writers never wait for a recompute) and then see the
new count, and the mark stays for the next refresh, which will see the writer's salary.
A mark inserted by a writer not yet committed is invisible to the refresh and stays too.
Refreshes of one scope take turns on an advisory lock, the second finding it fresh.
refresh_all_salary_stats() recomputes everything in one statement (this migration, bulk
loads).

Revision ID: 7c4e2a9f1d35
Revises: e5a9c3b7d812
Create Date: 2026-12-03 13:30:00.000000

"""
import importlib.util
from pathlib import Path

from alembic import op
import sqlalchemy as sa

revision = "7c4e2a9f1d35"
down_revision = "e5a9c3b7d812"
branch_labels = None
depends_on = None

SCOPES = "CROSS JOIN LATERAL (VALUES ('company', c.company_id), ('job', c.job_id)) AS k(scope, scope_id)"
SIGNED_CHANGES = """CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT * FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT * FROM old_rows'
    ELSE 'SELECT * FROM new_rows UNION ALL SELECT * FROM old_rows'
  END"""
COLUMNS = "scope, scope_id, currency, period, count, accounts, p25, median, p75, mean"


def figures(alias: str) -> str:
    def percentile(fraction: float) -> str:
        return (
            f"round(percentile_cont({fraction}) WITHIN GROUP (ORDER BY {alias}.amount)::numeric, 2)"
        )

    return (
        f"count(*), count(DISTINCT {alias}.author_id), {percentile(0.25)}, {percentile(0.5)}, "
        f"{percentile(0.75)}, round(avg({alias}.amount), 2)"
    )


MARK_STALE = f"""
CREATE OR REPLACE FUNCTION salary_stats_follow() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  changes text := {SIGNED_CHANGES};
BEGIN
  -- In a fixed order, so two writers of one company and two jobs never deadlock.
  EXECUTE format($sql$
    INSERT INTO salary_stats_stale AS s (scope, scope_id, writes)
    SELECT DISTINCT k.scope, k.scope_id, 1 FROM (%1$s) AS c {SCOPES} ORDER BY 1, 2
    ON CONFLICT (scope, scope_id) DO UPDATE SET writes = s.writes + 1
  $sql$, changes);
  RETURN NULL;
END
$fn$"""


def recompute_scope(column: str) -> str:
    return f"""INSERT INTO salary_stats ({COLUMNS})
      SELECT p_scope, p_scope_id, s.currency, s.period, {figures("s")}
      FROM salaries AS s WHERE s.{column} = p_scope_id
      GROUP BY s.currency, s.period;"""


REFRESH_ONE = f"""
CREATE FUNCTION refresh_salary_stats(p_scope text, p_scope_id uuid) RETURNS boolean
LANGUAGE plpgsql AS $fn$
DECLARE
  seen integer;
BEGIN
  PERFORM pg_advisory_xact_lock(
    hashtextextended('salary_stats/' || p_scope || '/' || p_scope_id, 0));
  SELECT writes INTO seen FROM salary_stats_stale
  WHERE scope = p_scope AND scope_id = p_scope_id;
  IF NOT FOUND THEN
    RETURN false;  -- fresh already, or refreshed meanwhile by another caller
  END IF;
  DELETE FROM salary_stats WHERE scope = p_scope AND scope_id = p_scope_id;
  IF p_scope = 'company' THEN
    {recompute_scope("company_id")}
  ELSE
    {recompute_scope("job_id")}
  END IF;
  -- Waits for a writer of the scope still in flight; its write leaves the mark in place.
  DELETE FROM salary_stats_stale
  WHERE scope = p_scope AND scope_id = p_scope_id AND writes = seen;
  RETURN true;
END
$fn$"""

REFRESH_ALL = f"""
CREATE FUNCTION refresh_all_salary_stats() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  -- Writers in flight finish first; new ones wait for this transaction.
  LOCK TABLE salary_stats_stale IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM salary_stats_stale;
  DELETE FROM salary_stats;
  INSERT INTO salary_stats ({COLUMNS})
  SELECT k.scope, k.scope_id, c.currency, c.period, {figures("c")}
  FROM salaries AS c {SCOPES}
  GROUP BY k.scope, k.scope_id, c.currency, c.period;
END
$fn$"""


def upgrade():
    op.create_table(
        "salary_stats_stale",
        sa.Column("scope", sa.String(length=8), nullable=False),
        sa.Column("scope_id", sa.Uuid(), nullable=False),
        sa.Column("writes", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "scope IN ('company', 'job')", name=op.f("ck_salary_stats_stale_scope_known")
        ),
        sa.PrimaryKeyConstraint("scope", "scope_id", name=op.f("pk_salary_stats_stale")),
    )
    op.execute(MARK_STALE)
    op.execute(REFRESH_ONE)
    op.execute(REFRESH_ALL)
    # TRUNCATE salaries empties salary_stats already (2273a26734d0); nothing stays stale.
    op.execute(
        "CREATE TRIGGER salaries_truncate_forgets_stale AFTER TRUNCATE ON salaries "
        "FOR EACH STATEMENT EXECUTE FUNCTION stats_forget('salary_stats_stale')"
    )


def _previous_follower() -> str:
    """The trigger function of 6b1d0c4e7f2a, from that migration itself."""
    path = Path(__file__).with_name("6b1d0c4e7f2a_salary_stats_count_accounts_not_extremes.py")
    spec = importlib.util.spec_from_file_location("salary_stats_v2", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.follower("new")


def downgrade():
    op.execute("SELECT refresh_all_salary_stats()")
    op.execute("DROP TRIGGER salaries_truncate_forgets_stale ON salaries")
    op.execute("DROP FUNCTION refresh_all_salary_stats()")
    op.execute("DROP FUNCTION refresh_salary_stats(text, uuid)")
    op.execute(_previous_follower())
    op.drop_table("salary_stats_stale")
