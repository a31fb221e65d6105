"""The format registry: ``READERS`` (format key -> reader) and ``detect_format(path)``. Imported through the
package (``from rxanswers.sources import READERS``), which loads it, and every reader, on first use only; the
package's list of public names is in ``__init__``."""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson

from .cv_labels import read_cv_labels
from .drugsatfda import read_drugsatfda
from .interaction_pairs import is_pddi_header, read_pddi_pairs
from .io import open_binary, strip_compression_suffix
from .label_jsonl import FLAVORS as LABEL_JSONL_FLAVORS
from .label_jsonl import (
    read_graphrag_labels,
    read_onsides_demner_fushman,
    read_pharma_rag,
    read_phase3_openfda_sections,
    sniff_flavor,
)
from .medrecpro import read_medrecpro_indications
from .nadac import is_nadac_header, read_nadac
from .ndc import read_ndc
from .openfda_json import read_openfda_json
from .orangebook import read_orangebook
from .patent_use_codes import read_patent_use_codes
from .purplebook import is_purplebook_header, read_purplebook
from .spl_xml import read_spl_xml
from .unii_names import is_unii_names_header, read_unii_names

READERS: dict[str, Callable[[str | os.PathLike[str]], Iterator]] = {
    "openfda_json": read_openfda_json,
    "spl_xml": read_spl_xml,
    "pharma_rag": read_pharma_rag,
    "graphrag_labels": read_graphrag_labels,
    "phase3_openfda_sections": read_phase3_openfda_sections,
    "onsides_demner_fushman_200": read_onsides_demner_fushman,
    "drugsatfda": read_drugsatfda,
    "orangebook": read_orangebook,
    "ndc": read_ndc,
    "nadac": read_nadac,
    "purplebook": read_purplebook,
    "cv_labels": read_cv_labels,
    "medrecpro_indications": read_medrecpro_indications,
    "pddi_pairs": read_pddi_pairs,
    "unii_names": read_unii_names,
    "patent_use_codes": read_patent_use_codes,
}

_DRUGSATFDA_FILES = {"applications.txt", "marketingstatus.txt", "te.txt"}
_ORANGEBOOK_FILES = {"patent.txt", "exclusivity.txt"}
_NDC_FILES = {"product.txt", "package.txt"}


_SET_ID_TXT = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.txt$")


def _by_file_names(names: list[str]) -> str | None:
    """Format of a release (directory or zip) from the base names of its files."""
    bases = {strip_compression_suffix(name.rsplit("/", 1)[-1]).lower() for name in names}
    if bases and all(_SET_ID_TXT.match(base) for base in bases):
        return "cv_labels"  # one label per "<set id>.txt" (the FDA cardiovascular label set)
    if bases & _DRUGSATFDA_FILES:
        return "drugsatfda"
    if bases & _ORANGEBOOK_FILES:
        return "orangebook"
    if bases & _NDC_FILES:
        return "ndc"
    if any(base.endswith(".xml") for base in bases) or any(name.lower().endswith(".zip") for name in names):
        return "spl_xml"
    if any(base.endswith(".json") for base in bases):
        return "openfda_json"
    return None


def _first_line_keys(path: Path) -> set[str]:
    try:
        with open_binary(path) as stream:
            value = orjson.loads(stream.readline())
    except (orjson.JSONDecodeError, OSError, EOFError):
        return set()
    return set(value) if isinstance(value, dict) else set()


def _products_txt_format(path: Path) -> str | None:
    with open_binary(path) as stream:
        header = stream.readline()
    if b"~" in header:
        return "orangebook"
    if b"\t" in header:
        return "drugsatfda"
    return None


def _is_csv(name: str) -> bool:
    return strip_compression_suffix(name).lower().endswith(".csv")


def _first_line(path: Path) -> str | None:
    """The first line of a file (plain, compressed or alone in a zip), or None when it cannot be read."""
    try:
        with open_binary(path) as stream:
            return stream.readline(65536).decode("utf-8", errors="replace")
    except (OSError, EOFError, zipfile.BadZipFile):
        return None


def _is_nadac_csv(path: Path) -> bool:
    """A ``.csv`` whose header has NADAC's columns."""
    header = _first_line(path)
    return header is not None and is_nadac_header(header)


def _is_purplebook_csv(path: Path, max_lines: int = 20) -> bool:
    """A ``.csv`` (plain, compressed or alone in a zip) with a Purple Book header row among its first lines
    (the monthly file has title lines before it)."""
    try:
        with open_binary(path) as stream:
            lines = [stream.readline(65536).decode("utf-8", errors="replace") for _ in range(max_lines)]
    except (OSError, EOFError, zipfile.BadZipFile):
        return False
    return is_purplebook_header([line for line in lines if line.strip()])


def _is_pddi_tsv(path: Path) -> bool:
    header = _first_line(path)
    return header is not None and is_pddi_header(header)


def _csv_format(path: Path) -> str | None:
    if _is_nadac_csv(path):
        return "nadac"
    if _is_purplebook_csv(path):
        return "purplebook"
    return None


def _is_label_file(path: Path) -> bool:
    return strip_compression_suffix(path.name).lower().endswith((".xml", ".json", ".jsonl", ".ndjson"))


def detect_format(path: str | os.PathLike[str]) -> str | None:
    """The ``READERS`` key for a file or directory, or None if it is not a known format."""
    path = Path(path)
    if path.is_dir():
        if path.name in LABEL_JSONL_FLAVORS:
            return path.name
        top_level = [p.name for p in path.iterdir() if p.is_file()]
        found = _by_file_names(top_level)
        if found:
            return found
        csvs = sorted(p for p in path.iterdir() if p.is_file() and _is_csv(p.name))
        if csvs and (found := _csv_format(csvs[0])):
            return found
        # A folder of label files: one format throughout, else unknown.
        keys = {detect_format(p) for p in path.rglob("*") if p.is_file() and _is_label_file(p)}
        return keys.pop() if len(keys) == 1 else None
    if not path.is_file():
        return None
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                names = [info.filename for info in archive.infolist() if not info.is_dir()]
        except zipfile.BadZipFile:
            return None
        found = _by_file_names(names)
        if found is None and len(names) == 1 and _is_csv(names[0]):
            return _csv_format(path)
        return found
    base = strip_compression_suffix(path.name).lower()
    if base == "patent_use_codes.json":
        return "patent_use_codes"
    if base == "labelproductindication.md":
        return "medrecpro_indications"
    if base.endswith(".tsv") and _is_pddi_tsv(path):
        return "pddi_pairs"
    if base.endswith(".txt") and (header := _first_line(path)) is not None and is_unii_names_header(header):
        return "unii_names"
    if base == "products.txt":
        return _products_txt_format(path)
    if base == "applications.txt":  # the join files (TE, MarketingStatus) are only read with Products.txt
        return "drugsatfda"
    if base in _ORANGEBOOK_FILES:
        return "orangebook"
    if base in _NDC_FILES:
        return "ndc"
    if base.endswith(".xml"):
        return "spl_xml"
    if _is_csv(path.name):
        return _csv_format(path)
    if base.endswith((".json", ".jsonl", ".ndjson")):
        if path.parent.name in LABEL_JSONL_FLAVORS:
            return path.parent.name
        if base.endswith(".json"):
            return "openfda_json"
        return sniff_flavor(_first_line_keys(path)) or "openfda_json"
    return None
