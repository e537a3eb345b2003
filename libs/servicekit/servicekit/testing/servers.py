"""WSGI apps served over real HTTP on 127.0.0.1, for tests across services."""

from __future__ import annotations


class LocalServer:
    """A WSGI app served over real HTTP on 127.0.0.1, in a thread, for tests across services."""

    def __init__(self, app) -> None:
        import threading

        from werkzeug.serving import make_server

        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
