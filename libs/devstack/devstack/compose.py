"""A compose project's running stack, as the end-to-end tests use a `Stack`: where its
gateway answers, and a service stopped and started again (scripts/containers.sh runs the
journeys through the dev and staging compose stacks this way)."""

from __future__ import annotations

import json
import os
import subprocess
import time


class ComposeStack:
    def __init__(
        self, files: list[str], project: str, gateway_url: str, env_file: str = ""
    ) -> None:
        self.files, self.project, self.gateway_url = files, project, gateway_url
        self.env_file = env_file

    @classmethod
    def from_environment(cls) -> ComposeStack | None:
        """The stack E2E_COMPOSE_PROJECT names (with E2E_COMPOSE_FILE, E2E_COMPOSE_OVERRIDE,
        E2E_COMPOSE_ENV_FILE and E2E_GATEWAY_URL), or None when the tests start their own."""
        project = os.environ.get("E2E_COMPOSE_PROJECT")
        if not project:
            return None
        files = [os.environ["E2E_COMPOSE_FILE"]]
        if os.environ.get("E2E_COMPOSE_OVERRIDE"):
            files.append(os.environ["E2E_COMPOSE_OVERRIDE"])
        env_file = os.environ.get("E2E_COMPOSE_ENV_FILE", "")
        return cls(files, project, os.environ["E2E_GATEWAY_URL"], env_file)

    def url(self, name: str) -> str:
        if name != "gateway":
            raise KeyError(f"only the gateway of a compose stack is published, not {name}")
        return self.gateway_url

    def compose(self, *arguments: str) -> str:
        command = ["docker-compose", "--ansi", "never", "-p", self.project]
        if self.env_file:
            command += ["--env-file", self.env_file]
        for file in self.files:
            command += ["-f", file]
        return subprocess.run(
            [*command, *arguments], check=True, capture_output=True, text=True
        ).stdout

    def stop_service(self, name: str) -> None:
        # A stop by hand: the restart policy leaves it stopped until start_service.
        self.compose("stop", name)

    def start_service(self, name: str, timeout: float = 120) -> None:
        self.compose("start", name)
        (container,) = self.compose("ps", "-q", name).split()
        deadline = time.monotonic() + timeout
        while not self._ready(container):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{name} not healthy {timeout:.0f} s after its start")
            time.sleep(1)

    @staticmethod
    def _ready(container: str) -> bool:
        """Healthy by its health check; running, for an image without one (the dev targets)."""
        state = json.loads(
            subprocess.run(
                ["docker", "inspect", "-f", "{{json .State}}", container],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        if state.get("Health"):
            return state["Health"]["Status"] == "healthy"
        return state["Status"] == "running"
