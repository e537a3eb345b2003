"""The web client beside a stack: in `make dev` Vite's dev server on 127.0.0.1:WEB_PORT
(5173); for the browser journeys the production build, served by `vite preview`. Either
passes `/api` and `/.well-known` to the stack's gateway, so the browser sees one origin."""

from __future__ import annotations

import os
import subprocess

from .output import say
from .stack import HOST, ROOT, Stack, wait_until_answering

DEFAULT_WEB_PORT = 5173
FIRST_START_TIMEOUT = 300  # seconds: the first start installs the client's packages


def web_port() -> int:
    return int(os.environ.get("WEB_PORT", DEFAULT_WEB_PORT))


def web_url() -> str:
    return f"http://{HOST}:{web_port()}"


def start_web(stack: Stack, *, port: int | None = None, served: str = "dev") -> str:
    """Start the client as one of the stack's processes (so it stops with the rest); its URL.

    `served` is "dev" (the dev server, rebuilding as files change) or "preview" (web/dist,
    which `scripts/web.sh build` makes).
    """
    port = port or web_port()
    url = f"http://{HOST}:{port}"
    say(f"starting the web client on {url}")
    env = {**os.environ, "WEB_PORT": str(port), "GATEWAY_URL": stack.url("gateway")}
    process = subprocess.Popen(
        [str(ROOT / "scripts" / "web.sh"), served],
        env=env,
        start_new_session=True,  # Ctrl-C reaches the runner, which stops things in order
        stdout=stack.log_file,
        stderr=stack.log_file,
    )
    stack.processes["web"] = process
    wait_until_answering("the web client", process, url + "/", FIRST_START_TIMEOUT)
    return url
