"""The merged OpenAPI document, as a TypeScript client sees it: the types openapi-typescript
generates compile under `tsc --strict` and hold no `unknown` anywhere.

openapi-typescript and TypeScript are the web client's own (web/package-lock.json),
installed and run by scripts/web.sh with the Node it chooses.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from devstack import openapi

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "scripts" / "web.sh"  # the web client's own openapi-typescript and TypeScript


def _web_tool(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(WEB), "exec", *args], timeout=300, **kwargs)


@pytest.fixture(scope="module")
def merged_document(tmp_path_factory) -> Path:
    """Every service's OpenAPI document merged, as the gateway serves /api/openapi.json."""
    path = tmp_path_factory.mktemp("openapi") / "openapi.json"
    path.write_text(json.dumps(openapi.merged_document()))
    return path


def test_the_generated_types_compile_and_hold_no_unknown(merged_document, tmp_path):
    types = tmp_path / "api.d.ts"
    generate = ("openapi-typescript", str(merged_document), "-o", str(types))
    _web_tool(*generate, check=True, capture_output=True)
    lines = types.read_text().splitlines()
    # openapi-typescript types every response's headers as `{[name: string]: unknown}`, its
    # own fixed shape for headers a response may carry; no schema of ours may add another.
    unknowns = [
        (number, line)
        for number, line in enumerate(lines)
        if "unknown" in line and not _headers_index_signature(lines, number)
    ]
    assert unknowns == []
    compiled = _web_tool(
        "tsc", "--noEmit", "--strict", "--skipLibCheck", str(types), capture_output=True, text=True
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr


def _headers_index_signature(lines: list[str], number: int) -> bool:
    if lines[number].strip() != "[name: string]: unknown;":
        return False
    opening = number - 1
    while lines[opening].strip().endswith(";"):  # headers the response declares
        opening -= 1
    return lines[opening].strip() == "headers: {"


def test_response_fields_are_optional_only_where_documented(merged_document):
    spec = json.loads(merged_document.read_text())
    from servicekit.testing import loose_response_properties

    assert loose_response_properties(spec) == []
