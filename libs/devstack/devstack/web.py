"""The web client beside a stack, passing `/api` and `/.well-known` to the stack's gateway so
the browser sees one origin: in `make dev` Vite's dev server on 127.0.0.1:WEB_PORT (5173);
for the browser journeys the production build (web/dist, `scripts/web.sh build`) served by
nginx with the web image's own configuration (deploy/web), security headers included."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from .output import say
from .stack import HOST, ROOT, Stack, wait_until_answering

DEFAULT_WEB_PORT = 5173
FIRST_START_TIMEOUT = 300  # seconds: the first start installs the client's packages
SITE_CONFIG = ROOT / "deploy" / "web"


def web_port() -> int:
    return int(os.environ.get("WEB_PORT", DEFAULT_WEB_PORT))


def web_url() -> str:
    return f"http://{HOST}:{web_port()}"


def start_web(stack: Stack, *, port: int | None = None, served: str = "dev") -> str:
    """Start the client as one of the stack's processes (so it stops with the rest) and wait
    until it answers; its URL.

    `served` is "dev" (the dev server, rebuilding as files change) or "nginx" (web/dist as
    the web image serves it).
    """
    url = launch_web(stack, port=port, served=served)
    wait_for_web(stack, url)
    return url


def launch_web(stack: Stack, *, port: int | None = None, served: str = "dev") -> str:
    """Start the client without waiting (it needs no API to start); its URL."""
    port = port or web_port()
    url = f"http://{HOST}:{port}"
    say(f"starting the web client on {url}")
    if served == "nginx":
        command = [
            nginx_path(),
            "-p",
            str(stack.var / "web"),
            "-c",
            str(_nginx_config(stack, port)),
        ]
    else:
        command = [str(ROOT / "scripts" / "web.sh"), "dev"]
    env = {**os.environ, "WEB_PORT": str(port), "GATEWAY_URL": stack.url("gateway")}
    process = subprocess.Popen(
        command,
        env=env,
        start_new_session=True,  # Ctrl-C reaches the runner, which stops things in order
        stdout=stack.log_file,
        stderr=stack.log_file,
    )
    stack.processes["web"] = process
    return url


def wait_for_web(stack: Stack, url: str) -> None:
    wait_until_answering("the web client", stack.processes["web"], url + "/", FIRST_START_TIMEOUT)


def chromium_path() -> str:
    """The Chromium the journeys and the web benchmark drive (Playwright's own download
    cannot reach its servers from here)."""
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not os.access(path, os.X_OK):
        raise RuntimeError(
            f"no Chromium at {path}: `make test` installs Debian's chromium when run as root; "
            "otherwise `sudo apt-get install chromium`, or set CHROMIUM_PATH"
        )
    return path


def nginx_path() -> str:
    path = os.environ.get("NGINX_PATH") or shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.access(path, os.X_OK):
        raise RuntimeError(
            "no nginx: `make test` installs Debian's nginx-light as root; otherwise install "
            "it (sudo apt-get install nginx-light) or set NGINX_PATH"
        )
    return path


def _nginx_config(stack: Stack, port: int) -> Path:
    """The image's site.conf and api-proxy.conf with only addresses and paths changed: the
    port, web/dist for the image's html folder, and the stack's gateway for `gateway:8000`."""
    here = stack.var / "web"
    (here / "jobsight" / "api.d").mkdir(parents=True, exist_ok=True)
    (here / "logs").mkdir(exist_ok=True)
    shutil.copy(SITE_CONFIG / "security-headers.conf", here / "jobsight" / "security-headers.conf")
    gateway = stack.url("gateway").removeprefix("http://")
    api = (SITE_CONFIG / "api-proxy.conf").read_text().replace("gateway:8000", gateway)
    (here / "jobsight" / "api.d" / "api-proxy.conf").write_text(api)
    site = (
        (SITE_CONFIG / "site.conf")
        .read_text()
        .replace("listen 8080;", f"listen {HOST}:{port};")
        .replace("/usr/share/nginx/html", str(ROOT / "web" / "dist"))
        .replace("/etc/nginx/jobsight/", f"{here}/jobsight/")
    )
    main = here / "nginx.conf"
    main.write_text(
        # As root, workers would run as nobody, who cannot enter the test's private folders.
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\nworker_processes 1;\npid {here}/nginx.pid;\n"
        + f"error_log {here}/logs/error.log warn;\n"
        + "events { worker_connections 256; }\n"
        + "http {\n"
        + "    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
        + f"    access_log off;\n    client_body_temp_path {here}/body;\n"
        + f"    proxy_temp_path {here}/proxy;\n    fastcgi_temp_path {here}/fastcgi;\n"
        + f"    uwsgi_temp_path {here}/uwsgi;\n    scgi_temp_path {here}/scgi;\n"
        + site
        + "}\n"
    )
    return main
