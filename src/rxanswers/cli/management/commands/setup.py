"""rxanswers setup: migrate and load the bundled dataset (idempotent; skips files already loaded)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from rxanswers.pipeline import load_bundled


class Command(BaseCommand):
    help = "Create or upgrade the database and load the bundled FDA dataset (skips what is already loaded)."

    def add_arguments(self, parser):
        parser.add_argument("--no-data", action="store_true", help="only apply migrations")
        parser.add_argument("--only", nargs="*", help="load only these datasets (reader or source keys)")
        parser.add_argument("--no-demo", action="store_true", help="skip the unreviewed demo draft questions")
        parser.add_argument(
            "--no-index", action="store_true", help="skip building the answer indexes (questions build them)"
        )

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("database: migrations applied")
        if options["no_data"]:
            return
        for summary in load_bundled(only=set(options["only"] or []) or None, progress=True):
            self.stdout.write(summary.line())
        if not options["only"] and not options["no_demo"]:
            call_command("demo_drafts", stdout=self.stdout)
        if not options["no_index"]:
            from rxanswers.answers.services import build_answer_indexes

            self.stdout.write(build_answer_indexes(progress=True).line())
