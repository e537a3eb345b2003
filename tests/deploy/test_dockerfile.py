"""The Dockerfile's dependency layer: `uv sync --locked` needs every workspace member's
pyproject.toml, so a member added to the workspace must be copied before that step."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_dependency_layer_copies_every_workspace_members_pyproject():
    members = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["uv"]["workspace"]
    dockerfile = (ROOT / "Dockerfile").read_text()
    dependency_layer = dockerfile[: dockerfile.index("--no-install-workspace")]
    copied = set(re.findall(r"^COPY (\S+)/pyproject\.toml ", dependency_layer, re.MULTILINE))
    assert copied == set(members["members"])
