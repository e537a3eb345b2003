"""The gateway's own endpoints: health, readiness, metrics, the merged OpenAPI and its docs."""

from __future__ import annotations

import contextlib
import json
import time
from urllib.parse import urlsplit

import urllib3
from flask import Flask, Response, jsonify, redirect, request
from flask_swagger_ui import get_swaggerui_blueprint
from servicekit.networks import Networks
from servicekit.problems import problem_response, register_problem_handlers
from servicekit.requestlog import register_request_log

from . import metrics
from .openapi import merge

OPENAPI_CACHE_SECONDS = 60
NO_RETRY = urllib3.Retry(total=0, redirect=0)


class ServiceCalls:
    """The gateway's own small calls to one service (readiness, OpenAPI), read whole.

    They come from the WSGI endpoints below, in threads, so a plain blocking pool serves
    them; the forwarding path has its own (upstream.py).
    """

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self._pool = urllib3.HTTPConnectionPool(
            parts.hostname, parts.port or 80, maxsize=2, retries=NO_RETRY
        )

    def get_json(self, path: str, timeout: float = 2.0) -> tuple[int, object]:
        response = self._pool.urlopen(
            "GET", path, redirect=False, timeout=urllib3.Timeout(connect=timeout, read=timeout)
        )
        with contextlib.suppress(ValueError):
            return response.status, json.loads(response.data or b"null")
        return response.status, None


def create_own_app(upstream_urls: dict[str, str], metrics_readers: Networks) -> Flask:
    app = Flask(__name__, static_folder=None)
    register_request_log(app)
    register_problem_handlers(app)
    merged_spec: dict = {"value": None, "at": 0.0}
    upstreams = {name: ServiceCalls(url) for name, url in upstream_urls.items()}

    @app.get("/healthz")
    def healthz():
        return jsonify(status="ok")

    @app.get("/readyz")
    def readyz():
        """Ready when every service is; the body says which is not."""
        services = {}
        for name, upstream in upstreams.items():
            try:
                status, _ = upstream.get_json("/readyz", timeout=1.0)
            except urllib3.exceptions.HTTPError:
                status = None
            services[name] = "ready" if status == 200 else "unavailable"
        if all(state == "ready" for state in services.values()):
            return jsonify(status="ready", services=services)
        return problem_response(
            503,
            "Not every service is ready.",
            headers={"Retry-After": "5"},
            extensions={"services": services},
        )

    @app.get("/metrics")
    def prometheus_metrics():
        # For the scraper inside the network (METRICS_ALLOWED_CIDRS), not for the public:
        # the figures describe traffic and failures. Anyone else finds nothing here.
        if not metrics_readers.trusts(request.remote_addr or ""):
            return problem_response(404, "No such page.")
        body, content_type = metrics.exposition()
        return Response(body, content_type=content_type)

    @app.get("/api/openapi.json")
    def openapi():
        if (
            merged_spec["value"] is None
            or time.monotonic() - merged_spec["at"] > OPENAPI_CACHE_SECONDS
        ):
            specs = {}
            for name, upstream in upstreams.items():
                try:
                    status, spec = upstream.get_json("/openapi.json")
                except urllib3.exceptions.HTTPError:
                    status, spec = None, None
                if status != 200 or not isinstance(spec, dict):
                    return problem_response(
                        503,
                        f"The {name} service's API document is unavailable.",
                        headers={"Retry-After": "5"},
                    )
                specs[name] = spec
            merged_spec.update(value=merge(specs), at=time.monotonic())
        return jsonify(merged_spec["value"])

    @app.get("/api/docs")
    def docs_without_slash():
        # werkzeug's own redirect to the slash would be absolute, built from the client's
        # Host header; this one is relative, so no client can make us point elsewhere.
        return redirect("/api/docs/", 308)

    # Swagger UI's files come from the flask-swagger-ui package: no CDN, works offline.
    app.register_blueprint(
        get_swaggerui_blueprint(
            "/api/docs", "/api/openapi.json", config={"app_name": "Jobsight API"}
        )
    )
    return app
