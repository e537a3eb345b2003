"""The scale data set: 10,000 companies, 50,000 jobs, 1,000,000 reviews, 1,000,000 salaries
and 200,000 interview reports, written into the services' own databases.

Rows go in with INSERT ... SELECT over generate_series, inside PostgreSQL, through each
service's real tables, so every constraint and index the migrations create applies. The
load is repeatable: it empties the tables first and seeds PostgreSQL's random().

Skew: a company's rank r (1 = largest) is drawn log-uniformly, P(rank <= r) = log r / log N.
The largest company then holds about 7.5 % of the jobs beyond each company's first and of
all contributions, the top ten about a quarter, and most companies a handful, which is the
shape of real review sites.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass

import psycopg2

COMPANIES = 10_000
JOBS = 50_000
REVIEWS = 1_000_000
SALARIES = 1_000_000
INTERVIEWS = 200_000
BENCH_SEARCH_TERM = "maple"  # a word in about 5 % of company names


@dataclass(frozen=True)
class Sizes:
    companies: int = COMPANIES
    jobs: int = JOBS
    reviews: int = REVIEWS
    salaries: int = SALARIES
    interviews: int = INTERVIEWS


# A company's rank, drawn log-uniformly from 1..companies (1 is the largest).
SKEWED_RANK = "least(floor(power(%(companies)s + 1, random()))::int, %(companies)s)"

JOBS_SQL = f"""
SELECT setseed(0.17);
TRUNCATE companies, jobs, saved_jobs, applications, application_contacts,
         application_events CASCADE;

CREATE TEMP TABLE words (i int PRIMARY KEY, word text) ON COMMIT DROP;
INSERT INTO words
SELECT ordinality, word FROM unnest(ARRAY[
  'Maple', 'Northwind', 'Lakeshore', 'Granite', 'Aurora', 'Cedar', 'Harbour', 'Summit',
  'Prairie', 'Boreal', 'Quantum', 'Pixel', 'Vector', 'Beacon', 'Falcon', 'Orchid',
  'Riverbend', 'Silverline', 'Tundra', 'Willow']) WITH ORDINALITY AS t(word, ordinality);

INSERT INTO companies (id, name, slug, website, industry, size, headquarters, description,
                       created_by, created_at, updated_at)
SELECT md5('bench-company-' || n)::uuid,
       name, lower(replace(name, ' ', '-')),
       'https://' || lower(replace(name, ' ', '')) || '.example',
       (ARRAY['Software', 'Finance', 'Health', 'Retail', 'Energy', 'Gaming', 'Education',
              'Logistics'])[1 + n %% 8],
       (ARRAY['1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5001-10000',
              '10000+'])[8 - least(7, floor(log(n))::int * 2)],
       (ARRAY['Toronto, ON', 'Waterloo, ON', 'Vancouver, BC', 'Montreal, QC', 'Calgary, AB',
              'Ottawa, ON'])[1 + n %% 6],
       'We build things people use. ' || repeat('Our teams ship often and learn fast. ', 3),
       md5('bench-creator')::uuid,
       now() - (n || ' minutes')::interval,
       now() - (n || ' minutes')::interval
FROM (
  SELECT n, (SELECT word FROM words WHERE i = 1 + n %% 20) || ' '
            || (SELECT word FROM words WHERE i = 1 + (n / 20) %% 20) || ' '
            || (ARRAY['Labs', 'Systems', 'Technologies', 'Financial', 'Health', 'Studios',
                      'Robotics', 'Analytics'])[1 + (n / 400) %% 8] || ' ' || n AS name
  FROM generate_series(1, %(companies)s) AS n
) AS named;

-- Each company's first job, then the rest by skewed rank.
INSERT INTO jobs (id, company_id, title, location, employment_type, workplace, description,
                  created_by, created_at, updated_at)
SELECT md5('bench-job-' || j)::uuid,
       md5('bench-company-' || rank)::uuid,
       (ARRAY['Software Developer', 'Data Analyst', 'Product Designer', 'QA Engineer',
              'DevOps Engineer', 'Business Analyst', 'Machine Learning Engineer',
              'Embedded Developer', 'Security Analyst', 'Technical Writer'])[1 + j %% 10]
         || ' ' || (ARRAY['Co-op', 'Intern', 'I', 'II'])[1 + (j / 10) %% 4] || ' R' || j,
       (ARRAY['Toronto, ON', 'Waterloo, ON', 'Vancouver, BC', 'Montreal, QC', 'Remote'])
         [1 + j %% 5],
       (ARRAY['co-op', 'internship', 'full-time', 'part-time', 'contract'])[1 + (j / 7) %% 5],
       (ARRAY['on-site', 'hybrid', 'remote'])[1 + (j / 3) %% 3],
       'Work with a small team on real products. ' || repeat('You will learn a lot. ', 4),
       md5('bench-creator')::uuid,
       created, created
