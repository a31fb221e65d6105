"""From files to the database: choose a reader, a data source and an applier for each input, then run.

This is the only place that knows both formats (``sources``) and tables (``labels``, ``drugs``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from rxanswers.core.catalog import source_for
from rxanswers.core.ingest import IngestSummary, run_ingest
from rxanswers.core.models import IngestRun
from rxanswers.drugs.services import (
    drugsatfda_apply,
    indications_apply,
    interaction_pairs_apply,
    label_records_apply,
    nadac_apply,
    nadac_unlinked_count,
    ndc_apply,
    orangebook_apply,
    patent_use_codes_apply,
    purplebook_apply,
    unii_names_apply,
)


def _nadac_note(run: IngestRun) -> str:
    return f"{nadac_unlinked_count(run)} unlinked (NDC not in the NDC directory)"


@dataclass(frozen=True)
class ReaderSpec:
    """How to ingest one format: the reader, the default data source, the applier, per-file or per-dir."""

    key: str
    default_source: str
    applier: Callable
    whole_directory: bool = False  # tabular sets (Drugs@FDA...) are read as one directory or zip
    batch_size: int = 500
    summary_note: Callable[[IngestRun], str] | None = None  # extra words for the end-of-ingest summary line


READER_SPECS: dict[str, ReaderSpec] = {
    spec.key: spec
    for spec in [
        ReaderSpec("openfda_json", "openfda_label", label_records_apply),
        ReaderSpec("spl_xml", "spl_xml", label_records_apply),
        ReaderSpec("pharma_rag", "pharma_rag", label_records_apply),
        ReaderSpec("graphrag_labels", "graphrag_labels", label_records_apply),
        ReaderSpec("phase3_openfda_sections", "phase3_openfda_sections", label_records_apply),
        ReaderSpec("onsides_demner_fushman_200", "onsides_demner_fushman_200", label_records_apply),
        ReaderSpec("drugsatfda", "drugsatfda", drugsatfda_apply, whole_directory=True, batch_size=5000),
        ReaderSpec("orangebook", "orangebook", orangebook_apply, whole_directory=True, batch_size=5000),
        ReaderSpec("ndc", "ndc", ndc_apply, whole_directory=True, batch_size=5000),
        ReaderSpec(
            "nadac", "nadac", nadac_apply, whole_directory=True, batch_size=2000, summary_note=_nadac_note
        ),
        ReaderSpec("purplebook", "purplebook", purplebook_apply, whole_directory=True, batch_size=2000),
        ReaderSpec(
            "cv_labels", "fda_cv_labels_2014", label_records_apply, whole_directory=True, batch_size=200
        ),
        ReaderSpec("medrecpro_indications", "medrecpro_indications", indications_apply, batch_size=500),
        ReaderSpec("pddi_pairs", "public_ddi_lists", interaction_pairs_apply, batch_size=1000),
        ReaderSpec("unii_names", "unii_names", unii_names_apply, batch_size=2000),
        ReaderSpec("patent_use_codes", "patent_use_codes", patent_use_codes_apply, batch_size=2000),
    ]
}


@dataclass(frozen=True)
class BundledDataset:
    path: str  # relative to the data directory
    reader: str
    source: str


# The dataset shipped in data/ (see data/SOURCES.md). Order matters: drug facts first, then labels.
BUNDLED: list[BundledDataset] = [
    BundledDataset("drugsatfda", "drugsatfda", "drugsatfda"),
    BundledDataset("orangebook", "orangebook", "orangebook"),
    BundledDataset("ndc_directory", "ndc", "ndc"),
    BundledDataset("labels/openfda_records", "openfda_json", "openfda_records"),
    BundledDataset("labels/fda_openfda_test_spl", "spl_xml", "fda_openfda_test_spl"),
    BundledDataset("labels/pharma_rag/labels.jsonl.gz", "pharma_rag", "pharma_rag"),
    BundledDataset("labels/graphrag_labels/labels.jsonl.gz", "graphrag_labels", "graphrag_labels"),
    BundledDataset(
        "labels/phase3_openfda_sections/phase3_openfda_label_sections.jsonl.gz",
        "phase3_openfda_sections",
        "phase3_openfda_sections",
    ),
    BundledDataset(
        "labels/onsides_demner_fushman_200/demner_fushman_200_labels.jsonl.gz",
        "onsides_demner_fushman_200",
        "onsides_demner_fushman_200",
    ),
    BundledDataset("labels/fda_cv_labels_2014/cv_labels_2014.zip", "cv_labels", "fda_cv_labels_2014"),
    BundledDataset(
        "labels/medrecpro_indications/labelProductIndication.md.xz",
        "medrecpro_indications",
        "medrecpro_indications",
    ),
    BundledDataset("interactions/merged_pddi_public_subset.tsv.xz", "pddi_pairs", "public_ddi_lists"),
    BundledDataset("vocabulary/unii_brand_names.txt.xz", "unii_names", "unii_names"),
    BundledDataset("orangebook/patent_use_codes.json.xz", "patent_use_codes", "patent_use_codes"),
]

DATA_SUFFIXES = (".json", ".jsonl", ".xml", ".zip", ".gz", ".xz", ".txt", ".md", ".tsv")


def _reader_callable(key: str) -> Callable:
    from rxanswers import sources

    try:
        return sources.READERS[key]
    except KeyError as exc:
        raise ValueError(f"unknown format {key!r}; known: {', '.join(sorted(sources.READERS))}") from exc


def detect_reader(path: Path) -> str:
    from rxanswers import sources

    key = sources.detect_format(path)
    if key is None:
        raise ValueError(
            f"cannot tell the format of {path}; pass --format (one of {', '.join(READER_SPECS)})"
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
    if key not in READER_SPECS:
        raise ValueError(f"unknown format {key!r}; known: {', '.join(READER_SPECS)}")
    spec = READER_SPECS[key]
    data_source = source_for(source or spec.default_source)
    read = _reader_callable(key)
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
    for dataset in BUNDLED:
        if only and dataset.reader not in only and dataset.source not in only:
            continue
        summaries += ingest_path(
            data_dir / dataset.path, reader=dataset.reader, source=dataset.source, progress=progress
        )
    return summaries
