"""The whole suite as separate processes on 127.0.0.1: what `make dev` runs.

One PostgreSQL server under var/postgres with a database and a role per service, every
migration, each service and the gateway under gunicorn (the images' settings), each
service's events worker (`flask worker`), and the demo data. The events travel through
kombu's SQLAlchemy transport on a database of that same server, unless EVENT_BROKER_URL
names a broker (RabbitMQ). The end-to-end tests and the benchmark drive the same `Stack`,
so what they test is what `make dev` runs. A service whose database URL is given uses that database
instead of the embedded one.
"""

from __future__ import annotations

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

import psycopg2

from .output import Timings, say
from .postgres import EmbeddedPostgres


def _repository_root() -> Path:
    # The workspace installs this package in place (editable), so its files sit in the
    # repository: the root is the nearest folder above holding the lock file.
    here = Path(__file__).resolve()
    return next(folder for folder in here.parents if (folder / "uv.lock").exists())


ROOT = _repository_root()
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
DEFAULT_PORTS = {"users": 5001, "jobs": 5002, "reviews": 5003, "gateway": 8080}


@dataclass(frozen=True)
class Service:
    name: str
    has_database: bool = True  # the gateway has none: no migration, no demo data
    # True when the database already holds what `flask seed-demo` would load: the loader's
    # own "unless ..." rule, asked without starting a process (an app's imports take
    # seconds). When it says no, the loader runs and decides for itself.
    demo_loaded_sql: str | None = None


# The images' gunicorn settings (worker class per service, threads, keep-alive), so what
# runs here is what is deployed; the command line below overrides only address and size.
GUNICORN_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"

