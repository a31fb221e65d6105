"""Adapters for the third-party label-section extractions in ``data/labels/`` (see ``data/labels/SOURCES.md``).

Each is JSON Lines (gzip in the bundle); one line = one label; positions are ``"line N"``. ``source`` is the
folder name, ``source_file`` the path as given. A set id seen twice in one file yields a ``RecordError`` for the
repeat. Every record gets a ``notes`` entry saying what kind of extraction it is.

* ``pharma_rag`` (TSofi/pharma-rag): ``drug, brands[], generic_name, manufacturer, set_id, effective_time, url,
  sections[{section, text}]``; no version. Section titles ("Indications and Usage", "Warnings and Precautions",
  "Ask a Doctor Before Use", ...) map to openFDA keys via ``PHARMA_RAG_TITLE_KEYS`` or the openFDA naming rule;
  a title that matches no openFDA field becomes ``spl_unclassified_section`` (title kept). Texts keep their
  leading heading ("1 INDICATIONS AND USAGE ...") and are sometimes cut off (8,000 characters).
* ``graphrag_labels`` (rxbass/Healthcare-Hybrid-GraphRAG): ``id, name, label_id (the SPL id), set_id,
  effective_time, version (string), brand_names[], generic_names[], product_type, rxcui[], classes[],
  ingredients[], sections{openFDA key: text}``. Texts are flattened to one line and some are cut at the start.
  ``classes`` (lower-cased class names of unknown kind) are not mapped to ``pharm_classes``.
* ``phase3_openfda_sections`` (rakshithpvt96-cmd/Phase-3): a clinical-trial drug list matched to openFDA:
  ``slug, drug_name, rxcui, openfda_brand_names[], openfda_generic_names[], set_id, dailymed_url,
  sections{openFDA key: text}``; no version or date. ``rxcui`` belongs to the trial's drug name, not to the
  label, so it is not used. Rows are rejected (``RecordError``), by this documented rule:
  no set id; no sections and no brand/generic names (an unmatched name such as "611"); no sections; or a trial
  comparator / non-drug product -- ``drug_name`` or a label name contains a word of ``PHASE3_JUNK_WORDS``
  (placebo, vehicle, toothpaste, dentifrice, deodorant, antiperspirant).
* ``onsides_demner_fushman_200`` (tatonetti-lab/onsides, TAC 2017 ADR corpus): ``label_id`` (brand), ``split``,
  ``sections{adverse_reactions, warnings_and_precautions, boxed_warning}``, ``ingredient``,
  ``ingredient_source``, and for 100 labels ``set_id, application_number, approval_date``. Rows without a set id
  (the other 100, whose ingredient comes from an unverified brand->generic mapping) -> ``RecordError`` "no set
  id ...". If an unverified mapping ever comes with a set id, ``notes`` says so. The leading "6 ADVERSE
  REACTIONS" / "5 WARNINGS AND PRECAUTIONS" / "BOXED WARNING:" header is stripped, runs of spaces collapsed,
  lines trimmed and runs of blank lines collapsed. ``warnings_and_precautions`` is openFDA's ``warnings_and_cautions``. The text dates from
  about 2014-2016; there is no version or effective date (``approval_date`` is the application's, kept in notes).

The fifth file in that folder, ``onsides_fda_pediatric_special_populations_snippets.json.gz`` (lower-cased
snippets), is not a label format and has no reader.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from .io import iter_json_lines
from .openfda_json import parse_version, parse_yyyymmdd
from .records import LabelRecord, RecordError, SectionRecord
from .section_keys import UNCLASSIFIED_KEY, SectionCatalog, openfda_key_for_name, section_catalog

PHARMA_RAG = "pharma_rag"
GRAPHRAG_LABELS = "graphrag_labels"
PHASE3_OPENFDA_SECTIONS = "phase3_openfda_sections"
ONSIDES_DEMNER_FUSHMAN_200 = "onsides_demner_fushman_200"

PHARMA_RAG_TITLE_KEYS = {
    "warnings and precautions": "warnings_and_cautions",
    "ask a doctor before use": "ask_doctor",
    "ask a doctor or pharmacist before use": "ask_doctor_or_pharmacist",
    "stop use and ask a doctor if": "stop_use",
}
ONSIDES_SECTION_KEYS = {"warnings_and_precautions": "warnings_and_cautions"}
PHASE3_JUNK_WORDS = ("placebo", "vehicle", "toothpaste", "dentifrice", "deodorant", "antiperspirant")
_PHASE3_JUNK = re.compile(rf"\b({'|'.join(PHASE3_JUNK_WORDS)})\b", re.IGNORECASE)
_ONSIDES_HEADER = re.compile(
    r"^\s*(?:\d+\.?\s+)?(?:ADVERSE\s+REACTIONS|WARNINGS\s+AND\s+PRECAUTIONS)\s*\n|^\s*BOXED\s+WARNING:\s*",
    re.IGNORECASE,
)
_APPLICATION = re.compile(r"^\s*(NDA|ANDA|BLA)\s*0*(\d+)", re.IGNORECASE)


class _BadRecord(Exception):
    pass


# --- field helpers --------------------------------------------------------------------------------------------


def _text(record: dict, name: str) -> str:
    value = record.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _BadRecord(f"{name}: expected a string, got {type(value).__name__}")
    return value.strip()


def _texts(record: dict, name: str) -> list[str]:
    value = record.get(name)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _BadRecord(f"{name}: expected an array of strings")
    return [item.strip() for item in value if item.strip()]


def _dated(value: str, parse: Callable[[object], object]) -> object:
    try:
        return parse(value or None)
    except ValueError as exc:
        raise _BadRecord(str(exc)) from None


def _sections_from_dict(record: dict, catalog: SectionCatalog, rename: dict[str, str] | None = None) -> list:
    sections = record.get("sections") or {}
    if not isinstance(sections, dict):
        raise _BadRecord("sections: expected an object of section texts")
    out = []
    for raw_key, text in sections.items():
        if not isinstance(text, str):
            raise _BadRecord(f"sections.{raw_key}: expected a string, got {type(text).__name__}")
        key = (rename or {}).get(raw_key, raw_key)
        if key not in catalog.openfda_fields:
            key = UNCLASSIFIED_KEY
        if text.strip():
            title, loinc = catalog.describe(key)
            out.append(SectionRecord(key=key, text=text.strip(), title=title, loinc=loinc, order=len(out)))
    return out


def pharma_rag_section_key(title: str, catalog: SectionCatalog) -> str:
    """openFDA key for a pharma_rag section title ("Indications and Usage" -> ``indications_and_usage``)."""
    key = PHARMA_RAG_TITLE_KEYS.get(title.strip().lower()) or openfda_key_for_name(title)
    return key if key in catalog.openfda_fields else UNCLASSIFIED_KEY


def clean_onsides_text(text: str) -> str:
    """Strip the leading section header; collapse spaces, trim lines, collapse runs of blank lines."""
    text = _ONSIDES_HEADER.sub("", text, count=1)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def normalize_application_number(raw: str) -> str:
    """``"NDA 022250"`` -> ``"NDA022250"``, ``"BLA 125557/0.0"`` -> ``"BLA125557"``; else ``""``."""
    match = _APPLICATION.match(raw or "")
    if not match:
        return ""
    return f"{match.group(1).upper()}{int(match.group(2)):06d}"


# --- per-format mapping ---------------------------------------------------------------------------------------


def _pharma_rag(record: dict, label: LabelRecord, catalog: SectionCatalog) -> None:
    label.effective_date = _dated(_text(record, "effective_time"), parse_yyyymmdd)
    label.brand_names = _texts(record, "brands")
    label.generic_names = _texts(record, "generic_name")
    label.manufacturer = _text(record, "manufacturer")
    sections = record.get("sections") or []
    if not isinstance(sections, list):
        raise _BadRecord("sections: expected an array of {section, text}")
    for item in sections:
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("section"), str)
            or not isinstance(item.get("text"), str)
        ):
            raise _BadRecord("sections: each item must be {section: string, text: string}")
        if not item["text"].strip():
            continue
        key = pharma_rag_section_key(item["section"], catalog)
        label.sections.append(
            SectionRecord(
                key=key,
                text=item["text"].strip(),
                title=item["section"].strip(),
                loinc=catalog.describe(key)[1],
                order=len(label.sections),
            )
        )
    label.notes.append("third-party extraction (TSofi/pharma-rag); no version number; some texts are cut off")


def _graphrag(record: dict, label: LabelRecord, catalog: SectionCatalog) -> None:
    label.spl_id = _text(record, "label_id")
    label.version = _dated(record.get("version"), parse_version)
    label.effective_date = _dated(_text(record, "effective_time"), parse_yyyymmdd)
    label.brand_names = _texts(record, "brand_names")
    label.generic_names = _texts(record, "generic_names")
    label.substance_names = _texts(record, "ingredients")
    label.product_type = _text(record, "product_type")
    label.rxcuis = _texts(record, "rxcui")
    label.sections = _sections_from_dict(record, catalog)
    label.notes.append(
        "third-party extraction (rxbass/Healthcare-Hybrid-GraphRAG): sections flattened to one line, "
        "tables lost, some texts cut at the start"
    )


def _phase3(record: dict, label: LabelRecord, catalog: SectionCatalog) -> None:
    label.brand_names = _texts(record, "openfda_brand_names")
    label.generic_names = _texts(record, "openfda_generic_names")
    label.sections = _sections_from_dict(record, catalog)
    drug_name = _text(record, "drug_name")
    names = [drug_name, *label.brand_names, *label.generic_names]
    junk = next((m.group(1).lower() for name in names if (m := _PHASE3_JUNK.search(name))), None)
    if junk:
        raise _BadRecord(
            f"not a drug label for a trial drug: {drug_name!r} is a comparator/non-drug ({junk})"
        )
    if not label.sections and not label.brand_names and not label.generic_names:
        raise _BadRecord(f"no label matched {drug_name!r}: no names and no sections")
    if not label.sections:
        raise _BadRecord(f"no label sections for {drug_name!r}")
    label.notes.append(
        f"third-party extraction (Phase-3 trial drug list, matched by name {drug_name!r}); no version or date"
    )


def _onsides(record: dict, label: LabelRecord, catalog: SectionCatalog) -> None:
    label.brand_names = _texts(record, "label_id")
    label.generic_names = _texts(record, "ingredient")
    label.sections = _sections_from_dict(record, catalog, ONSIDES_SECTION_KEYS)
    for section in label.sections:
        section.text = clean_onsides_text(section.text)
    label.sections = [s for s in label.sections if s.text]
    raw_application = _text(record, "application_number")
    application = normalize_application_number(raw_application)
    if application:
        label.application_numbers = [application]
    label.notes.append(
        "label text from the TAC 2017 ADR corpus (about 2014-2016); no version or effective date"
    )
    if raw_application and not application:
        label.notes.append(f"application number as published: {raw_application!r}")
    if _text(record, "approval_date"):
        label.notes.append(
            f"application approval date {_text(record, 'approval_date')} (not the text's date)"
        )
    ingredient_source = _text(record, "ingredient_source")
    if "unverified" in ingredient_source.lower() or not ingredient_source:
        label.notes.append(
            "ingredient from an unverified brand-to-generic mapping; check against Drugs@FDA or NDC"
        )
    else:
        label.notes.append(f"ingredient from {ingredient_source}")


_MAPPERS: dict[str, Callable[[dict, LabelRecord, SectionCatalog], None]] = {
    PHARMA_RAG: _pharma_rag,
    GRAPHRAG_LABELS: _graphrag,
    PHASE3_OPENFDA_SECTIONS: _phase3,
    ONSIDES_DEMNER_FUSHMAN_200: _onsides,
}
FLAVORS = tuple(_MAPPERS)


# --- reading --------------------------------------------------------------------------------------------------


def _no_set_id_reason(flavor: str, record: dict) -> str:
    if flavor == ONSIDES_DEMNER_FUSHMAN_200:
        label_id = record.get("label_id")
        unverified = "unverified" in str(record.get("ingredient_source") or "unverified").lower()
        return f"no set id (label {label_id!r}{'; ingredient mapping unverified' if unverified else ''})"
    if flavor == PHASE3_OPENFDA_SECTIONS:
        return f"no set id (drug {record.get('drug_name')!r})"
    return "no set id"


def read_label_jsonl(
    path: str | os.PathLike[str], flavor: str | None = None
) -> Iterator[LabelRecord | RecordError]:
    """Read one of the four JSON Lines label formats; ``flavor`` defaults to the parent folder's name.

    Raises ``ValueError`` for an unknown flavor and ``UnreadableSourceError`` if the file cannot be opened.
    """
    file = str(path)
    flavor = flavor or Path(path).parent.name
    if flavor not in _MAPPERS:
        raise ValueError(f"{file}: unknown label JSONL flavor {flavor!r} (one of {', '.join(FLAVORS)})")
    mapper = _MAPPERS[flavor]
    catalog = section_catalog()
    first_line_of: dict[str, str] = {}
    for position, record in iter_json_lines(path, file):
        if isinstance(record, RecordError):
            yield record
            continue
        if not isinstance(record, dict):
            yield RecordError(file, position, "record is not a JSON object")
            continue
        set_id = record.get("set_id")
        if not isinstance(set_id, str) or not set_id.strip():
            yield RecordError(file, position, _no_set_id_reason(flavor, record))
            continue
        set_id = set_id.strip()
        label = LabelRecord(set_id=set_id, source=flavor, source_file=file, position=position)
        try:
            mapper(record, label, catalog)
        except _BadRecord as exc:
            yield RecordError(file, position, str(exc))
            continue
        if set_id in first_line_of:
            yield RecordError(file, position, f"duplicate set id {set_id} (first at {first_line_of[set_id]})")
            continue
        first_line_of[set_id] = position
        yield label


def read_pharma_rag(path: str | os.PathLike[str]) -> Iterator[LabelRecord | RecordError]:
    return read_label_jsonl(path, PHARMA_RAG)


def read_graphrag_labels(path: str | os.PathLike[str]) -> Iterator[LabelRecord | RecordError]:
    return read_label_jsonl(path, GRAPHRAG_LABELS)


def read_phase3_openfda_sections(path: str | os.PathLike[str]) -> Iterator[LabelRecord | RecordError]:
    return read_label_jsonl(path, PHASE3_OPENFDA_SECTIONS)


def read_onsides_demner_fushman(path: str | os.PathLike[str]) -> Iterator[LabelRecord | RecordError]:
    return read_label_jsonl(path, ONSIDES_DEMNER_FUSHMAN_200)


def sniff_flavor(keys: set[str]) -> str | None:
    """Guess the flavor from the keys of a file's first record."""
    if {"drug", "brands", "sections"} <= keys:
        return PHARMA_RAG
    if {"label_id", "set_id", "version", "classes"} <= keys:
        return GRAPHRAG_LABELS
    if {"slug", "drug_name", "sections"} <= keys:
        return PHASE3_OPENFDA_SECTIONS
    if {"label_id", "split", "sections"} <= keys:
        return ONSIDES_DEMNER_FUSHMAN_200
    return None
