"""Load runs with wrk: one C load generator thread, keep-alive connections, exact percentiles."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

REPORT_SCRIPT = Path(__file__).resolve().parent / "wrk" / "report.lua"
REQUESTS_SCRIPT = REPORT_SCRIPT.with_name("requests.lua")
MARKER = "WRK_JSON "


@dataclass(frozen=True)
class LoadResult:
    connections: int
    requests: int
    seconds: float
    rps: float
    errors: int  # connect, read, write, timeout, and any answer that is not 2xx/3xx
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float


def wrk_path() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise RuntimeError("wrk is not installed (bench/run.py installs it with apt-get)")
    return found


def run_wrk(
    url: str,
    *,
    connections: int,
    seconds: float,
    headers: dict[str, str] | None = None,
    requests_file: Path | None = None,
) -> LoadResult:
    """wrk against `url`: the same GET each time, or, given `requests_file`, the requests it
    lists in turn (wrk/requests.lua: a method, path and body a line)."""
    env = None
    if requests_file is not None:
        env = {**os.environ, "WRK_REQUESTS": str(requests_file)}
    command = [
        wrk_path(),
        "--threads",
        "1",
        "--connections",
        str(connections),
        "--duration",
        f"{max(1, round(seconds))}s",  # wrk takes whole seconds
        "--timeout",
        "5s",
        "--script",
        str(REPORT_SCRIPT if requests_file is None else REQUESTS_SCRIPT),
    ]
    for name, value in (headers or {}).items():
        command += ["--header", f"{name}: {value}"]
    output = subprocess.run(
        [*command, url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
        env=env,
    ).stdout
    line = next((x for x in output.splitlines() if x.startswith(MARKER)), None)
    if line is None:
        raise RuntimeError(f"wrk printed no figures:\n{output}")
    raw = json.loads(line[len(MARKER) :])
    return LoadResult(
        connections=connections,
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        rps=raw["requests"] / (raw["duration_us"] / 1e6),
        errors=sum(raw[k] for k in ("connect", "read", "write", "status", "timeout")),
        p50_ms=raw["p50_us"] / 1000,
        p90_ms=raw["p90_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        max_ms=raw["max_us"] / 1000,
    )


def median_result(results: list[LoadResult]) -> LoadResult:
    """Figure by figure medians of repeated runs (single runs here vary by tens of percent)."""

    def med(name: str) -> float:
        return statistics.median(getattr(r, name) for r in results)

    return LoadResult(
        connections=results[0].connections,
        requests=sum(r.requests for r in results),
        seconds=sum(r.seconds for r in results),
        rps=med("rps"),
        errors=sum(r.errors for r in results),
        p50_ms=med("p50_ms"),
        p90_ms=med("p90_ms"),
        p99_ms=med("p99_ms"),
        max_ms=max(r.max_ms for r in results),
    )
