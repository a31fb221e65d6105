"""rxanswers serve: the web site and API on a production WSGI server (waitress).

Defaults are safe for the embedded site on 2 cores: many connections (so a few hundred slow or half-sent
requests cannot lock other visitors out), inactive connections closed after 30 s, poll() instead of select() (no
1,024-descriptor ceiling). For the public internet put a reverse proxy in front (docs/deploy.md)."""

import threading

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the site and JSON API with waitress (a production WSGI server)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8, help="worker threads (default 8)")
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
        from waitress import serve

        from rxanswers.wsgi import application

        self.stdout.write(f"rxanswers on http://{options['host']}:{options['port']}/  (Ctrl-C to stop)")
        threading.Thread(target=_warm_up, name="warm-up", daemon=True).start()
        serve(
            application,
            host=options["host"],
            port=options["port"],
            threads=options["threads"],
            connection_limit=options["connection_limit"],
            channel_timeout=options["channel_timeout"],
            cleanup_interval=min(10, options["channel_timeout"]),
            asyncore_use_poll=True,
        )


def _warm_up() -> None:
    """Build the question-understanding indexes in the background so the first /ask is fast."""
    from django.db import connection

    from rxanswers.answers.pipeline import warm_up

    try:
        warm_up()
    except Exception as exc:  # an empty database (no data loaded yet) must not stop the server
        print(f"warm-up skipped: {exc}")
    finally:
        connection.close()
