"""`make dev`'s runner: serves the users flow, stops everything on Ctrl-C, keeps its data."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import requests
from devstack.testing import free_port

ROOT = Path(__file__).resolve().parents[2]


def _start(var_dir: Path, ports: dict[str, int]) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_DATABASE_URL")}
    env["JOBSIGHT_VAR_DIR"] = str(var_dir)
    env.update({f"{name.upper()}_PORT": str(port) for name, port in ports.items()})
    return subprocess.Popen(
        [sys.executable, "-m", "devstack"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_for_banner(process: subprocess.Popen, timeout: float = 240) -> list[str]:
    lines, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "Ctrl-C stops everything" in line:
            return lines
    process.kill()
    pytest.fail("make dev did not come up:\n" + "".join(lines))


def _processes_using(path: Path) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["cmdline"]):
        cmdline = " ".join(process.info["cmdline"] or [])
        if str(path) in cmdline:
            found.append(process)
    return found


def _interrupt(process: subprocess.Popen) -> int:
    process.send_signal(signal.SIGINT)
    try:
        return process.wait(timeout=60)
    finally:
        process.stdout.close()


def test_make_dev_serves_the_suite_then_stops_cleanly_and_keeps_data(var_dir):
    ports = {name: free_port() for name in ("users", "jobs", "reviews", "gateway", "web")}
    base = f"http://127.0.0.1:{ports['users']}"
    web = f"http://127.0.0.1:{ports['web']}"
    runner = _start(var_dir, ports)
    try:
        banner = "".join(_wait_for_banner(runner))
        assert "student@jobsight.dev" in banner
        assert f"Jobsight is running at {web}" in banner  # the web client's address first
        page = requests.get(f"{web}/companies/anything", timeout=10)  # any client route
        assert page.status_code == 200 and '<div id="root">' in page.text
        # One origin: the dev server passes the API (and the JWKS) to the gateway.
        through_web = requests.get(f"{web}/api/v1/companies", timeout=10)
        assert through_web.status_code == 200 and through_web.json()["items"]
        assert requests.get(f"{web}/.well-known/jwks.json", timeout=10).json()["keys"]
        credentials = {"email": "newcomer@example.com", "password": "newcomer password"}
        registered = requests.post(
            f"{base}/api/v1/auth/register",
            json={**credentials, "display_name": "Newcomer"},
            timeout=10,
        )
        assert registered.status_code == 201
        tokens = requests.post(f"{base}/api/v1/auth/login", json=credentials, timeout=10).json()
        me = requests.get(
            f"{base}/api/v1/users/me",
            timeout=10,
            headers={"Authorization": f"Bearer {tokens['access_token']}"},
        )
        assert me.json()["email"] == "newcomer@example.com"
        companies = requests.get(f"http://127.0.0.1:{ports['jobs']}/api/v1/companies", timeout=10)
        assert len(companies.json()["items"]) == 20, "demo companies are loaded"
        # The jobs service verifies the users service's tokens through its JWKS.
        created = requests.post(
            f"http://127.0.0.1:{ports['jobs']}/api/v1/companies",
            json={"name": "Newco"},
            headers={"Authorization": f"Bearer {tokens['access_token']}"},
            timeout=10,
        )
        assert created.status_code == 201
        reviews = f"http://127.0.0.1:{ports['gateway']}"  # through the gateway
        company_id = companies.json()["items"][0]["id"]
        summary = requests.get(
            f"{reviews}/api/v1/reviews/summary", params={"company_id": company_id}, timeout=10
        ).json()
        assert summary["count"] > 0, "demo reviews are loaded"
        groups = requests.get(
            f"{reviews}/api/v1/salaries/stats", params={"company_id": company_id}, timeout=10
        ).json()["groups"]
        assert any(group["median"] is not None for group in groups), "demo salaries show figures"
        spec = requests.get(f"{reviews}/api/openapi.json", timeout=10).json()
        assert {"/api/v1/auth/login", "/api/v1/companies", "/api/v1/reviews"} <= set(spec["paths"])
        assert requests.get(f"{reviews}/api/docs/", timeout=10).status_code == 200

        # A second make dev beside it refuses before touching anything: it used to reuse the
        # first one's database, then stop it on its way out.
        beside = _start(var_dir, ports)
        output, _ = beside.communicate(timeout=60)
        assert beside.returncode == 1
        assert "is in use: is another stack running?" in output
        assert "PostgreSQL" not in output
        still = requests.post(f"{base}/api/v1/auth/login", json=credentials, timeout=10)
        assert still.status_code == 200, "the first stack's database still runs"
    finally:
        assert _interrupt(runner) == 0
    assert _processes_using(var_dir) == []
    for stopped in (base, web):
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{stopped}/healthz", timeout=2)

    second = _start(var_dir, ports)
    try:
        _wait_for_banner(second)
        again = requests.post(f"{base}/api/v1/auth/login", json=credentials, timeout=10)
        assert again.status_code == 200, "the second make dev reuses the first one's data"
    finally:
        assert _interrupt(second) == 0
    assert _processes_using(var_dir) == []
