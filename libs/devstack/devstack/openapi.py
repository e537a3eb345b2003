"""The gateway's merged OpenAPI document, built without a running stack.

Each service's app is created in this process (its database is never connected) and asked
for its document; the gateway's own merge joins them, exactly as `/api/openapi.json` does
at run time. The web client's types are generated from it (`python -m devstack.openapi
FILE`), and tests compare the committed types with it.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path


def merged_document() -> dict:
    import jobs
    import reviews
    import users
    from gateway.openapi import merge

    with tempfile.TemporaryDirectory() as directory:
        config = {
            "APP_ENV": "development",
            "SQLALCHEMY_DATABASE_URI": "postgresql://nobody@127.0.0.1:1/none",  # never used
            "DEV_KEY_FILE": str(Path(directory) / "key.pem"),
        }
        specs = {
            name: module.create_app(config).test_client().get("/openapi.json").json
            for name, module in (("users", users), ("jobs", jobs), ("reviews", reviews))
        }
    return merge(specs)


def main(path: str) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(merged_document(), indent=1) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
