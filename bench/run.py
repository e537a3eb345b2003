"""`make bench`: load the scale data, drive the hot reads with wrk, write bench/REPORT.md.

Starts its own stack in var/bench (make dev's state is not touched) on ports 7001-7003 and 7080,
with nginx on 7081, everything on 127.0.0.1. Steps, in order:

1. the scale data set (bench/data.py), unless already loaded (`--reload` forces it);
2. a bench user with 200 tracked applications, signed in through the gateway;
3. idle memory of every worker;
4. for each hot read: the SQL it sends, timed directly on PostgreSQL; then wrk through the
   gateway at 16 connections and at 1;
5. gateway overhead: one authenticated GET direct, through the gateway and through nginx,
   at 16 connections and at 1, in interleaved rounds, medians compared;
6. tracing's cost (bench/tracing.py): that GET and the 20-item job list through a gateway
   and jobs service with tracing off, at 10 % and at 100 %, exporting to a stand-in
   collector, in interleaved rounds;
7. memory after the load;
8. writes (bench/writes.py): a review and a salary for the largest company, and a helpful
   vote, through the gateway at 4 connections (last, since they change the data); the report.

`make bench-data` runs step 1 alone; `--render` rewrites the report from the last run's
figures (var/bench/last-run.json), for instance after editing bench/ANALYSIS.md.
Settings: BENCH_SECONDS (per wrk run, default 10), BENCH_ROUNDS (gateway comparison
rounds, default 5), BENCH_TRACING_ROUNDS (tracing rounds, default 3).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import psutil
import psycopg2
from devstack import ROOT, Stack, Stop, stop_on_signals
from servicekit.testing.otlp import OtlpReceiver

# bench/'s own modules: `python bench/run.py` puts this folder first on sys.path.
import data
import direct
import load
import overhead
import proxy
import report
import tracing
import writes

BENCH = Path(__file__).resolve().parent

PORTS = {"users": 7001, "jobs": 7002, "reviews": 7003, "gateway": 7080}
NGINX_LISTEN = "127.0.0.1:7081"
VAR = ROOT / "var" / "bench"
LAST_RUN = VAR / "last-run.json"  # the figures of the last run, for --render
BENCH_USER = ("bench@jobsight.dev", "bench-user-password", "Bench User")
APPLICATIONS = 200
REVIEWS_PAGE = 1000  # the deep page, at the default page size of 20
PAGE_SIZE = 20

# A production-like server for 24 GiB: the embedded default (128 MB of buffers) would make
# the benchmark measure the disk cache instead of PostgreSQL.
POSTGRES_SETTINGS = {
    "shared_buffers": "1GB",
    "effective_cache_size": "8GB",
    "max_wal_size": "8GB",
    "checkpoint_timeout": "30min",
}
# The gateway's per-client limits would refuse a load generator from one address.
# Every request of the benchmark comes from one address: the per-client limits would
# measure the 429 path instead of the endpoints.
BENCH_ENV = {
    "RATE_LIMIT_PER_MINUTE": "100000000",
    "LOGIN_LIMIT_PER_MINUTE": "100000",
    "LOGIN_LIMIT_PER_CLIENT_PER_MINUTE": "100000",
    "REGISTER_LIMIT_PER_MINUTE": "100000",
}


def say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def ensure_tools() -> None:
    missing = [name for name in ("wrk", "nginx") if not (shutil.which(name) or _sbin(name))]
    if not missing:
        return
    packages = {"wrk": "wrk", "nginx": "nginx-light"}
    if os.geteuid() != 0:
        raise RuntimeError(f"install {', '.join(missing)} (Debian: apt-get install wrk nginx)")
    say(f"installing {', '.join(missing)} with apt-get")
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", *(packages[m] for m in missing)],
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )


def _sbin(name: str) -> str | None:
    return shutil.which(name, path="/usr/sbin")


# --- HTTP helpers -----------------------------------------------------------------------


def call(method: str, url: str, body: dict | None = None, token: str | None = None):
    request = urllib.request.Request(url, method=method)  # noqa: S310 - 127.0.0.1 only
    if body is not None:
        request.data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def sign_in(gateway: str) -> tuple[str, str]:
    """The bench user's access token and id, registering the user on first use."""
    email, password, name = BENCH_USER
    credentials = {"email": email, "password": password}
    status, answer = call("POST", f"{gateway}/api/v1/auth/login", credentials)
    if status == 401:
        call("POST", f"{gateway}/api/v1/auth/register", {**credentials, "display_name": name})
        status, answer = call("POST", f"{gateway}/api/v1/auth/login", credentials)
    if status != 200:
        raise RuntimeError(f"bench user could not sign in: {status} {answer}")
    token = answer["access_token"]
    _, me = call("GET", f"{gateway}/api/v1/users/me", token=token)
    return token, me["id"]


