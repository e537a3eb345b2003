"""What the compose files promise, beyond their schema."""

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def load(name):
    return yaml.safe_load((ROOT / name).read_text())["services"]


OBSERVABILITY_UIS = {"jaeger", "prometheus", "grafana"}


def load_file(name):
    return yaml.safe_load((ROOT / name).read_text())


def test_dev_publishes_the_gateway_and_the_web_dev_server_and_migrates_before_each_service():
    services = load("docker-compose-dev.yml")
    published = {name: spec["ports"] for name, spec in services.items() if spec.get("ports")}
    assert set(published) == {"gateway", "web"} | OBSERVABILITY_UIS
    # The operator tools and the dev server listen on the host's loopback only.
    for name in OBSERVABILITY_UIS | {"web"}:
        assert all(port.startswith("127.0.0.1:") for port in published[name]), name
    assert services["web"]["build"]["target"] == "web-dev"
    assert "./web/src:/web/src" in services["web"]["volumes"]
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


def test_dev_publishes_the_gateway_with_no_proxy_believed_in_front():
    gateway = load("docker-compose-dev.yml")["gateway"]
    assert gateway.get("ports")
    assert not (gateway.get("environment") or {}).get("TRUSTED_PROXY_CIDRS")
    assert "TRUSTED_PROXIES" not in (gateway.get("environment") or {})


@pytest.mark.parametrize("name", ["docker-compose-staging.yml", "docker-compose-prod.yml"])
def test_staging_and_prod_publish_only_the_web_server_which_proxies_the_api(name):
    document = load_file(name)
    services = document["services"]
    published = {service for service, spec in services.items() if spec.get("ports")}
    assert published <= {"web"} | OBSERVABILITY_UIS
    assert all(
        port.startswith("127.0.0.1:") for s in published - {"web"} for port in services[s]["ports"]
    )
    web, gateway = services["web"], services["gateway"]
    assert web["ports"] and "ports" not in gateway
    assert (
        "./deploy/web/api-proxy.conf:/etc/nginx/jobsight/api.d/api-proxy.conf:ro" in web["volumes"]
    )
    # The edge network holds the web server and the gateway, nothing else; the gateway
    # believes X-Forwarded-For from it alone.
    on_edge = {service for service, spec in services.items() if "edge" in spec.get("networks", [])}
    assert on_edge == {"web", "gateway"}
    (subnet,) = [pool["subnet"] for pool in document["networks"]["edge"]["ipam"]["config"]]
    assert gateway["environment"]["TRUSTED_PROXY_CIDRS"] == subnet
    assert "?" not in gateway["environment"].get("CORS_ORIGINS", "")  # one origin: optional
    assert "gateway:8000" in (ROOT / "deploy/web/api-proxy.conf").read_text()


def test_prod_serves_the_web_image_from_the_registry():
    web = load("docker-compose-prod.yml")["web"]
    assert web["image"] == "${REGISTRY:?set REGISTRY}/jobsight-web:${TAG:?set TAG}"
    assert web["restart"] == "unless-stopped"
    assert load("docker-compose-staging.yml")["web"]["build"]["target"] == "web"


@pytest.mark.parametrize(
    "name", ["docker-compose-dev.yml", "docker-compose-staging.yml", "docker-compose-prod.yml"]
)
def test_a_migration_runs_once_and_is_never_restarted(name):
    """A restart policy would start a finished migration again and again, and the services
    waiting for it to complete would never start (found by running staging)."""
    migrations = {s: spec for s, spec in load(name).items() if s.endswith("-migrate")}
    assert len(migrations) == 3
    for service, spec in migrations.items():
        assert spec.get("restart", "no") == "no", service


@pytest.mark.parametrize("name", ["docker-compose-staging.yml", "docker-compose-prod.yml"])
def test_the_application_containers_have_a_read_only_file_system(name):
    services = load(name)
    for service in ("users", "jobs", "reviews", "gateway", "users-worker", "web"):
        assert services[service]["read_only"] is True, service
        assert services[service]["tmpfs"] == ["/tmp"], service  # noqa: S108 - in the container
