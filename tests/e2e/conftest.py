from __future__ import annotations

import shutil
import socket
import tempfile
import urllib.parse
import uuid
from pathlib import Path

import pytest
import requests
from devstack import DEFAULT_PORTS, Stack
from servicekit.testing import CuttableProxy, OtlpReceiver, rabbitmq_url_or_skip
from servicekit.testing.brokers import delete_namespace


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _state_directory(prefix: str) -> Path:
    # Outside pytest's own temporary tree: the embedded PostgreSQL runs as another user that
    # must traverse the path, and pytest resets its tree to mode 0700 whenever another
    # pytest session starts on the machine.
    return Path(tempfile.mkdtemp(prefix=prefix))


@pytest.fixture
def var_dir():
    directory = _state_directory("jobsight-e2e-")
    yield directory / "var"
    shutil.rmtree(directory, ignore_errors=True)


# Every visitor of these tests comes from 127.0.0.1: the per-client registration and
# sign-in limits would count them as one person (tests/gateway checks those limits).
ONE_ADDRESS = {"REGISTER_LIMIT_PER_MINUTE": "1000", "LOGIN_LIMIT_PER_CLIENT_PER_MINUTE": "1000"}


def _running_stack(prefix: str, extra_env: dict[str, str]):
    directory = _state_directory(prefix)
    # The processes' output goes to a file a failing test can quote (a session-wide stack's
    # output would otherwise land in whichever test happened to run when it was written).
    log = open(directory / "processes.log", "w")  # noqa: SIM115 - closed below
    running = Stack(
        directory / "var",
        {name: free_port() for name in DEFAULT_PORTS},
        extra_env=extra_env,
        log_file=log,
    )
    running.log_path = Path(log.name)
    try:
        running.start(seed=False)
        yield running
    finally:
        running.stop()
        log.close()
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def collector():
    """A stand-in OpenTelemetry collector the session's stack exports its spans to."""
    receiver = OtlpReceiver()
    yield receiver
    receiver.close()


# Spans leave in batches every 100 ms instead of every 5 s: the tests wait for them.
def traced_by(collector: OtlpReceiver) -> dict[str, str]:
    return {"OTEL_EXPORTER_OTLP_ENDPOINT": collector.url, "OTEL_BSP_SCHEDULE_DELAY": "100"}


@pytest.fixture(scope="session")
def stack(collector):
    """Every service, worker and the gateway as separate processes on real PostgreSQL,
    started exactly as `make dev` starts them (without the demo data), on free ports; the
    events travel on the embedded transport, as in `make dev`, and every process exports
    its spans to `collector`."""
    yield from _running_stack("jobsight-e2e-stack-", {**ONE_ADDRESS, **traced_by(collector)})


@pytest.fixture(scope="session")
def broker_link():
    """The RabbitMQ that CI runs (RABBITMQ_URL), reached through a link a test can cut."""
    url = rabbitmq_url_or_skip()
    parts = urllib.parse.urlsplit(url)
    proxy = CuttableProxy((parts.hostname or "127.0.0.1", parts.port or 5672))
    credentials = f"{parts.username or 'guest'}:{parts.password or 'guest'}"
    yield proxy, f"amqp://{credentials}@127.0.0.1:{proxy.port}{parts.path or '//'}"
    proxy.close()


@pytest.fixture(scope="session")
def rabbitmq_stack(broker_link, collector):
    """The same stack with its events on RabbitMQ, under a namespace of its own."""
    url = broker_link[1]
    namespace = f"e2e-{uuid.uuid4().hex[:8]}"
    env = {
        **ONE_ADDRESS,
        **traced_by(collector),
        "EVENT_BROKER_URL": url,
        "EVENTS_NAMESPACE": namespace,
    }
    yield from _running_stack("jobsight-e2e-rabbitmq-", env)
    delete_namespace(rabbitmq_url_or_skip(), namespace)


@pytest.fixture
def visitor(stack):
    """A new person using the API through the stack's gateway: `visitor()`."""
    return lambda: Visitor(stack.url("gateway"))


@pytest.fixture
def rabbitmq_visitor(rabbitmq_stack):
    """A new person using the RabbitMQ stack's gateway."""
    return lambda: Visitor(rabbitmq_stack.url("gateway"))


class Visitor:
    """One person using the API through the gateway, as the React client would."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.session = requests.Session()
        self.tokens: dict = {}

    def call(self, method: str, path: str, **kwargs) -> requests.Response:
        return self.session.request(method, self.base + path, timeout=10, **kwargs)

    def sign_up(self) -> dict:
        self.email = f"student-{uuid.uuid4().hex[:8]}@example.com"
        account = self.call(
            "POST",
            "/api/v1/auth/register",
            json={"email": self.email, "password": "a long password", "display_name": "Student"},
        )
        assert account.status_code == 201, account.text
        self.log_in()
        return account.json()

    def log_in(self) -> None:
        response = self.call(
            "POST", "/api/v1/auth/login", json={"email": self.email, "password": "a long password"}
        )
        assert response.status_code == 200, response.text
        self.use(response.json())

    def add_job(self, company_name: str, title: str = "Data Analyst") -> str:
        """A new company of `company_name` (made unique) with one co-op job: the job's id."""
        company = self.call(
            "POST", "/api/v1/companies", json={"name": f"{company_name} {uuid.uuid4().hex[:6]}"}
        )
        assert company.status_code == 201, company.text
        job = self.call(
            "POST",
            "/api/v1/jobs",
            json={"company_id": company.json()["id"], "title": title, "employment_type": "co-op"},
        )
        assert job.status_code == 201, job.text
        return job.json()["id"]

    def use(self, tokens: dict) -> None:
        self.tokens = tokens
        self.session.headers["Authorization"] = f"Bearer {tokens['access_token']}"
