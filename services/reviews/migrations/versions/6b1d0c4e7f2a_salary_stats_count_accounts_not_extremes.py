"""salary stats count distinct accounts, and keep no minimum or maximum

Figures were published once a group held 3 entries, but one account may post several: a
victim's entry and two of the attacker's own gave back the victim's exact amount as the
median, and min and max gave back single entries outright. salary_stats now keeps
`accounts`, the number of distinct authors in each group (figures are published from 5),
and no longer keeps min or max. The trigger function is replaced to compute the new
columns; every group is recomputed.

Revision ID: 6b1d0c4e7f2a
Revises: 2273a26734d0
Create Date: 2026-12-01 21:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "6b1d0c4e7f2a"
down_revision = "2273a26734d0"
branch_labels = None
depends_on = None

# As in 2273a26734d0: each changed row once per scope it belongs to, its company and job.
SCOPES = "CROSS JOIN LATERAL (VALUES ('company', c.company_id), ('job', c.job_id)) AS k(scope, scope_id)"
SIGNED_CHANGES = """CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT -1 AS sign, * FROM old_rows'
    ELSE 'SELECT 1 AS sign, * FROM new_rows UNION ALL SELECT -1 AS sign, * FROM old_rows'
  END"""
MAX_SCOPE_LOCKS = 64


def percentile(fraction: float) -> str:
    return f"round(percentile_cont({fraction}) WITHIN GROUP (ORDER BY s.amount)::numeric, 2)"


FIGURES = {
    "new": (
        "scope, scope_id, currency, period, count, accounts, p25, median, p75, mean",
        f"count(*), count(DISTINCT s.author_id), {percentile(0.25)}, {percentile(0.5)}, "
        f"{percentile(0.75)}, round(avg(s.amount), 2)",
    ),
    "old": (
        "scope, scope_id, currency, period, count, min, p25, median, p75, max, mean",
        f"count(*), min(s.amount), {percentile(0.25)}, {percentile(0.5)}, {percentile(0.75)}, "
        "max(s.amount), round(avg(s.amount), 2)",
    ),
}


def touched_scopes(changes: str) -> str:
    return f"SELECT DISTINCT k.scope, k.scope_id FROM ({changes}) AS c {SCOPES}"


def salary_groups(scopes: str, figures: str) -> str:
    return " UNION ALL ".join(
        f"""SELECT t.scope, t.scope_id, s.currency, s.period, {figures}
            FROM ({scopes}) AS t JOIN salaries AS s ON s.{column} = t.scope_id
            WHERE t.scope = '{scope}'
            GROUP BY t.scope, t.scope_id, s.currency, s.period"""
        for scope, column in (("company", "company_id"), ("job", "job_id"))
    )


def execute(statement: str) -> str:
    return f"  EXECUTE format($sql${statement}$sql$, changes);"


def follower(version: str) -> str:
    columns, figures = FIGURES[version]
    body = "\n".join(
        [
            f"  EXECUTE format($sql$SELECT count(*) FROM ({touched_scopes('%1$s')}) AS t"
            "$sql$, changes) INTO scopes;",
            f"  IF scopes > {MAX_SCOPE_LOCKS} THEN",
            "    LOCK TABLE salary_stats IN SHARE ROW EXCLUSIVE MODE;",
            "  ELSE",
            execute(
                "SELECT count(pg_advisory_xact_lock(hashtextextended("
                "'salary_stats/' || t.scope || '/' || t.scope_id, 0))) "
                f"FROM ({touched_scopes('%1$s')} ORDER BY 1, 2) AS t"
            ),
            "  END IF;",
            execute(
                f"DELETE FROM salary_stats AS s USING ({touched_scopes('%1$s')}) AS t "
                "WHERE s.scope = t.scope AND s.scope_id = t.scope_id"
            ),
            execute(
                f"INSERT INTO salary_stats ({columns}) "
                + salary_groups(touched_scopes("%1$s"), figures)
            ),
        ]
    )
    return f"""
CREATE OR REPLACE FUNCTION salary_stats_follow() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  changes text := {SIGNED_CHANGES};
  scopes bigint;
BEGIN
{body}
  RETURN NULL;
END
$fn$"""


def recompute(version: str) -> None:
    columns, figures = FIGURES[version]
    every_scope = "SELECT DISTINCT k.scope, k.scope_id FROM salaries AS c " + SCOPES
    op.execute("DELETE FROM salary_stats")
    op.execute(f"INSERT INTO salary_stats ({columns}) " + salary_groups(every_scope, figures))


def upgrade():
    op.add_column(
        "salary_stats", sa.Column("accounts", sa.Integer(), server_default="0", nullable=False)
    )
    op.drop_column("salary_stats", "min")
    op.drop_column("salary_stats", "max")
    op.execute(follower("new"))
    recompute("new")


def downgrade():
    op.add_column("salary_stats", sa.Column("max", sa.Numeric(12, 2), nullable=True))
    op.add_column("salary_stats", sa.Column("min", sa.Numeric(12, 2), nullable=True))
    op.execute(follower("old"))
    recompute("old")
    op.alter_column("salary_stats", "min", nullable=False)
    op.alter_column("salary_stats", "max", nullable=False)
    op.drop_column("salary_stats", "accounts")
