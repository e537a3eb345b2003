"""The gateway's own endpoints: health, readiness, metrics, merged OpenAPI, docs."""

import socket


def test_healthz(client):
    response = client.request("GET", "/healthz")
    assert (response.status, client.json(response)) == (200, {"status": "ok"})


def test_readyz_when_every_service_is_ready(client):
    response = client.request("GET", "/readyz")
    assert response.status == 200
    assert client.json(response)["services"] == {
        "users": "ready",
        "jobs": "ready",
        "reviews": "ready",
    }


def test_readyz_names_the_service_that_is_not_ready(fresh_gateway, upstreams):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    client = fresh_gateway({**{n: s.url for n, s in upstreams[1].items()}, "reviews": closed})
    response = client.request("GET", "/readyz")
    assert response.status == 503
    assert response.getheader("Content-Type") == "application/problem+json"
    assert client.json(response)["services"]["reviews"] == "unavailable"
    assert client.json(response)["services"]["users"] == "ready"


def test_metrics_count_requests_by_route_status_and_upstream(client):
    client.request("GET", "/api/v1/companies/x")
    client.request("GET", "/api/v1/nowhere")
    text = client.request("GET", "/metrics").body.decode()
    assert (
        'gateway_requests_total{method="GET",route="/api/v1/companies",status="200",'
        'upstream="jobs"}'
    ) in text
    assert 'route="unmatched",status="404",upstream="-"' in text
    assert "/api/v1/nowhere" not in text
    assert "gateway_request_duration_seconds_bucket" in text
    assert "gateway_breaker_open" in text


def test_a_thousand_distinct_unknown_paths_add_no_metric_series(client):
    def series():
        text = client.request("GET", "/metrics").body.decode()
        return {line.split(" ")[0] for line in text.splitlines() if line.startswith("gateway_")}

    # One of each kind of request first, so each series it makes exists already.
    for method, path in (("GET", "/api/v1/nowhere"), ("GET", "/api/v1/jobs/0"), ("BREW", "/x")):
        client.request(method, path)
    before = series()
    for number in range(1000):
        client.request("GET", f"/api/v1/unknown-{number}/x")
        client.request("BREW" if number % 2 else "GET", f"/api/v1/jobs/{number}")
    assert series() - before == set()


def test_openapi_merges_every_service(client):
    spec = client.json(client.request("GET", "/api/openapi.json"))
    assert spec["openapi"] == "3.1.0"
    assert set(spec["paths"]) == {"/api/v1/users", "/api/v1/jobs", "/api/v1/reviews"}
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    schemas = spec["components"]["schemas"]
    assert schemas["Problem"] == {"type": "object"}  # the same everywhere: kept once
    # "Item" differs per service: the later ones are renamed, none is lost.
    assert {schemas[n]["title"] for n in ("Item", "jobsItem", "reviewsItem")} == {
        "users",
        "jobs",
        "reviews",
    }


def test_docs_are_served_from_the_package_not_a_cdn(client):
    page = client.request("GET", "/api/docs/")
    assert page.status == 200
    html = page.body.decode()
    assert "swagger" in html.lower()
    assert "/api/openapi.json" in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
    script = client.request("GET", "/api/docs/swagger-ui-bundle.js")
    assert script.status == 200 and len(script.body) > 100_000


def test_non_api_unknown_paths_are_404_problem(client):
    response = client.request("GET", "/nothing")
    assert response.status == 404
    assert response.getheader("Content-Type") == "application/problem+json"


def test_the_docs_redirect_is_relative_whatever_the_host(client):
    response = client.request("GET", "/api/docs", headers={"Host": "evil.example"})
    assert response.status == 308
    assert response.getheader("Location") == "/api/docs/"
    assert client.request("GET", "/api/docs/").status == 200


def test_metrics_are_404_problem_to_a_reader_outside_the_allowed_networks(fresh_gateway):
    client = fresh_gateway(METRICS_ALLOWED_CIDRS=["10.0.0.0/8"])
    response = client.request("GET", "/metrics")
    assert response.status == 404
    assert response.getheader("Content-Type") == "application/problem+json"
    assert b"gateway_requests_total" not in response.body
