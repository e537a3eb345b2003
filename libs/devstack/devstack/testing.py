"""What the end-to-end tests and the browser journeys share: free ports, state directories
another user can reach, and a whole stack started for a test session."""

from __future__ import annotations

import shutil
import socket
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import requests

from .stack import DEFAULT_PORTS, Stack

# Every visitor of these tests comes from 127.0.0.1: the per-client registration and
# sign-in limits would count them as one person (tests/gateway checks those limits).
ONE_ADDRESS = {"REGISTER_LIMIT_PER_MINUTE": "1000", "LOGIN_LIMIT_PER_CLIENT_PER_MINUTE": "1000"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def state_directory(prefix: str) -> Path:
    # Outside pytest's own temporary tree: the embedded PostgreSQL runs as another user that
    # must traverse the path, and pytest resets its tree to mode 0700 whenever another
    # pytest session starts on the machine.
    return Path(tempfile.mkdtemp(prefix=prefix))


def running_stack(prefix: str, extra_env: dict[str, str], *, seed: bool = False) -> Iterator[Stack]:
    """A stack on free ports (with the demo data if `seed`), stopped and removed after."""
    directory = state_directory(prefix)
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
        running.start(seed=seed)
        yield running
    finally:
        running.stop()
        log.close()
        shutil.rmtree(directory, ignore_errors=True)


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
