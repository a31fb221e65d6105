"""rxanswers index: build the answer indexes (encoder, name index, label sentences and vectors) ahead of time."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Build the answer indexes for every current label (run after a large ingest; setup runs it)."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=2, help="encoder processes (default 2)")

    def handle(self, *args, **options):
        from rxanswers.answers.services import build_answer_indexes

        self.stdout.write(build_answer_indexes(workers=options["workers"], progress=True).line())
