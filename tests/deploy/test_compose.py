"""What the compose files promise, beyond their schema."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def load(name):
    return yaml.safe_load((ROOT / name).read_text())["services"]


OBSERVABILITY_UIS = {"jaeger", "prometheus", "grafana"}


def test_dev_publishes_only_the_gateway_and_migrates_before_each_service():
    services = load("docker-compose-dev.yml")
    published = {name: spec["ports"] for name, spec in services.items() if spec.get("ports")}
    assert set(published) == {"gateway"} | OBSERVABILITY_UIS
    # The operator tools listen on the host's loopback only; the API on the gateway.
    for name in OBSERVABILITY_UIS:
        assert all(port.startswith("127.0.0.1:") for port in published[name]), name
    for name in ("users", "jobs", "reviews"):
        assert services[name]["depends_on"] == {
            f"{name}-migrate": {"condition": "service_completed_successfully"}
        }
        assert services[f"{name}-migrate"]["command"][-2:] == ["db", "upgrade"]
        assert services[f"{name}-db"]["healthcheck"]
        assert services[name]["build"]["target"] == "dev"
        assert "./services:/app/services" in services[name]["volumes"]


def test_staging_runs_production_images_without_source_mounts():
    services = load("docker-compose-staging.yml")
    for name in ("users", "jobs", "reviews", "gateway"):
        assert services[name]["build"]["target"] == "prod"
        assert "volumes" not in services[name]
        assert services[name]["env_file"] == ".env.staging"


def test_prod_uses_registry_images_and_no_database_containers():
    services = load("docker-compose-prod.yml")
    assert not [name for name in services if name.endswith("-db")]
    for name in ("users", "jobs", "reviews", "gateway"):
        assert services[name]["image"].startswith("${REGISTRY:?set REGISTRY}/jobsight-")
        assert services[name]["restart"] == "unless-stopped"
        assert services[name]["deploy"]["resources"]["limits"]["memory"]
        assert "/healthz" in " ".join(services[name]["healthcheck"]["test"])
    assert services["users-migrate"]["profiles"] == ["migrate"]


def test_every_compose_file_says_no_proxy_stands_in_front_of_the_published_gateway():
    for name in ("docker-compose-dev.yml", "docker-compose-staging.yml", "docker-compose-prod.yml"):
        gateway = load(name)["gateway"]
        assert gateway.get("ports"), name
        assert not (gateway.get("environment") or {}).get("TRUSTED_PROXY_CIDRS"), name
        assert "TRUSTED_PROXIES" not in (gateway.get("environment") or {}), name
