"""The gateway's own endpoints: health, readiness, metrics, the merged OpenAPI and its docs."""

from __future__ import annotations

import time

import urllib3
from flask import Flask, Response, jsonify
from flask_swagger_ui import get_swaggerui_blueprint
from servicekit.problems import problem_response, register_problem_handlers
from servicekit.requestlog import register_request_log

from . import metrics
from .openapi import merge
from .upstream import Upstream

OPENAPI_CACHE_SECONDS = 60


def create_own_app(upstreams: dict[str, Upstream]) -> Flask:
    app = Flask(__name__, static_folder=None)
    register_request_log(app)
    register_problem_handlers(app)
    merged_spec: dict = {"value": None, "at": 0.0}

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

    # Swagger UI's files come from the flask-swagger-ui package: no CDN, works offline.
    app.register_blueprint(
        get_swaggerui_blueprint(
            "/api/docs", "/api/openapi.json", config={"app_name": "Jobsight API"}
        )
    )
    return app
