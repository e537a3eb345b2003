"""One OpenAPI document for the whole API: every service's own, merged."""

from __future__ import annotations

import copy
from typing import Any

GATEWAY_SECURITY = {
    "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "An access token from POST /api/v1/auth/login",
    }
}


def _rename_refs(node: Any, renames: dict[str, str]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[1]
            if name in renames:
                return {**node, "$ref": f"#/components/schemas/{renames[name]}"}
        return {key: _rename_refs(value, renames) for key, value in node.items()}
    if isinstance(node, list):
        return [_rename_refs(item, renames) for item in node]
    return node


def merge(specs: dict[str, dict]) -> dict:
    """Merge the services' documents; a schema name two services define differently is
    prefixed with its service's name ("jobsPageQuery") so neither is lost."""
    merged: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": "Jobsight API",
            "version": "1.0.0",
            "description": "Every route of every service, as served by the gateway.",
        },
        "paths": {},
        "components": {"schemas": {}, "responses": {}, "securitySchemes": GATEWAY_SECURITY},
        "tags": [],
    }
    schemas = merged["components"]["schemas"]
    for service, spec in specs.items():
        spec = copy.deepcopy(spec)
        components = spec.get("components", {})
        renames = {
            name: f"{service}{name}"
            for name, schema in components.get("schemas", {}).items()
            if name in schemas and schemas[name] != schema
        }
        spec = _rename_refs(spec, renames)
        components = spec.get("components", {})
        for name, schema in components.get("schemas", {}).items():
            schemas[renames.get(name, name)] = schema
        merged["components"]["responses"].update(components.get("responses", {}))
        merged["paths"].update(spec.get("paths", {}))
        merged["tags"] += spec.get("tags", [])
    return merged
