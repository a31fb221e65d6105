"""The requests a server process is serving, counted so its background warm-up can give way to them (both
``rxanswers serve`` servers: waitress and each gunicorn worker)."""

from __future__ import annotations

import threading
import time


class InFlight:
    """The WSGI application, counting the requests being served (the warm-up waits while there are any)."""

    def __init__(self, application):
        self.application = application
        self.count = 0
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self._lock:
            self.count += 1
        try:
            return self.application(environ, start_response)
        finally:
            with self._lock:
                self.count -= 1

    def wait_idle(self, limit: float = 5.0) -> None:
        """Wait until no request is being served (at most ``limit`` seconds: a stream of requests must not
        keep the indexes from loading for ever)."""
        deadline = time.monotonic() + limit
        while self.count and time.monotonic() < deadline:
            time.sleep(0.005)
