"""rxanswers ingest PATH...: read FDA files into the versioned store, reporting every bad record.

Exit status: 0 when everything was read, 3 when some records were rejected (the rest was ingested), 1 when a
file could not be read at all (one line saying why, no traceback). On a terminal a bar (stderr) counts the records
read; ``--quiet`` or ``RXANSWERS_PROGRESS=0`` turns it off."""

from django.core.management.base import BaseCommand, CommandError

from rxanswers import registry
from rxanswers.core.progress import add_quiet_option
from rxanswers.pipeline import FILE_ERRORS, ingest_path

BAD_RECORDS_EXIT = 3


class Command(BaseCommand):
    help = (
        "Ingest FDA files or directories: openFDA drug/label JSON (.json/.json.zip, streamed), DailyMed SPL XML "
        "(.xml, zips), Drugs@FDA, Orange Book, NDC directory, and the bundled section-JSONL formats. "
        "Idempotent and resumable: re-running after an interruption continues where it stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or directories")
        parser.add_argument(
            "--format", choices=sorted(registry.reader_keys()), help="reader (default: detected)"
        )
        parser.add_argument("--source", help="data source key to record as provenance (default: per format)")
        parser.add_argument("--force", action="store_true", help="re-read files already ingested")
        parser.add_argument("--batch-size", type=int, default=None, help="records per transaction")
        parser.add_argument("--max-errors-shown", type=int, default=50)
        add_quiet_option(parser)

    def handle(self, *args, **options):
        total_errors = 0
        for path in options["paths"]:
            try:
                summaries = ingest_path(
                    path,
                    reader=options["format"],
                    source=options["source"],
                    force=options["force"],
                    progress=not options["quiet"],
                    batch_size=options["batch_size"],
                )
            except FILE_ERRORS as exc:
                raise CommandError(str(exc)) from exc
            for summary in summaries:
                self.stdout.write(summary.line())
                for error in summary.errors[: options["max_errors_shown"]]:
                    self.stderr.write(f"  bad record: {error}")
                if summary.error_count > options["max_errors_shown"]:
                    self.stderr.write(
                        f"  ... {summary.error_count - options['max_errors_shown']} more "
                        f"(rxanswers ingest-status --run {summary.run_id})"
                    )
                total_errors += summary.error_count
        if total_errors:
            raise CommandError(
                f"{total_errors} bad record(s) reported; the rest was ingested.", returncode=BAD_RECORDS_EXIT
            )