FROM (
  SELECT j,
         CASE WHEN j <= %(companies)s THEN j ELSE {SKEWED_RANK} END AS rank,
         now() - random() * interval '730 days' AS created
  FROM generate_series(1, %(jobs)s) AS j
) AS drawn;

UPDATE companies SET job_count = counted.n
FROM (SELECT company_id, count(*) AS n FROM jobs GROUP BY company_id) AS counted
WHERE companies.id = counted.company_id;
"""


def draws(count: str) -> str:
    """One row per contribution to come: its company's rank, a pick among the company's
    jobs, a creation time within three years, and a number that shapes its content."""
    return f"""TRUNCATE draws;
INSERT INTO draws
SELECT n, {SKEWED_RANK}, random(), now() - random() * interval '1095 days', random()
FROM generate_series(1, %({count})s) AS n;"""


# Contributions pick a company by skewed rank, then one of its jobs uniformly.
REVIEWS_SQL = f"""
SELECT setseed(0.42);
TRUNCATE reviews, helpful_votes, flags, salaries, interviews, job_references CASCADE;
INSERT INTO job_references (job_id, company_id, job_title, company_name)
SELECT job_id, company_id, job_title, company_name FROM bench_jobs;

CREATE TEMP TABLE bench_companies AS
SELECT rank, company_id, array_agg(job_id ORDER BY job_id) AS jobs
FROM bench_jobs GROUP BY rank, company_id;
CREATE UNIQUE INDEX ON bench_companies (rank);
ANALYZE bench_companies;

CREATE TEMP TABLE draws (n int, rank int, pick float8, created timestamptz, r float8);

{draws("reviews")}
INSERT INTO reviews (id, author_id, job_id, company_id, term, year, title, body, pros, cons,
                     rating, work_life_balance, culture, learning, compensation,
                     would_recommend, coop_number, program, status, helpful_count,
                     created_at, updated_at)
SELECT gen_random_uuid(), gen_random_uuid(),
       c.jobs[1 + floor(d.pick * cardinality(c.jobs))::int], c.company_id,
       (ARRAY['winter', 'spring', 'summer', 'fall'])[1 + n %% 4], 2019 + n %% 8,
       (ARRAY['Great mentorship', 'Solid first co-op', 'Fast paced', 'Learned a lot',
              'Mixed experience', 'Would return'])[1 + n %% 6] || ' #' || n,
       repeat('The team was welcoming and the work was real. ', 1 + n %% 4),
       'Mentors, real projects, good tools.',
       'Legacy code in places; slow reviews some weeks.',
       rating, 1 + (n + rating) %% 5, 1 + (n * 7 + rating) %% 5, least(5, rating + n %% 2),
       1 + (n * 3) %% 5,
       CASE WHEN n %% 10 = 0 THEN NULL ELSE rating >= 3 END,
       1 + n %% 6,
       (ARRAY['Computer Science', 'Software Engineering', 'Mathematics',
              'Systems Design Engineering'])[1 + n %% 4],
       CASE WHEN n %% 100 = 0 THEN 'hidden' ELSE 'published' END,
       floor(power(200, d.r))::int - 1,
       d.created, d.created
FROM (SELECT *, (ARRAY[1, 2, 3, 3, 4, 4, 4, 5, 5, 5])[1 + floor(r * 10)::int] AS rating
      FROM draws) AS d
JOIN bench_companies AS c USING (rank);

{draws("salaries")}
INSERT INTO salaries (id, author_id, job_id, company_id, term, year, amount, currency, period,
                      coop_number, program, location, created_at, updated_at)
SELECT gen_random_uuid(), gen_random_uuid(),
       c.jobs[1 + floor(d.pick * cardinality(c.jobs))::int], c.company_id,
       (ARRAY['winter', 'spring', 'summer', 'fall'])[1 + n %% 4], 2019 + n %% 8,
       round((CASE period WHEN 'hourly' THEN 18 + d.r * 42
                          WHEN 'monthly' THEN 3000 + d.r * 6000
                          ELSE 50000 + d.r * 150000 END)::numeric, 2),
       CASE WHEN n %% 5 = 0 THEN 'USD' ELSE 'CAD' END, period,
       1 + n %% 6, 'Computer Science', 'Toronto, ON', d.created, d.created
