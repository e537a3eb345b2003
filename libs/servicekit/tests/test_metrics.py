"""Every service's /metrics: requests by route template, method and status, latency, the
database pool; bounded labels whatever paths clients make up."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from prometheus_client.parser import text_string_to_metric_families


def series(client) -> dict[str, float]:
    text = client.get("/metrics").get_data(as_text=True)
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
            found[f"{sample.name}{{{labels}}}"] = sample.value
    return found


def test_requests_are_counted_by_route_template_method_and_status(app, client, signed_in):
    service = app.import_name
    before = series(client)
    client.post("/api/v1/notes", json={"text": "hello"}, headers=signed_in)
    client.post("/api/v1/notes", json={"text": ""}, headers=signed_in)
    client.get("/api/v1/notes")
    after = series(client)
    created = f"http_requests_total{{method=POST,route=/api/v1/notes,service={service},status=201}}"
    refused = created.replace("status=201", "status=422")
    assert after[created] - before.get(created, 0) == 1
    assert after[refused] - before.get(refused, 0) == 1
    latency = (
        f"http_request_duration_seconds_count{{method=GET,route=/api/v1/notes,service={service}}}"
    )
    assert after[latency] - before.get(latency, 0) == 1
    assert after[f"db_pool_size{{service={service}}}"] >= 1
    assert f"db_pool_connections_in_use{{service={service}}}" in after


def test_a_request_refused_before_its_view_counts_too(app, client):
    service = app.import_name
    key = f"http_requests_total{{method=GET,route=/api/v1/notes,service={service},status=401}}"
    before = series(client).get(key, 0)
    client.get("/api/v1/notes", headers={"Authorization": "Bearer not-a-token"})
    assert series(client)[key] - before == 1


def test_a_thousand_made_up_paths_and_methods_add_no_series(app, client):
    client.get("/no/such/path/0")
    client.open("/api/v1/notes", method="BREW")
    series(client)  # a scrape counts too: the first one adds the /metrics route's own series
    before = set(series(client))
    for n in range(1000):
        client.get(f"/no/such/path/{n}")
        client.get(f"/api/v1/notes/{n}?q={n}")
    client.open("/api/v1/notes", method="PROPFIND")
    after = set(series(client))
    assert after == before
    unmatched = [name for name in after if "route=unmatched" in name]
    assert unmatched and not any(re.search(r"/no/such/path", name) for name in after)


def test_metrics_are_for_the_scrapers_networks_only(client):
    outside = client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert outside.status_code == 404
    assert outside.mimetype == "application/problem+json"
    inside = client.get("/metrics", environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert inside.status_code == 200


def test_a_process_gunicorn_did_not_start_makes_the_metrics_directory_itself(tmp_path):
    """A migration or an events worker in a fresh container: the image sets
    PROMETHEUS_MULTIPROC_DIR, and nothing has made that directory yet."""
    directory = tmp_path / "jobsight-metrics"
    script = "import servicekit.metrics as m; m.POOL_IN_USE.labels('jobs').inc()"
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert any(directory.iterdir())  # its figures are there, for /metrics to add up
