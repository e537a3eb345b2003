"""The OpenAPI document as client generators read it: every response property typed, and
either required or documented as optional (`servicekit.fields.optional`)."""

from __future__ import annotations

from typing import Any

TYPED = ("type", "$ref", "allOf", "anyOf", "oneOf", "enum")


def loose_response_properties(spec: dict[str, Any]) -> list[str]:
    """Every response property a generator would type as optional or unknown; [] when none."""
    schemas = spec.get("components", {}).get("schemas", {})
    problems: list[str] = []
    seen: set[str] = set()

    def walk(schema: dict, where: str) -> None:
        ref = schema.get("$ref")
        if ref:
            name = ref.rsplit("/", 1)[1]
            if name not in seen:
                seen.add(name)
                walk(schemas[name], name)
            return
        if "items" in schema:
            walk(schema["items"], f"{where}[]")
        if isinstance(schema.get("additionalProperties"), dict):
            walk(schema["additionalProperties"], f"{where}{{}}")
        required = set(schema.get("required", []))
        for name, field in schema.get("properties", {}).items():
            if not any(key in field for key in TYPED):
                problems.append(f"{where}.{name} has no type")
            if name not in required and not field.get("x-optional"):
                problems.append(f"{where}.{name} is neither required nor documented optional")
            walk(field, f"{where}.{name}")

    for path, operations in spec.get("paths", {}).items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            for status, response in operation.get("responses", {}).items():
                if not str(status).startswith("2"):
                    continue
                for content in response.get("content", {}).values():
                    walk(content.get("schema", {}), f"{method.upper()} {path} {status}")
    return sorted(set(problems))
