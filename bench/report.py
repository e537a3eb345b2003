"""bench/REPORT.md: every figure of the run, the targets they are held to, the machine."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from direct import SqlTiming
from load import LoadResult
from overhead import Measured, Overhead
from tracing import TracingCost
from writes import CONNECTIONS as WRITE_CONNECTIONS
from writes import Write

ANALYSIS = Path(__file__).resolve().parent / "ANALYSIS.md"  # written by people, kept verbatim

P99_LIMIT_MS = 50
SUMMARY_P50_LIMIT_MS = 10
WRITE_P99_LIMIT_MS = 50
DEEP_PAGE_LIMIT = 1.5
GATEWAY_VS_NGINX_MIN = 0.9
GATEWAY_ADDED_P50_MAX_MS = 0.5
GATEWAY_CPU_MAX_MS = 0.35  # of CPU per forwarded request
# The services' own cost: the reference's CPU per request over the service's, at least.
SERVICE_VS_REFERENCE_MIN = {"company by id": 0.7, "20 jobs of the largest company": 0.5}
WORKER_RSS_LIMIT_MB = 150
TRACING_10PCT_MAX_COST = 0.05  # of throughput, tracing at 10 % against off
SUMMARIES = ("reviews summary", "salary stats", "interview summary")


@dataclass(frozen=True)
class EndpointRow:
    label: str
    path: str
    sql: SqlTiming
    busy: LoadResult  # 16 connections
    single: LoadResult  # 1 connection


@dataclass(frozen=True)
class GatewayComparison:
    path: str
    nginx_version: str
    rounds: int
    busy: dict[str, LoadResult]
    single: dict[str, LoadResult]
    cpu_ms: dict[str, float] | None = None  # gateway, nginx: CPU ms a forwarded request


@dataclass(frozen=True)
class Figures:
    """Everything one run measured: what the report is rendered from."""

    machine: dict
    settings: dict
    load_timings: dict | None
    rows: list[EndpointRow]
    comparison: GatewayComparison
    memory: dict
    tracing: TracingCost | None = None  # runs before tracing was measured have none
    overhead: Overhead | None = None  # nor before the reference service
    writes: list[Write] | None = None  # nor before writes were

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1)

    @classmethod
    def from_json(cls, text: str) -> Figures:
        raw = json.loads(text)
        raw["rows"] = [
            EndpointRow(
                row["label"],
                row["path"],
                SqlTiming(**row["sql"]),
                LoadResult(**row["busy"]),
                LoadResult(**row["single"]),
            )
            for row in raw["rows"]
        ]
        comparison = raw["comparison"]
        for key in ("busy", "single"):
            comparison[key] = {name: LoadResult(**r) for name, r in comparison[key].items()}
        raw["comparison"] = GatewayComparison(**comparison)
        if raw.get("tracing"):
            traced = raw["tracing"]
            traced["busy"] = {
                label: {path: LoadResult(**r) for path, r in by.items()}
                for label, by in traced["busy"].items()
            }
            raw["tracing"] = TracingCost(**traced)
        if raw.get("overhead"):
            measured = raw["overhead"]
            measured["figures"] = {
                name: {
                    label: Measured(LoadResult(**m["result"]), m["cpu_ms"])
                    for label, m in by.items()
                }
                for name, by in measured["figures"].items()
            }
            raw["overhead"] = Overhead(**measured)
        if raw.get("writes"):
            raw["writes"] = [
                Write(w["label"], w["method_and_path"], LoadResult(**w["result"]))
                for w in raw["writes"]
            ]
        return cls(**raw)


def _mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _endpoint_section(rows: list[EndpointRow]) -> list[str]:
    table = _table(
        [
            "endpoint",
            "SQL p50",
            "SQL p99",
            "req/s (16 conn)",
            "p50 (16)",
            "p99 (16)",
            "errors",
            "p50 (1 conn)",
            "p99 (1)",
            "HTTP adds (1 conn p50 − SQL p50)",
        ],
        [
            [
                r.label,
                f"{r.sql.p50_ms:.2f} ms",
                f"{r.sql.p99_ms:.2f} ms",
                f"{r.busy.rps:,.0f}",
                f"{r.busy.p50_ms:.1f} ms",
                f"{r.busy.p99_ms:.1f} ms",
                str(r.busy.errors + r.single.errors),
                f"{r.single.p50_ms:.2f} ms",
                f"{r.single.p99_ms:.2f} ms",
                f"{r.single.p50_ms - r.sql.p50_ms:.2f} ms",
            ]
            for r in rows
        ],
    )
    paths = [f"- {r.label}: `GET {r.path}`" for r in rows]
    return [
        "## Hot reads through the gateway",
        "",
        "wrk, one thread, keep-alive, through the gateway; 16 connections saturate the "
        "machine, 1 connection shows a request's own latency. SQL: the statements the "
        "endpoint sends (recorded from the service itself), run directly with psycopg2.",
        "",
        *table,
        "",
        *paths,
        "",
    ]


def _gateway_section(c: GatewayComparison) -> list[str]:
    names = ["direct", "gateway", "nginx"]
    nginx_rps = c.busy["nginx"].rps
    direct_p50 = c.single["direct"].p50_ms
    table = _table(
        [
            "path to the jobs service",
            "req/s (16 conn)",
            "vs nginx",
            "p99 (16)",
            "p50 (1 conn)",
            "p50 added over direct",
            "errors",
        ],
        [
            [
                name,
                f"{c.busy[name].rps:,.0f}",
                f"{c.busy[name].rps / nginx_rps:.2f}",
                f"{c.busy[name].p99_ms:.1f} ms",
                f"{c.single[name].p50_ms:.2f} ms",
                f"{c.single[name].p50_ms - direct_p50:+.2f} ms",
                str(c.busy[name].errors + c.single[name].errors),
            ]
            for name in names
        ],
    )
    cpu = c.cpu_ms or {}
    cpu_line = (
        [
            f"CPU a forwarded request (the proxy's master and workers, utime + stime over the "
            f"requests served at 16 connections, median of the rounds): gateway "
            f"{cpu['gateway']:.3f} ms, nginx {cpu['nginx']:.3f} ms "
            f"({cpu['gateway'] / cpu['nginx']:.1f} × nginx's).",
            "",
        ]
        if cpu
        else []
    )
    return [
        "## Gateway overhead against nginx",
        "",
        f"`GET {c.path}` with an access token, the same upstream (the jobs service) for all "
        f"three; nginx {c.nginx_version} as a plain reverse proxy with a keep-alive upstream "
        f"pool and the gateway's worker count. {c.rounds} interleaved rounds, medians.",
        "",
        *table,
        "",
        *cpu_line,
    ]


def _overhead_section(o: Overhead) -> list[str]:
    rows = []
    for label in o.paths:
        service, reference = o.figures["service"][label], o.figures["reference"][label]
        for name, measured in (("jobs service", service), ("reference", reference)):
            rows.append(
                [
                    label,
                    name,
                    f"{measured.result.rps:,.0f}",
                    f"{measured.result.rps / reference.result.rps:.2f}",
                    f"{measured.result.p50_ms:.1f} ms",
                    f"{measured.result.p99_ms:.1f} ms",
                    f"{measured.cpu_ms:.2f} ms",
                    f"{reference.cpu_ms / measured.cpu_ms:.2f}",
                    str(measured.result.errors),
                ]
            )
    paths = [f"- {label}: `GET {path}`, direct" for label, path in o.paths.items()]
    return [
        "## The services' own cost, against a reference",
        "",
        "The jobs service and `bench/reference.py` (plain Flask and psycopg2, the same "
        "gunicorn settings, the same SQL shape and byte for byte the same JSON, checked "
        "before the rounds) on the same database, direct, 16 connections, "
        f"{o.rounds} interleaved rounds, medians. CPU a request: the server's master and "
        "workers' utime + stime over the requests served. A ratio is the reference's figure "
        "over the service's (throughput: the service's over the reference's), so 1.00 would "
        "mean the service costs no more than the reference.",
        "",
        *_table(
            [
                "read",
                "server",
                "req/s",
                "vs reference",
                "p50",
                "p99",
                "CPU a request",
                "reference CPU / this",
                "errors",
            ],
            rows,
        ),
        "",
        *paths,
        "",
    ]


def _overhead_targets(o: Overhead | None) -> list[tuple[str, str, str]]:
    lines = []
    for label, minimum in SERVICE_VS_REFERENCE_MIN.items():
        target = f"{label}: jobs service ≥ {minimum} × the reference by CPU a request"
        if o is None:
            lines.append((target, "not measured in this run", "**missed**"))
            continue
        service, reference = o.figures["service"][label], o.figures["reference"][label]
        ratio = reference.cpu_ms / service.cpu_ms
        lines.append(
            (
                target,
                f"{ratio:.2f} × ({service.cpu_ms:.2f} ms against {reference.cpu_ms:.2f} ms); "
                f"throughput {service.result.rps / reference.result.rps:.2f} ×",
                _mark(ratio >= minimum),
            )
        )
    return lines


def _writes_section(written: list[Write]) -> list[str]:
    rows = [
        [
            w.label,
            f"`{w.method_and_path}`",
            f"{w.result.rps:,.0f}",
            f"{w.result.p50_ms:.1f} ms",
            f"{w.result.p99_ms:.1f} ms",
            str(w.result.requests),
            str(w.result.errors),
        ]
        for w in written
    ]
    return [
        f"## Writes at scale, {WRITE_CONNECTIONS} connections",
        "",
        "Through the gateway as the bench user, every request a new write (a review names "
        "another job, term and year of the largest company each time; a salary joins its "
        "largest group, CAD hourly; a vote goes to another of its reviews), after the bench "
        "user's writes of earlier runs were removed (`bench/writes.py`).",
        "",
        *_table(["write", "request", "req/s", "p50", "p99", "requests", "errors"], rows),
        "",
    ]


def _writes_target(written: list[Write] | None) -> list[tuple[str, str, str]]:
    target = f"writes: p99 under {WRITE_P99_LIMIT_MS} ms at {WRITE_CONNECTIONS} connections"
    if not written:
        return [(target, "not measured in this run", "**missed**")]
    worst = max(written, key=lambda w: w.result.p99_ms)
    errors = sum(w.result.errors for w in written)
    return [
        (
            target,
            f"worst {worst.result.p99_ms:.1f} ms ({worst.label}); {errors} errors",
            _mark(worst.result.p99_ms < WRITE_P99_LIMIT_MS and errors == 0),
        )
    ]


def _tracing_section(t: TracingCost) -> list[str]:
    rows = []
    for path_label in t.paths:
        off, off_cpu = t.busy["off"][path_label], t.cpu_ms["off"][path_label]
        bare = t.busy.get("disabled", {}).get(path_label)
        for label in t.busy:
            run, cpu = t.busy[label][path_label], t.cpu_ms[label][path_label]
            rows.append(
                [
                    path_label,
                    label,
                    f"{run.rps:,.0f}",
                    f"{run.rps / off.rps:.2f}",
                    f"{run.rps / bare.rps:.2f}" if bare else "",
                    f"{run.p50_ms:.1f} ms",
                    f"{run.p99_ms:.1f} ms",
                    f"{cpu:.2f} ms",
                    f"{cpu - off_cpu:+.2f} ms",
                    str(run.errors),
                ]
            )
    paths = [f"- {label}: `GET {path}` through the gateway" for label, path in t.paths.items()]
    return [
        "## What tracing costs",
        "",
        "A gateway and a jobs service per configuration, side by side on the same databases: "
        "tracing disabled (`OTEL_SDK_DISABLED`: not even instrumented), off (the default "
        "without an exporter: spans keep their ids for the logs, nothing is recorded), and "
        "exporting every span of 10 % or of 100 % of the traces over OTLP/HTTP to a "
        "stand-in collector on 127.0.0.1 (which answers and keeps nothing). 16 connections, "
        f"{t.rounds} interleaved rounds, medians; CPU is the gateway's and the jobs service's "
        f"workers' utime + stime per request. The collector answered {t.exports:,} exports.",
        "",
        *_table(
            [
                "read",
                "tracing",
                "req/s",
                "vs off",
                "vs disabled",
                "p50",
                "p99",
                "CPU a request",
                "CPU vs off",
                "errors",
            ],
            rows,
        ),
        "",
        *paths,
        "",
    ]


def _memory_section(memory: dict[str, dict[str, list[float]]]) -> list[str]:
    rows = []
    for name in memory["idle"]:
        idle, after = memory["idle"][name], memory["after"][name]
        rows.append(
            [
                name,
                ", ".join(f"{mb:.0f}" for mb in idle),
                ", ".join(f"{mb:.0f}" for mb in after),
            ]
        )
    return [
        "## Memory",
        "",
        "Resident MB of each gunicorn worker, idle (after start-up) and after the load run.",
        "",
        *_table(["process", "idle, per worker (MB)", "after the load, per worker (MB)"], rows),
        "",
    ]


def _tracing_target(t: TracingCost | None) -> list[tuple[str, str, str]]:
    target = f"tracing at 10 % costs ≤ {TRACING_10PCT_MAX_COST:.0%} of throughput"
    if t is None:
        return [(target, "not measured in this run", "**missed**")]
    costs = {path: 1 - t.busy["10 %"][path].rps / t.busy["off"][path].rps for path in t.paths}
    worst = max(costs, key=costs.get)
    return [
        (
            target,
            f"worst {costs[worst]:.1%} ({worst}); at 100 %: "
            + ", ".join(
                f"{1 - t.busy['100 %'][p].rps / t.busy['off'][p].rps:.1%} ({p})" for p in t.paths
            ),
            _mark(costs[worst] <= TRACING_10PCT_MAX_COST),
        )
    ]


def _targets_section(rows, c: GatewayComparison, memory, traced=None, services=None, written=None):
    by_label = {r.label: r for r in rows}
    page_one = by_label["reviews, page 1"]
    deep = next(r for r in rows if r.label.startswith("reviews, page") and r is not page_one)
    worst_p99 = max(rows, key=lambda r: r.busy.p99_ms)
    errors = sum(r.busy.errors + r.single.errors for r in rows)
    summaries = [by_label[name] for name in SUMMARIES]
    slowest_summary = max(summaries, key=lambda r: r.single.p50_ms)
    slowest_summary_busy = max(summaries, key=lambda r: r.busy.p50_ms)
    deep_ratio = deep.single.p50_ms / page_one.single.p50_ms
    deep_sql_ratio = deep.sql.p50_ms / page_one.sql.p50_ms
    gateway_ratio = c.busy["gateway"].rps / c.busy["nginx"].rps
    added = c.single["gateway"].p50_ms - c.single["direct"].p50_ms
    largest_worker = max(
        (mb for workers in memory["after"].values() for mb in workers), default=float("nan")
    )
    lines = [
        (
            "0 errors on every endpoint",
            f"{errors}",
            _mark(errors == 0),
        ),
        (
            f"p99 under {P99_LIMIT_MS} ms at 16 connections",
            f"worst {worst_p99.busy.p99_ms:.1f} ms ({worst_p99.label})",
            _mark(worst_p99.busy.p99_ms < P99_LIMIT_MS),
        ),
        (
            f"p50 of summaries and salary stats under {SUMMARY_P50_LIMIT_MS} ms (1 connection)",
            f"worst {slowest_summary.single.p50_ms:.2f} ms ({slowest_summary.label}); "
            f"at 16 connections {slowest_summary_busy.busy.p50_ms:.1f} ms",
            _mark(slowest_summary.single.p50_ms < SUMMARY_P50_LIMIT_MS),
        ),
        (
            f"page 1,000 of reviews ≤ {DEEP_PAGE_LIMIT} × page 1",
            f"{deep_ratio:.2f} × (HTTP p50), {deep_sql_ratio:.2f} × (SQL p50)",
            _mark(deep_ratio <= DEEP_PAGE_LIMIT),
        ),
        (
            f"gateway ≥ {GATEWAY_VS_NGINX_MIN} × nginx throughput",
            f"{gateway_ratio:.2f} ×",
            _mark(gateway_ratio >= GATEWAY_VS_NGINX_MIN),
        ),
        (
            f"gateway adds ≤ {GATEWAY_ADDED_P50_MAX_MS:g} ms p50 over direct (1 connection)",
            f"{added:+.2f} ms",
            _mark(added <= GATEWAY_ADDED_P50_MAX_MS),
        ),
        (
            f"gateway spends ≤ {GATEWAY_CPU_MAX_MS} ms of CPU a forwarded request",
            f"{c.cpu_ms['gateway']:.3f} ms (nginx {c.cpu_ms['nginx']:.3f} ms)"
            if c.cpu_ms
            else "not measured in this run",
            _mark(bool(c.cpu_ms) and c.cpu_ms["gateway"] <= GATEWAY_CPU_MAX_MS),
        ),
        (
            f"every worker under {WORKER_RSS_LIMIT_MB} MB after the load",
            f"largest {largest_worker:.0f} MB",
            _mark(largest_worker < WORKER_RSS_LIMIT_MB),
        ),
        *_tracing_target(traced),
        *_overhead_targets(services),
        *_writes_target(written),
    ]
    return [
        "## Targets",
        "",
        *_table(["target", "figure", ""], [list(line) for line in lines]),
        "",
    ]


def render(figures: Figures, sizes) -> str:
    machine, settings, load_timings = figures.machine, figures.settings, figures.load_timings
    rows, comparison, memory = figures.rows, figures.comparison, figures.memory
    data_line = ", ".join(
        f"{getattr(sizes, f.name):,} {f.name.replace('_', ' ')}" for f in fields(sizes)
    )
    if load_timings:
        parts = load_timings["seconds"].items()
        loaded = "; ".join(f"{part} {seconds:.0f} s" for part, seconds in parts)
        loaded += f" (loaded {load_timings['when']})"
    else:
        loaded = "loaded before its timing was kept (`make bench-data` reloads it)"
    lines = [
        "# Jobsight benchmark report",
        "",
        "Written by `make bench` (bench/run.py); every figure below comes from that one run.",
        "Everything ran on this one machine, on 127.0.0.1, sharing its cores: PostgreSQL, "
        "the services under gunicorn (2 workers × 4 threads each), the gateway under gunicorn "
        "(2 uvicorn workers), wrk and nginx.",
        "",
        *(f"- **{key}**: {value}" for key, value in machine.items()),
        "- **run settings**: " + ", ".join(f"{key} {value}" for key, value in settings.items()),
        f"- **data**: {data_line}; load: {loaded}",
        "",
        *_targets_section(
            rows, comparison, memory, figures.tracing, figures.overhead, figures.writes
        ),
        *(_overhead_section(figures.overhead) if figures.overhead else []),
        *_endpoint_section(rows),
        *_gateway_section(comparison),
        *(_tracing_section(figures.tracing) if figures.tracing else []),
        *(_writes_section(figures.writes) if figures.writes else []),
        *_memory_section(memory),
    ]
    if ANALYSIS.exists():
        lines += [ANALYSIS.read_text().rstrip(), ""]
    return "\n".join(lines)
