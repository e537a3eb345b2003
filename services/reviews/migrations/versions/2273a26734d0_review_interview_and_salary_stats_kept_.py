"""review, interview and salary stats kept by triggers

Summaries of a large company were aggregates over tens of thousands of rows on every read
(120 ms for the reviews summary at 1M reviews). These tables hold them ready, per company
and per job, and statement-level triggers keep them exact in the same transaction as
every INSERT, UPDATE and DELETE, however it is made:

- review_stats and interview_stats add the signed change of each statement (+ new rows,
  - old rows; only published reviews count) with one upsert;
- salary_stats recomputes the (currency, period) groups of the scopes a statement touched,
  since percentiles cannot be updated by a delta. It takes a transaction-scoped advisory
  lock per scope first, in a fixed order, so two writers to one company queue and the
  second recomputes with the first one's rows (each statement of a VOLATILE function sees
  what was committed before it began, under READ COMMITTED).

Revision ID: 2273a26734d0
Revises: 511fa56a4e35
Create Date: 2026-11-22 23:59:03.486770

"""
from alembic import op
import sqlalchemy as sa

# Each changed row once per scope it belongs to: its company and its job.
SCOPES = "CROSS JOIN LATERAL (VALUES ('company', c.company_id), ('job', c.job_id)) AS k(scope, scope_id)"
SIGNED_CHANGES = """CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT -1 AS sign, * FROM old_rows'
    ELSE 'SELECT 1 AS sign, * FROM new_rows UNION ALL SELECT -1 AS sign, * FROM old_rows'
  END"""
SUB_RATINGS = ("work_life_balance", "culture", "learning", "compensation")
OUTCOMES = ("offer", "rejected", "no_response", "withdrew")

REVIEW_DELTAS = {
    "count": "sum(c.sign)",
    "rating_sum": "sum(c.sign * c.rating)",
    **{f"rating_{n}": f"sum(c.sign) FILTER (WHERE c.rating = {n})" for n in range(1, 6)},
    **{
        column: expression
        for name in SUB_RATINGS
        for column, expression in (
            (f"{name}_sum", f"sum(c.sign * c.{name})"),
            (f"{name}_count", f"sum(c.sign) FILTER (WHERE c.{name} IS NOT NULL)"),
        )
    },
    "recommend_yes": "sum(c.sign) FILTER (WHERE c.would_recommend)",
    "recommend_count": "sum(c.sign) FILTER (WHERE c.would_recommend IS NOT NULL)",
}
INTERVIEW_DELTAS = {
    "count": "sum(c.sign)",
    "difficulty_sum": "sum(c.sign * c.difficulty)",
    **{outcome: f"sum(c.sign) FILTER (WHERE c.outcome = '{outcome}')" for outcome in OUTCOMES},
}


def add_deltas(table: str, deltas: dict, changes: str, where: str = "TRUE") -> str:
    """Upsert the signed sums of `changes` (a query with a sign column) into `table`."""
    columns = ", ".join(deltas)
    sums = ", ".join(f"coalesce({expr}, 0) AS {col}" for col, expr in deltas.items())
    nonzero = " OR ".join(f"d.{col} <> 0" for col in deltas)
    updates = ", ".join(f"{col} = s.{col} + excluded.{col}" for col in deltas)
    return f"""
      INSERT INTO {table} AS s (scope, scope_id, {columns})
      SELECT d.* FROM (
        SELECT k.scope, k.scope_id, {sums}
        FROM ({changes}) AS c {SCOPES}
        WHERE {where}
        GROUP BY k.scope, k.scope_id
      ) AS d
      WHERE {nonzero}
      ORDER BY d.scope, d.scope_id
      ON CONFLICT (scope, scope_id) DO UPDATE SET {updates}"""


def touched_scopes(changes: str) -> str:
    return f"SELECT DISTINCT k.scope, k.scope_id FROM ({changes}) AS c {SCOPES}"


def salary_groups(scopes: str) -> str:
    """Every (currency, period) group of the given scopes, figured as the live query does."""

    def percentile(fraction: float) -> str:
        return f"round(percentile_cont({fraction}) WITHIN GROUP (ORDER BY s.amount)::numeric, 2)"

    figures = (
        f"count(*), min(s.amount), {percentile(0.25)}, {percentile(0.5)}, {percentile(0.75)}, "
        "max(s.amount), round(avg(s.amount), 2)"
    )
    return " UNION ALL ".join(
        f"""SELECT t.scope, t.scope_id, s.currency, s.period, {figures}
            FROM ({scopes}) AS t JOIN salaries AS s ON s.{column} = t.scope_id
            WHERE t.scope = '{scope}'
            GROUP BY t.scope, t.scope_id, s.currency, s.period"""
        for scope, column in (("company", "company_id"), ("job", "job_id"))
    )


MAX_SCOPE_LOCKS = 64
SALARY_COLUMNS = "scope, scope_id, currency, period, count, min, p25, median, p75, max, mean"


def trigger_function(name: str, body: str) -> str:
    return f"""
CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  changes text := {SIGNED_CHANGES};
  scopes bigint;
BEGIN
{body}
  RETURN NULL;
END
$fn$"""


def execute(statement: str) -> str:
    """A statement of the function's body; %1$s in it stands for the signed changes."""
    return f"  EXECUTE format($sql${statement}$sql$, changes);"


STATS_TABLES = {
    "reviews": "review_stats",
    "interviews": "interview_stats",
    "salaries": "salary_stats",
}


def follower(table: str) -> str:
    """The trigger function that keeps `table`'s stats."""
    return f"{STATS_TABLES[table]}_follow"


