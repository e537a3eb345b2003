"""The gunicorn worker for the gateway: uvicorn's, on uvloop and httptools.

`gunicorn --worker-class gateway.worker.GatewayWorker 'gateway:create_app()'`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from uvicorn_worker import UvicornWorker

from .protocol import GatewayHttpProtocol


class GatewayWorker(UvicornWorker):
    CONFIG_KWARGS: ClassVar[dict[str, Any]] = {
        **UvicornWorker.CONFIG_KWARGS,
        "loop": "uvloop",
        # uvicorn's httptools protocol, with a header timeout and the services' size limits.
        "http": GatewayHttpProtocol,
        "timeout_keep_alive": 5,
        "lifespan": "on",
        # The gateway logs every request itself (JSON, with its request id).
        "access_log": False,
        # Client addresses come from the socket; X-Forwarded-For is weighed by the gateway
        # itself (TRUSTED_PROXY_CIDRS), never by the server.
        "proxy_headers": False,
        # The services' answers carry their own Server and Date headers.
        "server_header": False,
        "date_header": False,
    }
