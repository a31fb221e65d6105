"""The multi-process server of ``rxanswers serve --workers N``: gunicorn, configured in code (no config file).

Settings for 2 cores behind a reverse proxy: N pre-forked worker processes, each with a thread pool (gthread); a
worker that hangs past ``timeout`` is restarted; workers are recycled after ~20,000 requests (jittered, so they do
not all restart at once; a restart costs a second or more of CPU: imports, the kept pages, the warm-up, so at 2,000
a worker serving 300 pages/s restarted every few seconds); request line and header sizes capped. The app is loaded in each worker after the fork
(database connections and the answer engine's ONNX session are never shared between processes).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from gunicorn.app.base import BaseApplication

from rxanswers.cli.inflight import InFlight


class _Server(BaseApplication):
    def __init__(self, options: dict, warm_up: Callable[[Callable[[], None]], None] | None) -> None:
        self.options, self.warm_up = options, warm_up
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)
        if self.warm_up is not None:
            warm_up = self.warm_up
            self.cfg.set(
                "post_worker_init",
                lambda worker: threading.Thread(
                    target=warm_up, args=(worker.wsgi.wait_idle,), name="warm-up", daemon=True
                ).start(),
            )

    def load(self):
        from rxanswers.wsgi import application

        return InFlight(application)


def run_gunicorn(
    *,
    bind: str,
    workers: int,
    threads: int,
    timeout: int,
    keepalive: int,
    warm_up: Callable[[Callable[[], None]], None] | None = None,
) -> None:
    """Serve until interrupted (SIGINT/SIGTERM stop the workers gracefully)."""
    _Server(
        {
            "bind": bind,
            "workers": workers,
            "worker_class": "gthread",
            "threads": threads,
            "timeout": timeout,
            "graceful_timeout": 30,
            "keepalive": keepalive,
            "max_requests": 20000,
            "max_requests_jitter": 2000,
            "limit_request_line": 8190,
            "limit_request_fields": 100,
            "limit_request_field_size": 8190,
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "warning",
            "proc_name": "rxanswers",
        },
        warm_up,
    ).run()