FOLLOWERS = {
    "reviews": trigger_function(
        follower("reviews"),
        execute(add_deltas("review_stats", REVIEW_DELTAS, "%1$s", "c.status = 'published'")),
    ),
    "interviews": trigger_function(
        follower("interviews"), execute(add_deltas("interview_stats", INTERVIEW_DELTAS, "%1$s"))
    ),
    "salaries": trigger_function(
        follower("salaries"),
        "\n".join(
            [
                # A few scopes: one advisory lock each. A bulk statement touching thousands
                # (each lock is an entry in a fixed-size table) locks the stats table
                # instead; single writers' DELETE below waits for it, and it for them.
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
                    f"INSERT INTO salary_stats ({SALARY_COLUMNS}) "
                    + salary_groups(touched_scopes("%1$s"))
                ),
            ]
        ),
    ),
}


# revision identifiers, used by Alembic.
revision = '2273a26734d0'
down_revision = '511fa56a4e35'
branch_labels = None
depends_on = None


def upgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table('interview_stats',
    sa.Column('count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('difficulty_sum', sa.Integer(), server_default='0', nullable=False),
    sa.Column('offer', sa.Integer(), server_default='0', nullable=False),
    sa.Column('rejected', sa.Integer(), server_default='0', nullable=False),
    sa.Column('no_response', sa.Integer(), server_default='0', nullable=False),
    sa.Column('withdrew', sa.Integer(), server_default='0', nullable=False),
    sa.Column('scope', sa.String(length=8), nullable=False),
    sa.Column('scope_id', sa.Uuid(), nullable=False),
    sa.CheckConstraint("scope IN ('company', 'job')", name=op.f('ck_interview_stats_scope_known')),
    sa.PrimaryKeyConstraint('scope', 'scope_id', name=op.f('pk_interview_stats'))
    )
    op.create_table('review_stats',
    sa.Column('count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('rating_sum', sa.Integer(), server_default='0', nullable=False),
    sa.Column('rating_1', sa.Integer(), server_default='0', nullable=False),
    sa.Column('rating_2', sa.Integer(), server_default='0', nullable=False),
    sa.Column('rating_3', sa.Integer(), server_default='0', nullable=False),
    sa.Column('rating_4', sa.Integer(), server_default='0', nullable=False),
    sa.Column('rating_5', sa.Integer(), server_default='0', nullable=False),
    sa.Column('work_life_balance_sum', sa.Integer(), server_default='0', nullable=False),
    sa.Column('work_life_balance_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('culture_sum', sa.Integer(), server_default='0', nullable=False),
    sa.Column('culture_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('learning_sum', sa.Integer(), server_default='0', nullable=False),
    sa.Column('learning_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('compensation_sum', sa.Integer(), server_default='0', nullable=False),
    sa.Column('compensation_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('recommend_yes', sa.Integer(), server_default='0', nullable=False),
    sa.Column('recommend_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('scope', sa.String(length=8), nullable=False),
    sa.Column('scope_id', sa.Uuid(), nullable=False),
    sa.CheckConstraint("scope IN ('company', 'job')", name=op.f('ck_review_stats_scope_known')),
    sa.PrimaryKeyConstraint('scope', 'scope_id', name=op.f('pk_review_stats'))
    )
    op.create_table('salary_stats',
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('period', sa.String(length=8), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('min', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('p25', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('median', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('p75', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('max', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('mean', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('scope', sa.String(length=8), nullable=False),
    sa.Column('scope_id', sa.Uuid(), nullable=False),
    sa.CheckConstraint("scope IN ('company', 'job')", name=op.f('ck_salary_stats_scope_known')),
    sa.PrimaryKeyConstraint('currency', 'period', 'scope', 'scope_id', name=op.f('pk_salary_stats'))
    )
    # ### end Alembic commands ###

    for table, function in FOLLOWERS.items():
        op.execute(function)
        name = follower(table)
        # Transition tables allow one event per trigger, so three triggers share a function.
        for event, tables in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        ):
            op.execute(
                f"CREATE TRIGGER {table}_{event.lower()}_follow AFTER {event} ON {table} "
                f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
            )

    # TRUNCATE fires no DELETE trigger; emptying a table empties its stats too.
    op.execute(
        """CREATE FUNCTION stats_forget() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
          EXECUTE format('DELETE FROM %I', TG_ARGV[0]);
          RETURN NULL;
        END
        $fn$"""
    )
    for table, stats in STATS_TABLES.items():
        op.execute(
            f"CREATE TRIGGER {table}_truncate_follow AFTER TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION stats_forget('{stats}')"
        )

    # What is already there, counted once.
    everything = "SELECT 1 AS sign, * FROM {}"
    op.execute(
        add_deltas(
            "review_stats", REVIEW_DELTAS, everything.format("reviews"), "c.status = 'published'"
        )
    )
    op.execute(add_deltas("interview_stats", INTERVIEW_DELTAS, everything.format("interviews")))
    all_scopes = touched_scopes(everything.format("salaries"))
    op.execute(f"INSERT INTO salary_stats ({SALARY_COLUMNS}) " + salary_groups(all_scopes))


def downgrade():
    for table in STATS_TABLES:
        op.execute(f"DROP TRIGGER {table}_truncate_follow ON {table}")
    op.execute("DROP FUNCTION stats_forget()")
    for table in STATS_TABLES:
        name = follower(table)
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER {table}_{event}_follow ON {table}")
        op.execute(f"DROP FUNCTION {name}()")
    # ### commands auto generated by Alembic - please adjust! ###
    op.drop_table('salary_stats')
    op.drop_table('review_stats')
    op.drop_table('interview_stats')
    # ### end Alembic commands ###
