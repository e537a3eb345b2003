"""What tracing costs: the gateway comparison's read and one hot read with tracing off, on
at 10 % sampling and on at 100 %, exporting to a stand-in collector on 127.0.0.1; and, as
the reference for what the instrumentation costs even when off, disabled altogether.

Each configuration is its own gateway and jobs service (the same settings, worker counts
and databases as the main run; only the tracing settings differ), started side by side
so that rounds can be interleaved: whatever else the machine does hits all three alike.
Besides throughput and latency, each run records the CPU time the gateway's and the jobs
service's workers spent per request (utime + stime from /proc), far steadier than
throughput on a shared machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from devstack import Stack

import load
from overhead import server_cpu_seconds

# (label, the OTEL settings of its processes). "off" is the default without an endpoint
# (instrumented, nothing recorded); "disabled", OTEL_SDK_DISABLED: not even instrumented.
CONFIGURATIONS = [
    ("disabled", {"OTEL_SDK_DISABLED": "true"}),
    ("off", {}),
    ("10 %", {"OTEL_TRACES_SAMPLER_ARG": "0.1"}),
    ("100 %", {"OTEL_TRACES_SAMPLER_ARG": "1.0"}),
]
EXPORTING = ("10 %", "100 %")
# The jobs and gateway ports of each configuration's pair (the main run uses 7001-7080).
PORTS = [(7102, 7180), (7202, 7280), (7302, 7380), (7402, 7480)]


@dataclass(frozen=True)
class TracingCost:
    rounds: int
    paths: dict[str, str]  # label -> path
    busy: dict[str, dict[str, load.LoadResult]]  # configuration -> path label -> medians
    cpu_ms: dict[str, dict[str, float]]  # configuration -> path label -> CPU ms a request
    exports: int  # export requests the stand-in collector answered


def _workers_cpu(pair: Stack) -> float:
    """CPU seconds spent so far by the pair's gateway and jobs servers."""
    return sum(server_cpu_seconds(pair.processes[name].pid) for name in ("gateway", "jobs"))


def start_pairs(stack: Stack, var: Path, collector_url: str, log_file) -> dict[str, Stack]:
    """A gateway and a jobs service per configuration, on the main run's databases."""
    pairs = {}
    for (label, settings), (jobs_port, gateway_port) in zip(CONFIGURATIONS, PORTS, strict=True):
        env = {**stack.extra_env, "EVENT_BROKER_URL": stack.broker_url(), **settings}
        if label in EXPORTING:
            env["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector_url
        ports = {**stack.ports, "jobs": jobs_port, "gateway": gateway_port}
        databases = {name: stack.database_url(name) for name in ("users", "jobs", "reviews")}
        directory = var / ("tracing-" + label.replace(" %", "pct"))
        pair = Stack(directory, ports, databases, extra_env=env, log_file=log_file)
        pair.configure()  # the main run migrated these databases
        pair.start_service("jobs")
        pair.start_service("gateway")
        pairs[label] = pair
    return pairs


def measure(pairs: dict[str, Stack], paths: dict[str, str], token_source, seconds, rounds, say):
    runs = {label: {path: [] for path in paths} for label in pairs}
    cpu = {label: {path: [] for path in paths} for label in pairs}
    for round_number in range(1, rounds + 1):
        headers = {"Authorization": f"Bearer {token_source()}"}
        for path_label, path in paths.items():
            for label, pair in pairs.items():
                before = _workers_cpu(pair)
                result = load.run_wrk(
                    pair.url("gateway") + path, connections=16, seconds=seconds, headers=headers
                )
                spent = _workers_cpu(pair) - before
                runs[label][path_label].append(result)
                cpu[label][path_label].append(spent * 1000 / max(result.requests, 1))
        say(
            f"tracing round {round_number}: "
            + ", ".join(
                f"{label} {runs[label][next(iter(paths))][-1].rps:.0f} req/s" for label in pairs
            )
        )
    return (
        {label: {p: load.median_result(r) for p, r in by.items()} for label, by in runs.items()},
        {label: {p: sorted(v)[len(v) // 2] for p, v in by.items()} for label, by in cpu.items()},
    )
