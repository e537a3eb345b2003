"""Every setting the code reads from the environment is documented: in .env.example (the
services, the gateway, make dev, make test) or in deploy/README.md (the images' server)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READS = re.compile(r"""(?:\benv|_setting|environ\.get|getenv)\(\s*f?["']([A-Z][A-Z0-9_]+)["']""")
CODE = ["libs", "services", "gateway", "deploy/gunicorn.conf.py"]


def _read_settings() -> set[str]:
    names = set()
    for place in CODE:
        path = ROOT / place
        files = [path] if path.is_file() else path.rglob("*.py")
        for file in files:
            if "/tests/" not in str(file) and "/migrations/" not in str(file):
                names |= set(READS.findall(file.read_text()))
    return names


def test_every_setting_the_code_reads_is_documented():
    documented = (ROOT / ".env.example").read_text() + (ROOT / "deploy/README.md").read_text()
    read = _read_settings()
    assert len(read) > 30  # the pattern still finds the settings
    missing = sorted(name for name in read if name not in documented)
    assert missing == []
