"""From files to the database: choose a reader, a data source and an applier for each input, then run.

With ``rxanswers/registry.py`` (where each source's reader, applier, provenance, bundled files and download
location are declared, once), the only place that knows both formats (``sources``) and tables (``labels``,
``drugs``).
"""

from __future__ import annotations

import lzma
import zlib
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from rxanswers import registry
from rxanswers.core.ingest import IngestSummary, path_size, run_ingest
from rxanswers.core.models import IngestRun
from rxanswers.core.progress import progress_bar
from rxanswers.sources import UnreadableSourceError

DATA_SUFFIXES = (".json", ".jsonl", ".xml", ".zip", ".gz", ".xz", ".txt", ".md", ".tsv")
# notes that sit next to data files in a directory (data/labels/openfda_records/README.md) and are not data
NOT_DATA = ("readme", "sources.md", "license", "notice")
# A file that cannot be read as a whole (missing, unknown format, not a zip, damaged compression): the commands
# print the message as one line, no traceback, and exit with status 1.
FILE_ERRORS = (FileNotFoundError, ValueError, UnreadableSourceError, OSError)
# what a .gz / .xz stream cut short or corrupted raises while a reader is iterating over it
_DAMAGED_STREAM = (EOFError, lzma.LZMAError, zlib.error)


def detect_reader(path: Path) -> str:
    from rxanswers import sources

    key = sources.detect_format(path)
    if key is None:
        raise ValueError(
            f"cannot tell the format of {path}; pass --format (one of {', '.join(registry.reader_keys())})"
        )
    return key


def ingest_path(
    path: str | Path,
    *,
    reader: str | None = None,
    source: str | None = None,
    force: bool = False,
    progress: bool = False,
    batch_size: int | None = None,
) -> list[IngestSummary]:
    """Ingest a file or a directory. A directory of label files is ingested file by file."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no such file or directory: {path}")
    key = reader or detect_reader(path)
    spec = registry.for_reader(key)  # ValueError for an unknown format
    named = registry.REGISTRY.get(source) if source else None
    if named is not None and named.reader == key:
        spec = named  # a second source of the same format (the bundled openFDA records): its own entry
    data_source = registry.source_for(source or spec.key)
    read = spec.read
    if path.is_dir() and not spec.whole_directory:
        files = sorted(
            p
            for p in path.rglob("*")
            if p.is_file()
            and p.name.lower().endswith(DATA_SUFFIXES)
            and not p.name.lower().startswith(NOT_DATA)
        )
    else:
        files = [path]
    summaries = []
    for file in files:
        try:
            summary = run_ingest(
                path=file,
                reader=key,
                records=read(file),
                source=data_source,
                apply_batch=spec.applier,
                batch_size=batch_size or spec.batch_size,
                force=force,
                progress=progress,
            )
        except _DAMAGED_STREAM as exc:
            raise UnreadableSourceError(f"{file}: damaged or truncated compressed data ({exc})") from exc
        if spec.summary_note and not summary.skipped_already_done:
            summary.note = spec.summary_note(IngestRun.objects.get(pk=summary.run_id))
        summaries.append(summary)
    return summaries


def load_bundled(
    *,
    data_dir: Path | None = None,
    only: set[str] | None = None,
    progress: bool = False,
    report: Callable[[IngestSummary], None] | None = None,
) -> list[IngestSummary]:
    """Load the dataset shipped in ``data/`` (skips files already ingested); ``report`` is called with each file's
    summary as soon as it is done. With ``progress``, a bar gives the share of the bundled bytes loaded and the
    time left (it moves file by file; the record count of the file being read is shown under it)."""
    data_dir = Path(data_dir or settings.DATA_DIR)
    todo = [
        (data_dir / path, entry)
        for path, entry in registry.bundled()
        if not only or entry.reader in only or entry.key in only
    ]
    sizes = [path_size(path) if path.exists() else 0 for path, _ in todo]
    bar = progress_bar(desc="bundled data", total=sum(sizes), unit="B", unit_scale=True, quiet=not progress)
    summaries: list[IngestSummary] = []
    try:
        for (path, entry), size in zip(todo, sizes, strict=True):
            done = ingest_path(path, reader=entry.reader, source=entry.key, progress=progress)
            bar.update(size)
            for summary in done:
                if report is not None:
                    report(summary)
            summaries += done
    finally:
        bar.close()
    return summaries
