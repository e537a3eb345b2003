from __future__ import annotations

import shutil
import socket
import tempfile
from pathlib import Path

import pytest
from devstack import DEFAULT_PORTS, Stack


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


@pytest.fixture(scope="session")
def stack():
    """Every service and the gateway as separate gunicorn processes on real PostgreSQL,
    started exactly as `make dev` starts them (without the demo data), on free ports."""
    directory = _state_directory("jobsight-e2e-stack-")
    running = Stack(directory / "var", {name: free_port() for name in DEFAULT_PORTS})
    try:
        running.start(seed=False)
        yield running
    finally:
        running.stop()
        shutil.rmtree(directory, ignore_errors=True)
