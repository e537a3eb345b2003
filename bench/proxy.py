"""nginx as the reference reverse proxy: plain proxy_pass with a keep-alive upstream pool."""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

# The same process count as the gateway (2 gunicorn workers), an access log as the gateway
# keeps one, and upstream connections kept alive, as nginx is run in front of real services.
CONFIG = """
worker_processes {workers};
daemon off;
pid {var}/nginx.pid;
error_log {var}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {var}/access.log combined buffer=64k flush=1s;
    client_body_temp_path {var}/tmp/body;
    proxy_temp_path {var}/tmp/proxy;
    fastcgi_temp_path {var}/tmp/fastcgi;
    uwsgi_temp_path {var}/tmp/uwsgi;
    scgi_temp_path {var}/tmp/scgi;
    upstream service {{
        server {upstream};
        keepalive 32;
    }}
    server {{
        listen {listen};
        location / {{
            proxy_pass http://service;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}
}}
"""


def nginx_path() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if found is None:
        raise RuntimeError("nginx is not installed (bench/run.py installs it with apt-get)")
    return found


class Nginx:
    def __init__(self, var: Path, listen: str, upstream: str, workers: int = 2) -> None:
        self.var, self.listen = var, listen
        (var / "tmp").mkdir(parents=True, exist_ok=True)
        self.config = var / "nginx.conf"
        self.config.write_text(
            CONFIG.format(var=var, listen=listen, upstream=upstream, workers=workers)
        )
        self.process: subprocess.Popen | None = None

    def version(self) -> str:
        done = subprocess.run([nginx_path(), "-v"], capture_output=True, text=True, check=True)
        return done.stderr.strip().removeprefix("nginx version: ")

    @property
    def pid(self) -> int:
        """The master's (it runs in the foreground; its workers are its children)."""
        return self.process.pid

    def __enter__(self) -> Nginx:
        command = [nginx_path(), "-p", str(self.var), "-c", str(self.config)]
        subprocess.run([*command, "-t", "-q"], check=True)
        self.process = subprocess.Popen(command)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://{self.listen}/healthz", timeout=1):
                    return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        raise RuntimeError("nginx did not start")

    def __exit__(self, *exc) -> None:
        if self.process is not None:
            self.process.terminate()  # SIGTERM: nginx's fast shutdown
            self.process.wait(timeout=10)