def load_applications(jobs_url: str, user_id: str) -> None:
    """The bench user's tracker: 200 applications to the largest companies' jobs."""
    connection = psycopg2.connect(jobs_url)
    with connection, connection.cursor() as cursor:
        cursor.execute("DELETE FROM applications WHERE user_id = %s", (user_id,))
        cursor.execute(
            """
            INSERT INTO applications (id, user_id, job_id, company_name, position_title,
                                      status, applied_on, created_at, updated_at)
            SELECT gen_random_uuid(), %s, j.id, c.name, j.title,
                   (ARRAY['applied', 'interviewing', 'rejected', 'offer'])[1 + n %% 4],
                   current_date - n::int, now() - n * interval '1 hour', now()
            FROM (SELECT id, company_id, title, row_number() OVER (ORDER BY id) AS n
                  FROM jobs LIMIT %s) AS j
            JOIN companies AS c ON c.id = j.company_id
            """,
            (user_id, APPLICATIONS),
        )
    connection.close()


def deep_page_cursor(reviews: str, company_id: str) -> str:
    """The cursor of page 1,000 of the company's reviews, reached by walking the pages."""
    position, cursor, wanted = 0, None, (REVIEWS_PAGE - 1) * PAGE_SIZE
    while position < wanted:
        limit = min(100, wanted - position)
        url = f"{reviews}/api/v1/reviews?company_id={company_id}&limit={limit}"
        status, answer = call("GET", url + (f"&cursor={cursor}" if cursor else ""))
        if status != 200 or not answer["next_cursor"]:
            raise RuntimeError(f"the company has fewer than {wanted} reviews ({status})")
        position, cursor = position + len(answer["items"]), answer["next_cursor"]
    return cursor


# --- memory -----------------------------------------------------------------------------


def worker_memory(stack: Stack) -> dict[str, list[float]]:
    """Resident MB of each worker process of every service: gunicorn's children, or the
    process itself for an events worker (one process, no children)."""
    figures = {}
    for name, process in stack.processes.items():
        parent = psutil.Process(process.pid)
        workers = parent.children() or [parent]
        figures[name] = sorted(w.memory_info().rss / 2**20 for w in workers)
    return figures


# --- the run ----------------------------------------------------------------------------


def data_loaded(stack: Stack) -> bool:
    return data.scalar(stack.database_url("reviews"), "SELECT count(*) FROM reviews") >= (
        data.REVIEWS
    )


def endpoints(company_id: str, deep_cursor: str) -> list[tuple[str, str, str, bool]]:
    """(label, service, path, needs the token) of every hot read."""
    company = f"company_id={company_id}"
    return [
        ("company search ?q=", "jobs", f"/api/v1/companies?q={data.BENCH_SEARCH_TERM}", False),
        ("company by id", "jobs", f"/api/v1/companies/{company_id}", False),
        ("jobs of the largest company", "jobs", f"/api/v1/jobs?{company}", False),
        ("reviews, page 1", "reviews", f"/api/v1/reviews?{company}", False),
        (
            f"reviews, page {REVIEWS_PAGE:,}",
            "reviews",
            f"/api/v1/reviews?{company}&cursor={deep_cursor}",
            False,
        ),
        ("reviews summary", "reviews", f"/api/v1/reviews/summary?{company}", False),
        ("salary stats", "reviews", f"/api/v1/salaries/stats?{company}", False),
        ("interview summary", "reviews", f"/api/v1/interviews/summary?{company}", False),
        ("applications (signed in)", "jobs", "/api/v1/applications", True),
    ]


