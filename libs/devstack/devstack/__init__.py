"""The dev runner: the whole suite on 127.0.0.1 with an embedded PostgreSQL.

`make dev` runs `python -m devstack`; the end-to-end tests and `make bench` start their own
`Stack` on other ports and folders.
"""

from .output import say
from .signals import Stop, stop_on_signals
from .stack import DEFAULT_PORTS, HOST, ROOT, SERVICES, Stack

__all__ = ["DEFAULT_PORTS", "HOST", "ROOT", "SERVICES", "Stack", "Stop", "say", "stop_on_signals"]
