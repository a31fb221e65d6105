"""Readers for the published drug-data formats: one small module per format, pure Python, no Django.

Every reader is a generator ``read_x(path)`` yielding record dataclasses from ``records`` or, for a record that
cannot be read, a ``RecordError`` -- it never raises for a bad record, only (``UnreadableSourceError``) when the
file, directory or archive as a whole cannot be read. ``READERS`` maps a format key to its reader and
``detect_format(path)`` guesses the key for a file or directory (used by ``rxanswers ingest PATH``).
"""

from __future__ import annotations

__all__ = [
    "READERS",
    "RecordError",
    "UnreadableSourceError",
    "detect_format",
    "read_cv_labels",
    "read_medrecpro_indications",
    "read_pddi_pairs",
    "read_drugsatfda",
    "read_drugsatfda_applications",
    "read_drugsatfda_products",
    "read_graphrag_labels",
    "read_label_jsonl",
    "read_nadac",
    "read_ndc",
    "read_ndc_packages",
    "read_ndc_products",
    "read_onsides_demner_fushman",
    "read_openfda_json",
    "read_orangebook",
    "read_orangebook_exclusivity",
    "read_orangebook_patents",
    "read_orangebook_products",
    "read_pharma_rag",
    "read_phase3_openfda_sections",
    "read_purplebook",
    "read_spl_xml",
    "read_unii_names",
    "read_patent_use_codes",
]


def __getattr__(name: str):
    """The readers and the registry load on first use: importing one module of the package (``records``,
    ``section_keys``) must not import every reader (lxml and all: ~50 ms of every ``rxanswers ask``)."""
    if name in __all__:
        from . import formats

        value = globals()[name] = getattr(formats, name)
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
