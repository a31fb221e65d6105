"""Label section names: LOINC code <-> openFDA field name <-> display title.

The authority is openFDA's own reference data, bundled in ``data/reference/`` (see its README):

* ``sections.csv`` -- ``LOINC,name`` without a header (names may contain unquoted commas);
* ``loinc.csv`` -- ``"LOINC", "name"`` with a header (same codes; one name differs: 43685-7 is "Warnings and
  Precautions" here, "Warnings and cautions" in sections.csv -- openFDA's field is ``warnings_and_cautions``);
* ``spl_mapping.json`` -- openFDA's Elasticsearch mapping; every section field and its ``*_table`` variant.

openFDA derives a field name from the section name: text before the first comma, ``&`` -> ``and``, ``/`` -> ``or``,
punctuation dropped, lower snake case ("Indications & Usage" -> ``indications_and_usage``, "Route, Method and
Frequency of Administration" -> ``route``). ``KEY_OVERRIDES`` holds the codes where openFDA's field differs from
that rule; ``section_catalog()`` checks every derived key against ``spl_mapping.json`` (all match except
60684-8 "Cellular Therapy", newer than the mapping: it keeps the derived key ``cellular_therapy``).

The reference directory is ``$RXANSWERS_REFERENCE_DIR`` or ``<repo>/data/reference``; files may be ``.xz``.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import orjson

from .io import UnreadableSourceError, open_binary

# openFDA field names that the snake-case rule does not produce.
KEY_OVERRIDES = {
    "42229-5": "spl_unclassified_section",  # "SPL Unclassified"
}
# Display titles that read better than sections.csv's wording.
TITLE_OVERRIDES = {
    "43685-7": "Warnings and Precautions",  # sections.csv: "Warnings and cautions"
}
# Metadata fields of an openFDA record: everything else in spl_mapping.json is a section field.
OPENFDA_METADATA_FIELDS = frozenset(
    {"@checksum", "@epoch", "@timestamp", "effective_time", "id", "openfda", "set_id", "version"}
)
UNCLASSIFIED_KEY = "spl_unclassified_section"


@dataclass(frozen=True, slots=True)
class SectionKind:
    key: str  # openFDA field name
    loinc: str
    title: str
    in_openfda: bool = True  # False for codes newer than spl_mapping.json (60684-8 -> ``cellular_therapy``)


@dataclass(frozen=True, slots=True)
class SectionCatalog:
    by_loinc: dict[str, SectionKind]
    by_key: dict[str, SectionKind]
    openfda_fields: frozenset[str]  # every section field of spl_mapping.json, ``*_table`` variants included

    def describe(self, field: str) -> tuple[str, str]:
        """``(title, loinc)`` for an openFDA field name; ``*_table`` fields get "<title> (table)"."""
        base = field.removesuffix("_table")
        kind = self.by_key.get(base)
        if kind is None:
            title = base.replace("_", " ").capitalize()
            return (f"{title} (table)" if base != field else title), ""
        return (f"{kind.title} (table)" if base != field else kind.title), kind.loinc


def openfda_key_for_name(name: str) -> str:
    """The openFDA field name for a section name, by openFDA's rule (see module docstring)."""
    text = name.split(",", 1)[0]
    text = text.replace("&", " and ").replace("/", " or ")
    text = re.sub(r"[^0-9A-Za-z]+", " ", text)
    return "_".join(text.lower().split())


def reference_dir() -> Path:
    configured = os.environ.get("RXANSWERS_REFERENCE_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3] / "data" / "reference"


def _read_reference(name: str) -> bytes:
    folder = reference_dir()
    for candidate in (folder / name, folder / f"{name}.xz", folder / f"{name}.gz"):
        if candidate.exists():
            with open_binary(candidate) as stream:
                return stream.read()
    raise UnreadableSourceError(
        f"{folder / name}: openFDA reference file not found (set RXANSWERS_REFERENCE_DIR to data/reference)"
    )


def _sections_csv_names() -> dict[str, str]:
    names = {}
    for line in _read_reference("sections.csv").decode("utf-8").splitlines():
        code, sep, name = line.partition(",")
        if sep and re.fullmatch(r"\d+-\d", code.strip()):
            names[code.strip()] = name.strip()
    return names


def _loinc_csv_names() -> dict[str, str]:
    text = _read_reference("loinc.csv").decode("utf-8")
    rows = csv.reader(io.StringIO(text), skipinitialspace=True)
    return {
        row[0].strip(): row[1].strip() for row in rows if len(row) >= 2 and re.fullmatch(r"\d+-\d", row[0])
    }


def _openfda_section_fields() -> frozenset[str]:
    mapping = orjson.loads(_read_reference("spl_mapping.json"))
    properties = mapping["_doc"]["properties"]
    return frozenset(name for name in properties if name not in OPENFDA_METADATA_FIELDS)


@lru_cache(maxsize=1)
def section_catalog() -> SectionCatalog:
    """Load (once) the LOINC/openFDA section catalog from the reference files."""
    names = _sections_csv_names()
    for code, name in _loinc_csv_names().items():
        names.setdefault(code, name)
    fields = _openfda_section_fields()
    by_loinc: dict[str, SectionKind] = {}
    for code, name in names.items():
        key = KEY_OVERRIDES.get(code) or openfda_key_for_name(name)
        title = TITLE_OVERRIDES.get(code, name)
        by_loinc[code] = SectionKind(key=key, loinc=code, title=title, in_openfda=key in fields)
    by_key = {kind.key: kind for kind in by_loinc.values()}
    return SectionCatalog(by_loinc=by_loinc, by_key=by_key, openfda_fields=fields)
