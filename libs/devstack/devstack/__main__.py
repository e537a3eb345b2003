"""`make dev` (`python -m devstack`): start the stack, print how to use it, wait for Ctrl-C.

Ctrl-C (or SIGTERM) stops the web client's dev server, the gateway and services, then the
database, leaving no process behind.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .output import say
from .signals import Stop, stop_on_signals
from .stack import DEFAULT_PORTS, ROOT, SERVICES, Stack
from .web import launch_web, wait_for_web, web_port, web_url


def _example_company(stack: Stack) -> str | None:
    """The demo company with the most jobs, to show a newcomer a populated summary."""
    try:
        url = f"{stack.url('gateway')}/api/v1/companies?sort=-job_count&limit=1"
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own service
            items = json.load(response)["items"]
    except (urllib.error.URLError, OSError, ValueError, KeyError):
        return None
    return items[0]["id"] if items else None


def print_banner(stack: Stack) -> None:
    gateway = stack.url("gateway")
    say(f"Jobsight is running at {web_url()}  (the web client)")
    say(f"  API      {gateway}  (docs: {gateway}/api/docs)")
    for service in SERVICES:
        if service.has_database:
            say(f"  {service.name:<8} {stack.url(service.name)}  (direct, for debugging)")
    broker = "embedded (PostgreSQL)" if stack.broker_url().startswith("sqla+") else "RabbitMQ"
    say(f"  events   a worker per service, broker: {broker}")
    endpoint = os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
    traces = f"to {endpoint} (OTLP)" if endpoint else "not sent (OTEL_EXPORTER_OTLP_ENDPOINT)"
    say(f"  traces   {traces}")
    example = _example_company(stack)
    if example:
        say(f"  try: curl -s '{gateway}/api/v1/reviews/summary?company_id={example}'")
        say(f"       curl -s '{gateway}/api/v1/salaries/stats?company_id={example}'")
    from users.cli import DEMO_ACCOUNTS  # the accounts `flask seed-demo` creates

    for email, password, _, role in DEMO_ACCOUNTS:
        say(f"  demo {role:<5} {email} / {password}")
    say("Ctrl-C stops everything.")


def main() -> int:
    stop_on_signals()
    ports = {
        name: int(os.environ.get(f"{name.upper()}_PORT", port))
        for name, port in DEFAULT_PORTS.items()
    }
    urls = {s.name: os.environ.get(f"{s.name.upper()}_DATABASE_URL") or "" for s in SERVICES}
    stack = Stack(
        Path(os.environ.get("JOBSIGHT_VAR_DIR", ROOT / "var")),
        ports,
        {name: url for name, url in urls.items() if url},
    )
    try:
        stack.refuse_taken_ports({"web client": web_port()})
        # The client's dev server needs nothing of the API to start: it starts meanwhile.
        web = launch_web(stack)
        stack.start()
        with stack.timings.step("web client"):
            wait_for_web(stack, web)
        say(f"ready in {stack.timings.summary()}")
        print_banner(stack)
        while stack.running():
            time.sleep(0.5)
        say("a process stopped unexpectedly; shutting down")
        return 1
    except Stop:
        return 0
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        say(f"failed: {exc}")
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