# Order matters: reviews' demo loader reads the jobs the running jobs service lists.
SERVICES = [
    # The users loader's two accounts (users.cli.DEMO_ACCOUNTS).
    Service(
        "users", demo_loaded_sql="SELECT count(*) >= 2 FROM users WHERE email LIKE '%@jobsight.dev'"
    ),
    Service("jobs", demo_loaded_sql="SELECT EXISTS (SELECT 1 FROM companies)"),
    Service("reviews", demo_loaded_sql="SELECT EXISTS (SELECT 1 FROM reviews)"),
    Service("gateway", False),
]


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
        self.postgres = EmbeddedPostgres(self.var, postgres_settings)  # ALTER SYSTEM settings
        self.processes: dict[str, subprocess.Popen] = {}
        self.envs: dict[str, dict[str, str]] = {}
        self._broker_url: str | None = None
        self.timings = Timings()  # how long each step of prepare() and start() took

    def url(self, name: str) -> str:
        return f"http://{HOST}:{self.ports[name]}"

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
                # One per process family: each /metrics adds up its own workers only.
                "PROMETHEUS_MULTIPROC_DIR": str(self.var / "prometheus" / service.name),
            }
        )
        env.update(self.extra_env)
        env["EVENT_BROKER_URL"] = self.broker_url()
        if service.has_database:
            env["DATABASE_URL"] = self.database_urls.get(service.name) or self.postgres.provision(
                service.name
            )
        return env

    def broker_url(self) -> str:
        """The events' broker: EVENT_BROKER_URL, or the embedded server's `events` database."""
        if self._broker_url is None:
            configured = self.extra_env.get("EVENT_BROKER_URL") or os.environ.get(
                "EVENT_BROKER_URL"
            )
            self._broker_url = configured or (
                "sqla+postgresql+psycopg2://" + self.postgres.provision("events").split("://", 1)[1]
            )
        return self._broker_url

    def _flask_all(self, commands, doing: str | None = None) -> None:
        """Run `flask <args>` for every (service, args) at once; fail if any of them fails."""
        running = []
        for service, args in commands:
            if doing:
                say(f"{doing} {service.name}")
            command = [str(VENV_BIN / "flask"), "--app", service.name, *args]
            running.append((command, subprocess.Popen(command, env=self.envs[service.name])))
        finished = [(command, process.wait()) for command, process in running]
        for command, code in finished:
            if code != 0:
                raise subprocess.CalledProcessError(code, command)

    def start_service(self, name: str) -> None:
        """Start one service and wait until it answers."""
        self.launch_service(name)
        self._wait_until_up(name)

    def launch_service(self, name: str) -> None:
        """Start one service's gunicorn; `_wait_until_up` tells when it answers."""
        service = next(s for s in SERVICES if s.name == name)
        _refuse_taken({name: self.ports[name]})  # else the readiness wait would see the other
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

    def _prepare_embedded_broker(self) -> None:
        """Create the embedded transport's tables and queues once, before the workers start:
        three workers creating them at the same moment would race on the same names."""
        url = self.broker_url()
        if not url.startswith("sqla+"):
            return
        from servicekit.events.topology import Topology
        from servicekit.events.transport import broker_connection

        namespace = self.extra_env.get("EVENTS_NAMESPACE") or os.environ.get("EVENTS_NAMESPACE")
        with broker_connection(url) as connection:
            Topology(namespace or "jobsight").declare(connection.channel())

    def start_worker(self, name: str) -> None:
        """The service's events worker: its outbox relay and its consumer."""
        say(f"starting {name} worker")
        self.processes[f"{name}-worker"] = subprocess.Popen(
            [str(VENV_BIN / "flask"), "--app", name, "worker"],
            env=self.envs[name],
            start_new_session=True,
            stdout=self.log_file,
            stderr=self.log_file,
        )

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
        # The gateway is up when it answers; its /readyz depends on the others.
        probe = "/healthz" if name == "gateway" else "/readyz"
        wait_until_answering(name, self.processes[name], self.url(name) + probe, timeout)

    def configure(self) -> None:
        """Every process's settings (databases and roles provisioned), nothing run yet."""
        metrics_dir = self.var / "prometheus"
        shutil.rmtree(metrics_dir, ignore_errors=True)  # per-run files of the workers
        for service in SERVICES:  # before any process of the service writes its metrics
            (metrics_dir / service.name).mkdir(parents=True)
        for service in SERVICES:
            self.envs[service.name] = self._env(service)

    def refuse_taken_ports(self, others: dict[str, int] | None = None) -> None:
        """Before anything starts: on a taken port this is most likely a second stack, which
        would reuse the first one's database and stop it on its way out."""
        _refuse_taken({**self.ports, **(others or {})})

    def prepare(self) -> None:
        """Configured, and every migration run; nothing started yet."""
        self.refuse_taken_ports()
        with self.timings.step("database"):
            self.configure()
        with self.timings.step("migrations"):
            # Only where a database is behind (an app's imports take seconds), side by side.
            behind = [s for s in SERVICES if s.has_database and not self._migrated(s)]
            self._flask_all([(s, ("db", "upgrade")) for s in behind], "migrating")

    def _migrated(self, service: Service) -> bool:
        """Whether the service's database is at its migrations' heads already."""
        from servicekit.migrations import heads_of

        heads = heads_of(str(ROOT / "services" / service.name / "migrations"))
        try:
            current = {
                row[0] for row in self._query(service, "SELECT version_num FROM alembic_version")
            }
        except psycopg2.Error:  # a new database: no alembic_version yet
            return False
        return current == heads

    def _query(self, service: Service, sql: str) -> list[tuple]:
        connection = psycopg2.connect(self.database_url(service.name))
        try:
            with connection, connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall()
        finally:
            connection.close()

    def _demo_loaded(self, service: Service) -> bool:
        return bool(self._query(service, service.demo_loaded_sql)[0][0])

    def database_url(self, name: str) -> str:
        return self.envs[name]["DATABASE_URL"]

    def start(self, *, seed: bool = True) -> None:
        if not self.envs:
            self.prepare()
        with self.timings.step("services"):
            # Every gunicorn at once, then the waits: start-up is imports, once per process.
            for service in SERVICES:
                self.launch_service(service.name)
            for service in SERVICES:
                self._wait_until_up(service.name)
        if seed:
            with self.timings.step("demo data"):
                # After start-up: reviews' loader reads the jobs the jobs service lists.
                missing = [s for s in SERVICES if s.has_database and not self._demo_loaded(s)]
                first = [s for s in missing if s.name != "reviews"]
                rest = [s for s in missing if s.name == "reviews"]
                for group in (first, rest):
                    self._flask_all([(s, ("seed-demo",)) for s in group], "loading demo data of")
        self.start_workers()

    def start_workers(self) -> None:
        """Every service's events worker; not waited for: serving needs none of them."""
        with self.timings.step("event workers"):
            self._prepare_embedded_broker()
            for service in SERVICES:
                if service.has_database:
                    self.start_worker(service.name)

    def stop(self) -> None:
        for name in reversed(list(self.processes)):
            self.stop_service(name)
        self.postgres.stop()

    def running(self) -> bool:
        return all(process.poll() is None for process in self.processes.values())


def wait_until_answering(name: str, process, url: str, timeout: float) -> None:
    """Return once `url` answers 200; fail when `process` exits first or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - 127.0.0.1
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{name} was not ready within {timeout:.0f} s")


def _refuse_taken(ports: dict[str, int]) -> None:
    taken = [f"{port} ({name})" for name, port in ports.items() if _answers(HOST, port)]
    if taken:
        raise RuntimeError(f"port {', '.join(taken)} is in use: is another stack running?")


def _answers(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=0.5).close()
    except OSError:
        return False
    return True
