"""The observability pieces of the compose stacks and the dashboard, checked offline: every
process sends its spans to the collector, the collector's pipeline is whole, Prometheus
scrapes every process that serves /metrics, and the dashboard asks only for series the
code exports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
OBSERVABILITY = ROOT / "deploy" / "observability"
APPS = ("users", "jobs", "reviews", "gateway")
WORKERS = ("users-worker", "jobs-worker", "reviews-worker")


def _services(name: str) -> dict:
    return yaml.safe_load((ROOT / name).read_text())["services"]


@pytest.mark.parametrize("compose", ["docker-compose-dev.yml", "docker-compose-staging.yml"])
def test_every_process_sends_its_spans_to_the_stacks_collector(compose):
    services = _services(compose)
    assert {"otel-collector", "jaeger", "prometheus"} <= set(services)
    for name in APPS + WORKERS:
        environment = services[name]["environment"]
        assert environment["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://otel-collector:4318", name
        assert 0 < float(environment["OTEL_TRACES_SAMPLER_ARG"]) <= 1
    mounts = " ".join(services["otel-collector"]["volumes"])
    assert "./deploy/observability/otel-collector.yaml:" in mounts
    assert "./deploy/observability/prometheus.yml:" in " ".join(services["prometheus"]["volumes"])


def _pipeline_is_whole(config: dict) -> None:
    for pipeline in config["service"]["pipelines"].values():
        for part in ("receivers", "processors", "exporters"):
            for name in pipeline.get(part, []):
                assert name in config[part], f"{part}: {name} is used but not defined"


def test_the_collectors_pipeline_receives_otlp_and_exports_to_jaeger():
    config = yaml.safe_load((OBSERVABILITY / "otel-collector.yaml").read_text())
    _pipeline_is_whole(config)
    traces = config["service"]["pipelines"]["traces"]
    assert traces["receivers"] == ["otlp"]
    assert config["receivers"]["otlp"]["protocols"]["http"]["endpoint"].endswith(":4318")
    (exporter,) = traces["exporters"]
    host = config["exporters"][exporter]["endpoint"].split(":")[0]
    assert host in _services("docker-compose-dev.yml")


@pytest.mark.parametrize("name", ["adot-xray.yaml", "adot-otlp.yaml"])
def test_the_ecs_sidecar_configurations_are_whole_and_listen_on_the_loopback(name):
    config = yaml.safe_load((OBSERVABILITY / name).read_text())
    _pipeline_is_whole(config)
    assert config["receivers"]["otlp"]["protocols"]["http"]["endpoint"] == "127.0.0.1:4318"


def test_prometheus_scrapes_every_process_that_serves_metrics():
    config = yaml.safe_load((OBSERVABILITY / "prometheus.yml").read_text())
    targets = {
        target
        for job in config["scrape_configs"]
        for static in job["static_configs"]
        for target in static["targets"]
    }
    assert {f"{name}:8000" for name in APPS} | {"rabbitmq:15692"} <= targets
    services = _services("docker-compose-dev.yml")
    assert {target.split(":")[0] for target in targets} <= set(services)


def _metrics_the_code_exports() -> set[str]:
    names = set()
    for path in [*(ROOT / "libs").rglob("*.py"), *(ROOT / "gateway").rglob("*.py")]:
        text = path.read_text()
        names |= set(re.findall(r"(?:Counter|Gauge|Histogram)\(\s*\"([a-z_]+)\"", text))
        for part, name in re.findall(r"\(\"(outbox|inbox)\", \"([a-z_]+)\"\)", text):
            names.add(f"jobsight_{part}_{name}")
    return names


def test_the_dashboard_shows_the_four_golden_signals_from_series_the_code_exports():
    dashboard = json.loads((OBSERVABILITY / "grafana" / "golden-signals.json").read_text())
    exported = _metrics_the_code_exports()
    assert {"http_requests_total", "gateway_requests_total", "db_pool_size"} <= exported
    panels = [panel for panel in dashboard["panels"] if panel["type"] != "row"]
    for signal in ("Traffic", "Errors", "Latency", "Saturation"):
        assert [p for p in panels if p["title"].startswith(signal)], signal
    for panel in panels:
        for target in panel["targets"]:
            for series in re.findall(r"\b([a-z_]+)(?:\{|\[)", target["expr"]):
                base = re.sub(r"_(bucket|count|sum)$", "", series)
                from_broker = series.startswith("rabbitmq_")  # RabbitMQ's own exporter
                assert from_broker or base in exported or series in exported, series
