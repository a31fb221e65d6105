"""rxanswers ingest-status: what each ingest run read, created and rejected."""

from django.core.management.base import BaseCommand

from rxanswers.core.models import IngestIssue, IngestRun


class Command(BaseCommand):
    help = "List ingest runs (newest first) or, with --run N, the bad records one run reported."

    def add_arguments(self, parser):
        parser.add_argument("--run", type=int, help="show the issues of this run")
        parser.add_argument("--limit", type=int, default=30)

    def handle(self, *args, **options):
        if options["run"]:
            for issue in IngestIssue.objects.filter(run_id=options["run"])[: options["limit"]]:
                self.stdout.write(str(issue))
            return
        for run in IngestRun.objects.select_related("source")[: options["limit"]]:
            self.stdout.write(
                f"#{run.id} {run.status:9} {run.reader:26} read={run.records_read} new={run.created} "
                f"unchanged={run.unchanged} bad={run.error_count} {run.path}"
            )
