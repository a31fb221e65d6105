"""From files to the database: choose a reader, a data source and an applier for each input, then run.

With ``rxanswers/registry.py`` (where each source's reader, applier, provenance, bundled files and download
location are declared, once), the only place that knows both formats (``sources``) and tables (``labels``,
``drugs``).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from rxanswers import registry
from rxanswers.core.ingest import IngestSummary, run_ingest
from rxanswers.core.models import IngestRun

DATA_SUFFIXES = (".json", ".jsonl", ".xml", ".zip", ".gz", ".xz", ".txt", ".md", ".tsv")


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
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(DATA_SUFFIXES))
    else:
        files = [path]
    summaries = []
    for file in files:
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
        if spec.summary_note and not summary.skipped_already_done:
            summary.note = spec.summary_note(IngestRun.objects.get(pk=summary.run_id))
        summaries.append(summary)
    return summaries


def load_bundled(
    *, data_dir: Path | None = None, only: set[str] | None = None, progress: bool = False
) -> list[IngestSummary]:
    """Load the dataset shipped in ``data/`` (skips files already ingested)."""
    data_dir = Path(data_dir or settings.DATA_DIR)
    summaries: list[IngestSummary] = []
    for path, entry in registry.bundled():
        if only and entry.reader not in only and entry.key not in only:
            continue
        summaries += ingest_path(data_dir / path, reader=entry.reader, source=entry.key, progress=progress)
    return summaries
