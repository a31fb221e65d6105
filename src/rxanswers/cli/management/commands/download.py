"""rxanswers download: fetch the official FDA bulk files (resumable, checksummed), then ingest them."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from rxanswers.pipeline import ingest_path
from rxanswers.sources import download

# dataset key -> reader that ingests what it downloads (None: downloaded for the operator, not read yet)
DATASET_READERS = {
    "openfda_label": ("openfda_json", "openfda_label"),
    "drugsatfda": ("drugsatfda", "drugsatfda"),
    "orangebook": ("orangebook", "orangebook"),
    "ndc": ("ndc", "ndc"),
    "purplebook": ("purplebook", "purplebook"),
    "nadac": ("nadac", "nadac"),
}


class Command(BaseCommand):
    help = (
        "Download official bulk files (openFDA drug/label partitions, Drugs@FDA, Orange Book, NDC directory, "
        "Purple Book, NADAC prices) with resume and size/checksum checks, then ingest them. URLs can be "
        "overridden with --base-url or RXANSWERS_*_URL environment variables (see sources/download.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "datasets", nargs="*", help=f"datasets (default: all): {', '.join(download.dataset_keys())}"
        )
        parser.add_argument("--dest", default=None, help="download directory (default: var/downloads)")
        parser.add_argument("--base-url", default=None, help="a mirror laid out like the official sites")
        parser.add_argument("--no-ingest", action="store_true", help="only download")

    def handle(self, *args, **options):
        keys = options["datasets"] or download.dataset_keys()
        unknown = [k for k in keys if k not in download.dataset_keys()]
        if unknown:
            raise CommandError(
                f"unknown dataset(s): {', '.join(unknown)}; known: {', '.join(download.dataset_keys())}"
            )
        dest = Path(options["dest"] or Path(settings.VAR_DIR) / "downloads")
        last = {"name": None}

        def progress(name, done, total):
            if name != last["name"]:
                last["name"] = name
                self.stdout.write(f"  {name} ...")

        failed = []
        for key in keys:
            self.stdout.write(f"{key}: downloading")
            try:
                paths = download.download_dataset(key, dest, base_url=options["base_url"], progress=progress)
            except download.DownloadError as exc:
                self.stderr.write(f"{key}: download failed: {exc}")
                failed.append(key)
                continue
            self.stdout.write(f"{key}: {len(paths)} file(s) in {dest / key}")
            spec = DATASET_READERS.get(key)
            if options["no_ingest"]:
                continue
            if spec is None:
                self.stdout.write(
                    f"{key}: downloaded; rxanswers has no reader for this dataset yet (not ingested)"
                )
                continue
            reader, source = spec
            for target in paths:
                for summary in ingest_path(target, reader=reader, source=source, progress=True):
                    self.stdout.write("  " + summary.line())
        if failed:
            raise CommandError(f"download failed for: {', '.join(failed)}")
