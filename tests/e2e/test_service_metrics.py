"""Each service's own /metrics under gunicorn's several workers, as `make dev` runs them."""

from __future__ import annotations

import requests
from prometheus_client.parser import text_string_to_metric_families


def _samples(url: str) -> dict[tuple, float]:
    text = requests.get(f"{url}/metrics", timeout=5).text
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_every_service_counts_its_requests_across_its_workers(stack):
    for _ in range(10):  # spread over both gunicorn workers
        assert requests.get(f"{stack.url('gateway')}/api/v1/companies", timeout=5).ok
    jobs = _samples(stack.url("jobs"))
    listed = [
        value
        for (name, labels), value in jobs.items()
        if name == "http_requests_total"
        and ("route", "/api/v1/companies") in labels
        and ("status", "200") in labels
    ]
    assert sum(listed) >= 10
    assert jobs[("jobsight_outbox_waiting", (("service", "jobs"),))] >= 0
    assert jobs[("jobsight_inbox_pending", (("service", "jobs"),))] >= 0
    # Each service reports its own requests, not the gateway's nor another service's.
    users = _samples(stack.url("users"))
    assert not [labels for (name, labels) in users if ("service", "jobs") in labels]
    assert ("jobsight_outbox_waiting", (("service", "users"),)) in users
