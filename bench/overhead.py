"""The services' own cost: the jobs service against the reference service (reference.py) on
the same two reads, direct (no gateway), in interleaved rounds.

Throughput on this shared 2-core machine swings by tens of percent from one round to the
next; the CPU time a server's processes spend per request served (utime + stime of the
gunicorn master and its workers, read from /proc, divided by the requests wrk counted)
barely moves. Both are reported, each as a ratio to the reference measured in the same round.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psutil
from devstack.stack import GUNICORN_CONFIG, HOST, VENV_BIN, wait_until_answering
from servicekit.config import DEV_SECRET_KEY

import load

BENCH = Path(__file__).resolve().parent
REFERENCE_PORT = 7090


@dataclass(frozen=True)
class Measured:
    result: load.LoadResult  # medians of the rounds
    cpu_ms: float  # median CPU milliseconds a request


@dataclass(frozen=True)
class Overhead:
    rounds: int
    paths: dict[str, str]  # label -> path
    figures: dict[str, dict[str, Measured]]  # "service" | "reference" -> label -> figures


def server_cpu_seconds(pid: int) -> float:
    """utime + stime so far of a gunicorn master and its live workers."""
    master = psutil.Process(pid)
    total = 0.0
    for process in (master, *master.children()):
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def measure_cpu(pid: int, url: str, *, connections: int, seconds: float, headers=None):
    """A wrk run against `url`, and the CPU ms per request that `pid`'s server spent on it."""
    before = server_cpu_seconds(pid)
    result = load.run_wrk(url, connections=connections, seconds=seconds, headers=headers)
    spent = server_cpu_seconds(pid) - before
    return result, spent * 1000 / max(result.requests, 1)


class ReferenceService:
    """reference.py under the services' gunicorn settings, on the jobs service's database."""

    def __init__(self, database_url: str, secret_key: str, log_file) -> None:
        self.url = f"http://{HOST}:{REFERENCE_PORT}"
        env = {
            **os.environ,
            "SERVICE": "reference",  # deploy/gunicorn.conf.py: the services' gthread settings
            "DATABASE_URL": database_url,
            "SECRET_KEY": secret_key,
        }
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        command = [
            str(VENV_BIN / "gunicorn"),
            "--config",
            str(GUNICORN_CONFIG),
            "--pythonpath",
            str(BENCH),
            "--bind",
            f"{HOST}:{REFERENCE_PORT}",
            "--workers",
            "2",
            "--log-level",
            "warning",
            "reference:create_app()",
        ]
        self.process = subprocess.Popen(command, env=env, stdout=log_file, stderr=log_file)

    def __enter__(self) -> ReferenceService:
        probe = f"{self.url}/api/v1/jobs?company_id=00000000-0000-0000-0000-000000000000"
        wait_until_answering("reference", self.process, probe, 60)
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=15)


def measure(stack, company_id: str, seconds: float, rounds: int, say) -> Overhead:
    paths = {
        "company by id": f"/api/v1/companies/{company_id}",
        "20 jobs of the largest company": f"/api/v1/jobs?company_id={company_id}",
    }
    jobs = stack.processes["jobs"].pid
    runs: dict[str, dict[str, list]] = {"service": {}, "reference": {}}
    log = stack.log_file
    with ReferenceService(
        stack.database_url("jobs"), stack.envs["jobs"].get("SECRET_KEY") or DEV_SECRET_KEY, log
    ) as reference:
        servers = {
            "service": (jobs, stack.url("jobs")),
            "reference": (reference.process.pid, reference.url),
        }
        for path in paths.values():
            check_same_answer(stack.url("jobs") + path, reference.url + path)
        for round_number in range(1, rounds + 1):
            for label, path in paths.items():
                for name, (pid, base) in servers.items():
                    run = measure_cpu(pid, base + path, connections=16, seconds=seconds)
                    runs[name].setdefault(label, []).append(run)
            say(
                f"overhead round {round_number}: "
                + ", ".join(
                    f"{label}: service {runs['service'][label][-1][1]:.2f} ms CPU, reference "
                    f"{runs['reference'][label][-1][1]:.2f} ms"
                    for label in paths
                )
            )
    return Overhead(
        rounds,
        paths,
        {
            name: {
                label: Measured(
                    load.median_result([r for r, _ in measured]),
                    statistics.median(c for _, c in measured),
                )
                for label, measured in by_label.items()
            }
            for name, by_label in runs.items()
        },
    )


def check_same_answer(service_url: str, reference_url: str) -> None:
    """The reference is only a reference if it serves the same bytes."""

    def fetch(url):
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - 127.0.0.1
            return response.read()

    if fetch(service_url) != fetch(reference_url):
        raise RuntimeError(f"the reference answers {reference_url} unlike the service")