def measure_endpoints(stack, token_source, company_id, deep_cursor, seconds):
    gateway = stack.url("gateway")
    apps = {name: direct.ServiceSql(name, stack.envs[name]) for name in ("jobs", "reviews")}
    rows = []
    for label, service, path, signed in endpoints(company_id, deep_cursor):
        token = token_source()
        headers = {"Authorization": f"Bearer {token}"} if signed else {}
        status, _ = call("GET", gateway + path, token=token if signed else None)
        if status != 200:
            raise RuntimeError(f"{label}: {path} answered {status}")
        statements = apps[service].statements_for(path, headers)
        sql = apps[service].time_statements(statements)
        say(f"{label}: SQL p50 {sql.p50_ms:.2f} ms ({sql.statements} statements); wrk ...")
        busy = load.run_wrk(gateway + path, connections=16, seconds=seconds, headers=headers)
        single = load.run_wrk(gateway + path, connections=1, seconds=seconds / 2, headers=headers)
        say(
            f"  16 conn: {busy.rps:.0f} req/s, p50 {busy.p50_ms:.1f} ms, p99 {busy.p99_ms:.1f} "
            f"ms, errors {busy.errors}; 1 conn: p50 {single.p50_ms:.2f} ms"
        )
        rows.append(report.EndpointRow(label, path, sql, busy, single))
    return rows


def measure_gateway(stack, token_source, company_id, seconds, rounds):
    """Direct, gateway and nginx on the same upstream, interleaved so noise hits all three;
    besides the figures, the CPU each proxy's processes spent per forwarded request."""
    path = f"/api/v1/companies/{company_id}"
    targets = {
        "direct": stack.url("jobs"),
        "gateway": stack.url("gateway"),
        "nginx": f"http://{NGINX_LISTEN}",
    }
    runs: dict[str, dict[int, list[load.LoadResult]]] = {t: {16: [], 1: []} for t in targets}
    cpu: dict[str, list[float]] = {"gateway": [], "nginx": []}
    with proxy.Nginx(VAR / "nginx", NGINX_LISTEN, f"127.0.0.1:{PORTS['jobs']}") as nginx:
        pids = {"direct": None, "gateway": stack.processes["gateway"].pid, "nginx": nginx.pid}
        for round_number in range(1, rounds + 1):
            headers = {"Authorization": f"Bearer {token_source()}"}
            for name, base in targets.items():
                for connections in (16, 1):
                    url = base + path
                    if pids[name] is None or connections == 1:
                        result = load.run_wrk(
                            url, connections=connections, seconds=seconds, headers=headers
                        )
                    else:
                        result, spent = overhead.measure_cpu(
                            pids[name],
                            url,
                            connections=connections,
                            seconds=seconds,
                            headers=headers,
                        )
                        cpu[name].append(spent)
                    runs[name][connections].append(result)
            say(
                f"round {round_number}: "
                + ", ".join(f"{n} {runs[n][16][-1].rps:.0f} req/s" for n in targets)
                + f"; CPU a request: gateway {cpu['gateway'][-1]:.3f} ms, "
                f"nginx {cpu['nginx'][-1]:.3f} ms"
            )
        version = nginx.version()
    return report.GatewayComparison(
        path=path,
        nginx_version=version,
        rounds=rounds,
        busy={name: load.median_result(r[16]) for name, r in runs.items()},
        single={name: load.median_result(r[1]) for name, r in runs.items()},
        cpu_ms={name: statistics.median(spent) for name, spent in cpu.items()},
    )


def measure_tracing(stack, token_source, company_id, seconds, rounds) -> tracing.TracingCost:
    paths = {
        "company by id": f"/api/v1/companies/{company_id}",
        "jobs of the largest company": f"/api/v1/jobs?company_id={company_id}",
    }
    collector = OtlpReceiver(keep=False)
    pairs = {}
    try:
        pairs = tracing.start_pairs(stack, VAR, collector.url, stack.log_file)
        busy, cpu = tracing.measure(pairs, paths, token_source, seconds, rounds, say)
    finally:
        for pair in pairs.values():
            pair.stop()
        collector.close()
    return tracing.TracingCost(rounds, paths, busy, cpu, collector.exports)


def machine() -> dict[str, str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "host": f"{platform.system()} {platform.release()}, {platform.machine()}",
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "memory": f"{psutil.virtual_memory().total / 2**30:.0f} GiB",
        "python": platform.python_version(),
    }


def postgres_version(stack: Stack) -> str:
    return data.scalar(stack.database_url("jobs"), "SHOW server_version")


