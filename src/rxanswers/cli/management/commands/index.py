"""rxanswers index: build the answer indexes (encoder, name index, label sentences and vectors) and compose the drug
pages' leaflets ahead of time."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Build the answer indexes for every current label and compose the drug pages' leaflets (run after a large "
        "ingest; setup runs it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=2, help="encoder processes (default 2)")

    def handle(self, *args, **options):
        from rxanswers.answers.services import build_answer_indexes, leaflets_compose

        self.stdout.write(build_answer_indexes(workers=options["workers"], progress=True).line())
        self.stdout.write(leaflets_compose(progress=True).line())
