"""rxanswers download: fetch the official FDA bulk files (resumable, checksummed), then ingest them."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from rxanswers import registry
from rxanswers.pipeline import ingest_path
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

    def handle(self, *args, **options):
        datasets = registry.downloads()
        keys = options["datasets"] or list(datasets)
        unknown = [k for k in keys if k not in datasets]
        if unknown:
            raise CommandError(f"unknown dataset(s): {', '.join(unknown)}; known: {', '.join(datasets)}")
        dest = Path(options["dest"] or Path(settings.VAR_DIR) / "downloads")
        last = {"name": None}

        def progress(name, done, total):
            if name != last["name"]:
                last["name"] = name
                self.stdout.write(f"  {name} ...")

        failed = []
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
            self.stdout.write(f"{key}: {len(paths)} file(s) in {dest / key}")
            if options["no_ingest"]:
                continue
            if entry.reader is None:
                self.stdout.write(
                    f"{key}: downloaded; rxanswers has no reader for this dataset yet (not ingested)"
                )
                continue
            for target in paths:
                for summary in ingest_path(target, reader=entry.reader, source=entry.key, progress=True):
                    self.stdout.write("  " + summary.line())
        if failed:
            raise CommandError(f"download failed for: {', '.join(failed)}")