def write_report(figures: report.Figures) -> None:
    text = report.render(figures, data.Sizes())
    (BENCH / "REPORT.md").write_text(text)
    print(text)
    say(f"report written to {BENCH / 'REPORT.md'}")


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-only", action="store_true", help="load the data set and stop")
    parser.add_argument("--reload", action="store_true", help="reload the data set first")
    parser.add_argument(
        "--serve", action="store_true", help="start the loaded stack and wait (for profiling)"
    )
    parser.add_argument(
        "--render",
        action="store_true",
        help="write REPORT.md again from the last run's figures (after editing ANALYSIS.md)",
    )
    return parser.parse_args()


def ensure_data(stack: Stack, *, reload: bool) -> dict | None:
    """Load the scale data set unless it is there already; the load's own timings."""
    timings_file = VAR / "load-timings.json"
    if reload or not data_loaded(stack):
        timings = data.load(stack.database_url("jobs"), stack.database_url("reviews"))
        when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        timings_file.write_text(json.dumps({"when": when, "seconds": timings}))
    return json.loads(timings_file.read_text()) if timings_file.exists() else None


def serve(stack: Stack) -> int:
    """--serve: the loaded stack, up until Ctrl-C, for profiling by hand."""
    say(f"serving the bench stack at {stack.url('gateway')}; Ctrl-C stops it")
    while stack.running():
        time.sleep(1)
    return 1


def run_benchmark(stack: Stack, load_timings: dict | None) -> report.Figures:
    """Every measurement of the report, on the running stack."""
    seconds = float(os.environ.get("BENCH_SECONDS", "10"))
    rounds = int(os.environ.get("BENCH_ROUNDS", "5"))
    tracing_rounds = int(os.environ.get("BENCH_TRACING_ROUNDS", "3"))
    gateway = stack.url("gateway")
    company_id = data.largest_company(stack.database_url("jobs"))
    _, user_id = sign_in(gateway)
    load_applications(stack.database_url("jobs"), user_id)
    say("walking to page 1,000 of the largest company's reviews")
    deep_cursor = deep_page_cursor(stack.url("reviews"), company_id)

    def fresh_token() -> str:  # access tokens live 15 minutes; the run is longer
        return sign_in(gateway)[0]

    idle = worker_memory(stack)
    services = overhead.measure(stack, company_id, seconds, rounds, say)
    rows = measure_endpoints(stack, fresh_token, company_id, deep_cursor, seconds)
    comparison = measure_gateway(stack, fresh_token, company_id, seconds, rounds)
    traced = measure_tracing(stack, fresh_token, company_id, seconds, tracing_rounds)
    memory_after = worker_memory(stack)
    written = writes.measure(stack, fresh_token(), user_id, company_id, seconds, say)
    return report.Figures(
        machine={**machine(), "postgres": postgres_version(stack)},
        settings={
            "seconds": seconds,
            "rounds": rounds,
            "tracing rounds": tracing_rounds,
            **POSTGRES_SETTINGS,
        },
        load_timings=load_timings,
        rows=rows,
        comparison=comparison,
        memory={"idle": idle, "after": memory_after},
        tracing=traced,
        overhead=services,
        writes=written,
    )


def main() -> int:
    args = parse_arguments()
    if args.render:
        write_report(report.Figures.from_json(LAST_RUN.read_text()))
        return 0
    stop_on_signals()  # SIGTERM too: the stack below is stopped in order either way
    if not (args.data_only or args.serve):
        ensure_tools()
    VAR.mkdir(parents=True, exist_ok=True)
    log = (VAR / "services.log").open("a")
    stack = Stack(
        VAR, PORTS, extra_env=BENCH_ENV, log_file=log, postgres_settings=POSTGRES_SETTINGS
    )
    try:
        stack.prepare()
        load_timings = ensure_data(stack, reload=args.reload or args.data_only)
        if args.data_only:
            return 0
        stack.start(seed=False)
        if args.serve:
            return serve(stack)
        figures = run_benchmark(stack, load_timings)
        LAST_RUN.write_text(figures.to_json())
        write_report(figures)
        return 0
    except Stop:
        return 1
    finally:
        stack.stop()
        log.close()


if __name__ == "__main__":
    started = time.monotonic()
    code = main()
    say(f"done in {time.monotonic() - started:.0f} s")
    sys.exit(code)
