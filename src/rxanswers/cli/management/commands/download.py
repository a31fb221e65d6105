"""rxanswers download: fetch the official FDA bulk files (resumable, checksummed), then ingest them.

On a terminal each file gets a progress bar (stderr: bytes, percentage, time left), then the ingest's record bar;
``--quiet`` or ``RXANSWERS_PROGRESS=0`` turns them off (``core/progress.py``). A file that cannot be fetched or
read is one line on stderr saying which and why; the other datasets go on, and the exit status is 1.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from rxanswers import registry
from rxanswers.core.progress import DownloadBars, add_quiet_option, write_line
from rxanswers.pipeline import FILE_ERRORS, ingest_path
from rxanswers.sources import download


class Command(BaseCommand):
    help = (
        "Download official bulk files (openFDA drug/label partitions, Drugs@FDA, Orange Book, NDC directory, "
        "Purple Book, NADAC prices) with resume and size/checksum checks, then ingest them. URLs can be "
        "overridden with --base-url or RXANSWERS_*_URL environment variables (sources/download.py; each dataset's "
        "address and variable: rxanswers/registry.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "datasets", nargs="*", help=f"datasets (default: all): {', '.join(registry.downloads())}"
        )
        parser.add_argument("--dest", default=None, help="download directory (default: var/downloads)")
        parser.add_argument("--base-url", default=None, help="a mirror laid out like the official sites")
        parser.add_argument("--no-ingest", action="store_true", help="only download")
        add_quiet_option(parser)

    def handle(self, *args, **options):
        datasets = registry.downloads()
        keys = options["datasets"] or list(datasets)
        unknown = [k for k in keys if k not in datasets]
        if unknown:
            raise CommandError(f"unknown dataset(s): {', '.join(unknown)}; known: {', '.join(datasets)}")
        dest = Path(options["dest"] or Path(settings.VAR_DIR) / "downloads")
        quiet = options["quiet"]
        bars = DownloadBars(quiet=quiet)

        def progress(name, done, total):
            if name != bars.name:
                bars.close()
                write_line(self.stdout, f"  {name} ...")
            bars(name, done, total)

        failed, unread = [], []
        for key in keys:
            entry = datasets[key]
            self.stdout.write(f"{key}: downloading")
            try:
                paths = download.download_dataset(
                    entry.download, dest, base_url=options["base_url"], progress=progress
                )
            except download.DownloadError as exc:
                self.stderr.write(f"{key}: download failed: {exc}")
                failed.append(key)
                continue
            finally:
                bars.close()
            self.stdout.write(f"{key}: {len(paths)} file(s) in {dest / key}")
            if options["no_ingest"]:
                continue
            if entry.reader is None:
                self.stdout.write(
                    f"{key}: downloaded; rxanswers has no reader for this dataset yet (not ingested)"
                )
                continue
            for target in paths:
                try:
                    summaries = ingest_path(target, reader=entry.reader, source=entry.key, progress=not quiet)
                except FILE_ERRORS as exc:
                    self.stderr.write(f"{key}: cannot ingest: {exc}")
                    unread.append(key)
                    continue
                for summary in summaries:
                    self.stdout.write("  " + summary.line())
        if failed or unread:
            problems = [f"download failed for: {', '.join(failed)}"] if failed else []
            problems += [f"could not ingest: {', '.join(dict.fromkeys(unread))}"] if unread else []
            raise CommandError("; ".join(problems))
