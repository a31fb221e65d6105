"""Readers for the published drug-data formats: one small module per format, pure Python, no Django.

Every reader is a generator ``read_x(path)`` yielding record dataclasses from ``records`` or, for a record that
cannot be read, a ``RecordError`` -- it never raises for a bad record, only (``UnreadableSourceError``) when the
file, directory or archive as a whole cannot be read. ``READERS`` maps a format key to its reader and
``detect_format(path)`` guesses the key for a file or directory (used by ``rxanswers ingest PATH``).
"""

from __future__ import annotations

# The package's public names, each with the module that defines it: the one list of them. A name is imported
# from its module on first use, so importing one module of the package (``records``, ``section_keys``) does not
# import every reader (lxml and all: ~50 ms of every ``rxanswers ask``).
_HOMES = {
    "READERS": "formats",
    "detect_format": "formats",
    "RecordError": "records",
    "UnreadableSourceError": "io",
    "read_cv_labels": "cv_labels",
    "read_drugsatfda": "drugsatfda",
    "read_drugsatfda_applications": "drugsatfda",
    "read_drugsatfda_products": "drugsatfda",
    "read_graphrag_labels": "label_jsonl",
    "read_label_jsonl": "label_jsonl",
    "read_medrecpro_indications": "medrecpro",
    "read_nadac": "nadac",
    "read_ndc": "ndc",
    "read_ndc_packages": "ndc",
    "read_ndc_products": "ndc",
    "read_onsides_demner_fushman": "label_jsonl",
    "read_openfda_json": "openfda_json",
    "read_orangebook": "orangebook",
    "read_orangebook_exclusivity": "orangebook",
    "read_orangebook_patents": "orangebook",
    "read_orangebook_products": "orangebook",
    "read_patent_use_codes": "patent_use_codes",
    "read_pddi_pairs": "interaction_pairs",
    "read_pharma_rag": "label_jsonl",
    "read_phase3_openfda_sections": "label_jsonl",
    "read_purplebook": "purplebook",
    "read_spl_xml": "spl_xml",
    "read_unii_names": "unii_names",
}
__all__ = list(_HOMES)


def __getattr__(name: str):
    """Load a public name from its module on first use (see ``_HOMES``)."""
    if name in _HOMES:
        from importlib import import_module

        value = globals()[name] = getattr(import_module(f".{_HOMES[name]}", __name__), name)
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
