"""The gateway installs servicekit's core only: no ORM, migrations or database driver, in
its lock-file closure (what its image installs) or in what importing it loads."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATABASE_STACK = {"flask-sqlalchemy", "flask-migrate", "psycopg2-binary", "sqlalchemy", "alembic"}


def _locked_closure(package: str) -> set[str]:
    """Every package `uv sync --package <package>` installs, read from uv.lock."""
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    packages = {entry["name"]: entry for entry in lock["package"]}
    seen: set[str] = set()
    pending = [(package, ())]
    while pending:
        name, extras = pending.pop()
        entry = packages[name]
        wanted = list(entry.get("dependencies", []))
        for extra in extras:
            wanted += entry.get("optional-dependencies", {}).get(extra, [])
        for dependency in wanted:
            key = (dependency["name"], tuple(dependency.get("extra", ())))
            if key[0] not in seen or key[1]:
                seen.add(key[0])
                pending.append(key)
    return seen


def test_the_gateways_locked_dependencies_hold_no_database_stack():
    closure = _locked_closure("jobsight-gateway")
    assert "servicekit" in closure
    assert closure.isdisjoint(DATABASE_STACK), closure & DATABASE_STACK


def test_a_service_does_install_the_database_stack():
    assert {"flask-sqlalchemy", "flask-migrate", "psycopg2-binary"} <= _locked_closure(
        "jobsight-jobs"
    )


def test_importing_and_creating_the_gateway_loads_no_database_module():
    probe = (
        "import sys, gateway; gateway.create_app(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'sqlalchemy', 'flask_sqlalchemy', 'flask_migrate', 'psycopg2', 'alembic'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, "APP_ENV": "development"},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout
