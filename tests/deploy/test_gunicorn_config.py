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
