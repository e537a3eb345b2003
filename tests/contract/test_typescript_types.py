"""The merged OpenAPI document, as a TypeScript client sees it: the types openapi-typescript
generates compile under `tsc --strict` and hold no `unknown` anywhere.

openapi-typescript and TypeScript are installed with npm into var/tools (once; later runs
reuse them), on the machine's Node.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from devstack import openapi

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "var" / "tools" / "openapi-typescript"
PACKAGES = ("openapi-typescript@7.13.0", "typescript@5.9.3")


@pytest.fixture(scope="module")
def node_tools() -> Path:
    npm = shutil.which("npm")
    assert npm, "Node.js 20 with npm is needed for this test: install Debian's nodejs and npm"
    marker = TOOLS / ("installed-" + "-".join(PACKAGES).replace("/", "_"))
    if not marker.exists():
        TOOLS.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund", *PACKAGES],
            check=True,
            capture_output=True,
            timeout=300,
        )
        marker.touch()
    return TOOLS / "node_modules" / ".bin"


@pytest.fixture(scope="module")
def merged_document(tmp_path_factory) -> Path:
    """Every service's OpenAPI document merged, as the gateway serves /api/openapi.json."""
    path = tmp_path_factory.mktemp("openapi") / "openapi.json"
    path.write_text(json.dumps(openapi.merged_document()))
    return path


def test_the_generated_types_compile_and_hold_no_unknown(node_tools, merged_document, tmp_path):
    types = tmp_path / "api.d.ts"
    subprocess.run(
        [str(node_tools / "openapi-typescript"), str(merged_document), "-o", str(types)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    lines = types.read_text().splitlines()
    # openapi-typescript types every response's headers as `{[name: string]: unknown}`, its
    # own fixed shape for headers a response may carry; no schema of ours may add another.
    unknowns = [
        (number, line)
        for number, line in enumerate(lines)
        if "unknown" in line and not _headers_index_signature(lines, number)
    ]
    assert unknowns == []
    compiled = subprocess.run(
        [str(node_tools / "tsc"), "--noEmit", "--strict", "--skipLibCheck", str(types)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr


def _headers_index_signature(lines: list[str], number: int) -> bool:
    if lines[number].strip() != "[name: string]: unknown;":
        return False
    opening = number - 1
    while lines[opening].strip().endswith(";"):  # headers the response declares
        opening -= 1
    return lines[opening].strip() == "headers: {"


def test_response_fields_are_optional_only_where_documented(node_tools, merged_document):
    spec = json.loads(merged_document.read_text())
    from servicekit.testing import loose_response_properties

    assert loose_response_properties(spec) == []
