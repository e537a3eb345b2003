"""deploy/gunicorn.conf.py picks each image's worker: threads for the services, uvicorn's
event loop for the gateway. A wrong class name would only fail when a container starts."""

import runpy
from pathlib import Path

import pytest
from gunicorn.util import load_class

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


def settings_for(service: str, monkeypatch) -> dict:
    monkeypatch.setenv("SERVICE", service)
    return runpy.run_path(str(CONFIG))


@pytest.mark.parametrize("service", ["users", "jobs", "reviews"])
def test_services_run_on_threads(service, monkeypatch):
    settings = settings_for(service, monkeypatch)
    assert settings["worker_class"] == "gthread"
    assert settings["threads"] == 4
    assert settings["wsgi_app"] == f"{service}:create_app()"


def test_the_gateway_runs_on_its_event_loop_worker(monkeypatch):
    settings = settings_for("gateway", monkeypatch)
    worker = load_class(settings["worker_class"])
    assert worker.__name__ == "GatewayWorker"
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    # httptools (llhttp, in C), with the gateway's header timeout and size limits on top.
    assert issubclass(worker.CONFIG_KWARGS["http"], HttpToolsProtocol)
    assert worker.CONFIG_KWARGS["proxy_headers"] is False  # X-Forwarded-For is the gateway's
    assert "threads" not in settings


def test_gunicorn_starts_without_a_control_server_where_home_is_unwritable(tmp_path):
    """As in the images, whose user has no home: gunicorn 25+ would log a control-server
    error there, and make dev's several masters would share one control socket path."""
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    (tmp_path / "tinyapp.py").write_text(
        "def app(environ, start_response):\n"
        "    start_response('200 OK', [('Content-Type', 'text/plain')])\n"
        "    return [b'ok']\n"
    )
    port = None
    env = {
        **os.environ,
        "SERVICE": "users",
        "HOME": str(tmp_path / "no-such-home"),
        "WEB_CONCURRENCY": "1",
        "PYTHONPATH": str(tmp_path),
    }
    env.pop("XDG_RUNTIME_DIR", None)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "-c", str(CONFIG), "--bind", "127.0.0.1:0", "tinyapp:app"],
        env=env,
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = []
        for line in server.stderr:
            lines.append(line)
            if "Listening at:" in line:
                port = line.rsplit(":", 1)[1].split()[0]
            if "Booting worker" in line:
                break
        url = f"http://127.0.0.1:{port}/"
        for _ in range(50):
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    assert response.read() == b"ok"
                    break
            except OSError:
                time.sleep(0.1)
    finally:
        server.terminate()
        _, rest = server.communicate(timeout=20)
    output = "".join(lines) + rest
    assert "Control server error" not in output, output
    assert not (tmp_path / "no-such-home").exists()