FROM (SELECT *, (ARRAY['hourly', 'hourly', 'hourly', 'monthly', 'yearly'])[1 + n %% 5] AS period
      FROM draws) AS d
JOIN bench_companies AS c USING (rank);
-- The write marked every company and job stale; their figures, in one statement.
SELECT refresh_all_salary_stats();

{draws("interviews")}
INSERT INTO interviews (id, author_id, job_id, company_id, term, year, questions, difficulty,
                        outcome, experience, created_at, updated_at)
SELECT gen_random_uuid(), gen_random_uuid(),
       c.jobs[1 + floor(d.pick * cardinality(c.jobs))::int], c.company_id,
       (ARRAY['winter', 'spring', 'summer', 'fall'])[1 + n %% 4], 2019 + n %% 8,
       ARRAY['Tell me about a project you are proud of.', 'Reverse a linked list.'],
       1 + floor(d.r * 5)::int,
       (ARRAY['offer', 'rejected', 'no_response', 'withdrew'])[1 + n %% 4],
       'Two rounds: a phone screen, then a technical interview.',
       d.created, d.created
FROM draws AS d JOIN bench_companies AS c USING (rank);
DROP TABLE draws;
"""


def say(message: str) -> None:
    print(f"[bench-data] {message}", flush=True)


def _run(url: str, sql: str, sizes: Sizes, before=None) -> None:
    connection = psycopg2.connect(url)
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            if before is not None:
                before(cursor)
            cursor.execute(sql, vars(sizes))
        connection.autocommit = True
        with connection.cursor() as cursor:
            # Fresh statistics and a visibility map, as autovacuum would leave them.
            cursor.execute("VACUUM (ANALYZE)")
    finally:
        connection.close()


def _job_ranks(jobs_url: str) -> io.StringIO:
    """Each job with its company, that company's rank and both names, as COPY text (the
    names as the reviews service keeps them after its first question to jobs)."""
    connection = psycopg2.connect(jobs_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT j.id, j.company_id, c.n, j.title, co.name FROM jobs AS j JOIN ("
                "  SELECT n, md5('bench-company-' || n)::uuid AS id"
                "  FROM generate_series(1, (SELECT count(*) FROM companies)) AS n"
                ") AS c ON c.id = j.company_id JOIN companies AS co ON co.id = j.company_id"
            )
            rows = cursor.fetchall()
    finally:
        connection.close()
    return io.StringIO("".join("\t".join(map(str, row)) + "\n" for row in rows))


def load(jobs_url: str, reviews_url: str, sizes: Sizes = Sizes()) -> dict[str, float]:
    """Load everything; returns the seconds each part took."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    say(f"jobs: {sizes.companies:,} companies, {sizes.jobs:,} jobs")
    _run(jobs_url, JOBS_SQL, sizes)
    timings["companies and jobs"] = time.perf_counter() - started

    ranks = _job_ranks(jobs_url)

    def copy_ranks(cursor) -> None:
        cursor.execute(
            "CREATE TEMP TABLE bench_jobs (job_id uuid, company_id uuid, rank int,"
            " job_title text, company_name text) ON COMMIT DROP"
        )
        columns = ("job_id", "company_id", "rank", "job_title", "company_name")
        cursor.copy_from(ranks, "bench_jobs", columns=columns)

    middle = time.perf_counter()
    say(
        f"reviews: {sizes.reviews:,} reviews, {sizes.salaries:,} salaries, "
        f"{sizes.interviews:,} interview reports"
    )
    _run(reviews_url, REVIEWS_SQL, sizes, before=copy_ranks)
    timings["reviews, salaries, interviews"] = time.perf_counter() - middle
    timings["total"] = time.perf_counter() - started
    say(f"loaded in {timings['total']:.0f} s")
    return timings


def scalar(url: str, query: str):
    """The single value `query` answers, on a connection of its own."""
    connection = psycopg2.connect(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(query)
            return cursor.fetchone()[0]
    finally:
        connection.close()


def largest_company(jobs_url: str) -> str:
    """The company with the most jobs (rank 1 by construction)."""
    return str(scalar(jobs_url, "SELECT id FROM companies ORDER BY job_count DESC, id LIMIT 1"))
