"""rxanswers serve: the web site and API on a production WSGI server.

One process (the default): waitress, safe for the embedded site on 2 cores: many connections (so a few hundred
slow or half-sent requests cannot lock other visitors out), inactive connections closed after 30 s, poll() instead
of select() (no 1,024-descriptor ceiling). For the public internet put a reverse proxy in front (docs/security.md).

``--workers N`` (N > 1): gunicorn's pre-fork server with N worker processes of ``--threads`` threads each (gthread),
workers restarted after a timeout or a number of requests. Behind a buffering reverse proxy (nginx: docs/security.md),
which shields it from slow clients; with RXANSWERS_CACHE_URL (memcached) so rate limits are counted across workers.

Start-up: the server listens at once. A background thread then loads the answer indexes (``warm_up``), holding
back while a request is being served (a real question comes before practice ones), and last runs Django's system
checks, which used to run before listening (~0.15 s): an error there still stops the server."""

import os
import sys
import threading

from django.core.management.base import BaseCommand, SystemCheckError

from rxanswers.cli.inflight import InFlight


class Command(BaseCommand):
    help = "Serve the site and JSON API with waitress (a production WSGI server)."
    requires_system_checks: list = []  # run after start-up instead (see the module docstring and _warm_up)

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8, help="threads per process (default 8)")
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="processes; more than 1 runs gunicorn behind a reverse proxy (default 1: waitress)",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=60,
            help="with --workers: seconds before a stuck worker is restarted",
        )
        parser.add_argument(
            "--connection-limit",
            type=int,
            default=1000,
            help="open connections accepted at once (default 1000)",
        )
        parser.add_argument(
            "--channel-timeout",
            type=int,
            default=30,
            help="seconds a connection may stay inactive, e.g. a half-sent request (default 30)",
        )

    def handle(self, *args, **options):
        if options["workers"] > 1:
            return self._gunicorn(options)
        from waitress import serve

        from rxanswers.wsgi import application

        self.stdout.write(f"rxanswers on http://{options['host']}:{options['port']}/  (Ctrl-C to stop)")
        busy = InFlight(application)
        threading.Thread(target=_warm_up, args=(busy, self), name="warm-up", daemon=True).start()
        serve(
            busy,
            host=options["host"],
            port=options["port"],
            threads=options["threads"],
            connection_limit=options["connection_limit"],
            channel_timeout=options["channel_timeout"],
            cleanup_interval=min(10, options["channel_timeout"]),
            asyncore_use_poll=True,
        )

    def _gunicorn(self, options) -> None:
        from django.conf import settings

        from rxanswers.cli.server import run_gunicorn

        self.check(display_num_errors=False)  # before forking: an error stops the server at once
        if not settings.CACHE_URL:
            print(
                "warning: several workers without RXANSWERS_CACHE_URL: rate limits count per worker process "
                "(set RXANSWERS_CACHE_URL=memcached://127.0.0.1:11211, docs/security.md)",
                file=sys.stderr,
            )
        self.stdout.write(
            f"rxanswers on http://{options['host']}:{options['port']}/  ({options['workers']} workers x "
            f"{options['threads']} threads; Ctrl-C to stop)"
        )
        self.stdout.flush()
        run_gunicorn(
            bind=f"{options['host']}:{options['port']}",
            workers=options["workers"],
            threads=options["threads"],
            timeout=options["timeout"],
            keepalive=5,
            warm_up=_warm_up_worker,
        )


def _warm_up_worker(pause) -> None:
    """A gunicorn worker's warm-up: the answer indexes, in the background after the fork, each step held back
    while the worker is serving a request (``pause``), as in the one-process server."""
    from django.db import connection

    from rxanswers.answers.pipeline import warm_up

    try:
        warm_up(pause=pause)
    except Exception as exc:  # an empty database (no data loaded yet) must not stop the worker
        print(f"warm-up skipped: {exc}")
    finally:
        connection.close()


def _warm_up(busy: InFlight, command: BaseCommand) -> None:
    """Build the question-understanding indexes in the background so the first /ask is fast; then the system
    checks (an error stops the server, as it did when they ran before it started)."""
    from django.db import connection
    from django.urls import get_resolver

    from rxanswers.answers.pipeline import warm_up

    try:
        get_resolver().reverse_dict  # noqa: B018 - the URL patterns (and the views) every page needs
        warm_up(pause=busy.wait_idle)
    except Exception as exc:  # an empty database (no data loaded yet) must not stop the server
        print(f"warm-up skipped: {exc}")
    finally:
        connection.close()
    try:
        command.check(display_num_errors=False)
    except SystemCheckError as exc:
        print(f"rxanswers serve: system check failed, stopping:\n{exc}", file=sys.stderr, flush=True)
        os._exit(1)
    finally:
        connection.close()
