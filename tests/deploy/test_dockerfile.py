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


def _stages() -> list[tuple[str, str]]:
    """(base image, stage name) of every FROM line, in order."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    return re.findall(r"^FROM (\S+) AS (\S+)$", dockerfile, re.MULTILINE)


def test_a_build_without_a_target_is_a_service_image_and_the_web_client_has_its_own():
    names = [name for _, name in _stages()]
    assert names[-1] == "prod"  # docker build . with no --target
    assert {"web", "web-dev"} <= set(names)
    web = (ROOT / "Dockerfile").read_text().split(" AS web\n")[1].split("\nFROM ")[0]
    # Unprivileged, with the configuration the journeys serve the client with.
    assert re.search(r"^USER [1-9][0-9]*$", web, re.MULTILINE)
    for source in re.findall(r"^COPY (deploy/web/\S+) ", web, re.MULTILINE):
        assert (ROOT / source).is_file(), source
    assert "nginx-unprivileged" in dict((name, base) for base, name in _stages())["web"]
