from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# A stand-in for a command: records its arguments (one line per call) and answers from a
# small table, so a script can be run end to end with no Docker engine or AWS account.
STUB = """#!/usr/bin/env bash
echo "$(basename "$0") $*" >> "$STUB_LOG"
args="$*"
# Like the real command, read what is piped in (else the writer may die of SIGPIPE).
if [[ "$args" == *--password-stdin* ]]; then cat > /dev/null; fi
case "$(basename "$0") $args" in
{cases}
esac
exit 0
"""


class Stubs:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.log = directory / "calls.log"
        self.log.touch()

    def add(self, name: str, cases: str = "") -> None:
        path = self.directory / name
        path.write_text(STUB.format(cases=cases))
        path.chmod(path.stat().st_mode | stat.S_IEXEC)

    def calls(self) -> list[str]:
        return self.log.read_text().splitlines()

    def run(self, script: str, env: dict[str, str]) -> subprocess.CompletedProcess:
        full_env = {
            **os.environ,
            "PATH": f"{self.directory}:{os.environ['PATH']}",
            "STUB_LOG": str(self.log),
            **env,
        }
        return subprocess.run(
            ["bash", str(ROOT / script)],
            env=full_env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )


@pytest.fixture
def stubs(tmp_path):
    return Stubs(tmp_path)
