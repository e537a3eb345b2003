"""What an attacker sends, at every operation of a service's OpenAPI document.

schemathesis generates values that fit (or break) the documented types; it does not send
what a parser or a database driver chokes on. This sends exactly that, to every field of
every request body and every query parameter: NUL characters, lone UTF-16 surrogates,
oversized lists, and whole bodies nested 100,000 levels deep or holding thousands of
members. Each must get a 4xx problem+json (or be accepted), never a 5xx.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

HOSTILE_STRINGS = ("nul\x00here", "lone\ud800surrogate", "\udfff")
OVERSIZED_LIST_ITEMS = 100_000
WHOLE_BODIES = (
    "[" * 100_000,
    json.dumps({f"field{number}": number for number in range(5_000)}),
)


def _resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _types(schema: dict) -> set[str]:
    declared = schema.get("type", [])
    return {declared} if isinstance(declared, str) else set(declared)


def _hostile_bodies(spec: dict, body_schema: dict) -> list[str]:
    bodies = list(WHOLE_BODIES)
    for name, field in _resolve(spec, body_schema).get("properties", {}).items():
        field = _resolve(spec, field)
        if "string" in _types(field):
            bodies += [json.dumps({name: value}) for value in HOSTILE_STRINGS]
        if "array" in _types(field):
            bodies.append(json.dumps({name: [0] * OVERSIZED_LIST_ITEMS}))
            bodies += [json.dumps({name: [value]}) for value in HOSTILE_STRINGS]
    return bodies


def _concrete(path: str) -> str:
    # Path parameters get a well-formed id: the probe is about bodies and query strings.
    parts = [str(uuid.uuid4()) if p.startswith("{") else p for p in path.split("/")]
    return "/".join(parts)


def _check(response, what: str, failures: list[str]) -> None:
    if response.status_code >= 500:
        failures.append(f"{what}: {response.status_code}")
    elif response.status_code >= 400 and response.mimetype != "application/problem+json":
        failures.append(f"{what}: {response.status_code} as {response.mimetype}")


def probe_hostile_inputs(app, headers: dict[str, str]) -> list[str]:
    """Every hostile input that got a 5xx or a non-problem error; empty when all held."""
    client = app.test_client()
    spec: dict[str, Any] = client.get("/openapi.json").json
    failures: list[str] = []
    for path, operations in spec["paths"].items():
        url = _concrete(path)
        for method, operation in operations.items():
            if method == "parameters":
                continue
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                for body in _hostile_bodies(spec, content["application/json"]["schema"]):
                    response = client.open(
                        url,
                        method=method.upper(),
                        data=body,
                        content_type="application/json",
                        headers=headers,
                    )
                    _check(response, f"{method.upper()} {path} body {body[:60]!r}", failures)
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query":
                    continue
                for value in ("%00", "%ED%A0%80", "a%00b"):
                    target = f"{url}?{parameter['name']}={value}"
                    response = client.open(target, method=method.upper(), headers=headers)
                    _check(response, f"{method.upper()} {target}", failures)
    return failures


def unsafe_string_fields(package: str) -> list[str]:
    """String fields in `package`'s schemas that would let NUL or a lone surrogate in.

    Every one must be servicekit's (`fields.SafeText`), output shapes too: the rule is then
    one the next schema cannot forget.
    """
    import marshmallow as ma
    from marshmallow import class_registry

    from ..fields import SafeText

    found = []
    for schemas in class_registry._registry.values():
        for schema in schemas:
            if not schema.__module__.startswith(package + "."):
                continue
            for name, field in schema._declared_fields.items():
                inner = field.inner if isinstance(field, ma.fields.List) else field
                if isinstance(inner, ma.fields.String) and not isinstance(inner, SafeText):
                    found.append(f"{schema.__module__}.{schema.__name__}.{name}")
    return sorted(set(found))
