"""rxanswers serve: the web site and API on a production WSGI server (waitress)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the site and JSON API with waitress (a production WSGI server)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, **options):
        from waitress import serve

        from rxanswers.wsgi import application

        self.stdout.write(f"rxanswers on http://{options['host']}:{options['port']}/  (Ctrl-C to stop)")
        serve(application, host=options["host"], port=options["port"], threads=options["threads"])
