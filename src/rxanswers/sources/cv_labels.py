"""Reader for the FDA cardiovascular label set of the PDDI project (``data/labels/fda_cv_ddis_2014/``).

182 cardiovascular drug labels (dbmi-pitt/public-PDDI-analysis, ``PDDI-Datasets/FDA-CV-DDIs``, May 2014), each
``<setid>.txt``: a title line ("PLAVIX (clopidogrel bisulfate) tablet, film coated" or "Drug Label for drug brand
ADCIRCA, containing Tadalafil."), then selected sections (contraindications, warnings and precautions, drug
interactions, sometimes dosage) under capitalised headings ("4 CONTRAINDICATIONS", "WARNINGS",
"DOSAGE  -  ADMINISTRATION SECTION"), sub-headings kept in the text, ``<list>/<item>`` markup as bullets. The
bundle holds the ``.txt`` label text only (the project's ``.xml`` annotations have no licence: evaluation only).
A zip or a directory of ``.txt`` files; one record per file (position = the file name). No version or effective
date is published: every record is dated by the set's release (2014-05) in ``notes`` and left undated.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from .records import LabelRecord, RecordError, SectionRecord
from .section_keys import section_catalog

SOURCE = "fda_cv_labels_2014"
MAX_FILE_BYTES = 2_000_000
_MARKUP = re.compile(r"</?(?:list|paragraph|main)>")  # the extraction's structure tags (items become bullets)
_SET_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_HEADING = re.compile(r"^\s*(?:\d{1,2}\s+)?([A-Z][A-Z ,&/-]{3,}?)(?:\s+SECTION)?\s*$")
HEADING_KEYS = {
    "CONTRAINDICATIONS": "contraindications",
    "C O NTRAINDICATIONS": "contraindications",
    "WARNINGS AND PRECAUTIONS": "warnings_and_cautions",
    "WARNINGS": "warnings",
    "WARNING": "warnings",
    "PRECAUTIONS": "precautions",
    "DRUG INTERACTIONS": "drug_interactions",
    "DOSAGE AND ADMINISTRATION": "dosage_and_administration",
    "DOSAGE - ADMINISTRATION": "dosage_and_administration",
    "INDICATIONS AND USAGE": "indications_and_usage",
    "INDICATIONS - USAGE": "indications_and_usage",
    "BOXED WARNING": "boxed_warning",
    "DESCRIPTION": "description",
    "CLINICAL PHARMACOLOGY": "clinical_pharmacology",
    "ADVERSE REACTIONS": "adverse_reactions",
    "USE IN PREGNANCY": "pregnancy",
    "CARCINOGENESIS, MUTAGENESIS, IMPAIRMENT OF FERTILITY": "carcinogenesis_and_mutagenesis_and_impairment_of_fertility",
}
_TITLE_BRAND = re.compile(r"^Drug Label for drug brand (.+?), containing (.+?)\.?\s*$", re.I)
_TITLE_PAREN = re.compile(r"^([^()]+?)\s*\(([^()]+)\)")
_TEXT_NAMES = re.compile(r"\b([A-Z][A-Z0-9-]{3,})(?:®)?(?:\s+[A-Z][a-z]+)?\s*\(([a-z][a-z ,-]{3,60}?)\)")
_TITLE_GENERIC = re.compile(
    r"^([A-Z][A-Z0-9 ,/-]+?)\s+(?:tablets?|capsules?|injection|solution|suspension|powder|kit|patch|"
    r"concentrate|elixir|syrup|gel|cream|ointment)\b"
)


def _files(path: Path) -> Iterator[tuple[str, bytes]]:
    if path.is_dir():
        for file in sorted(path.rglob("*.txt")):
            if file.stat().st_size > MAX_FILE_BYTES:
                yield file.name, b""
            else:
                yield file.name, file.read_bytes()
        return
    with zipfile.ZipFile(path) as archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if not info.filename.endswith(".txt"):
                continue
            if info.file_size > MAX_FILE_BYTES:
                yield info.filename.rsplit("/", 1)[-1], b""
                continue
            yield info.filename.rsplit("/", 1)[-1], archive.read(info)


def _names(title: str) -> tuple[list[str], list[str]]:
    m = _TITLE_BRAND.match(title)
    if m:
        brand, generic = m.group(1).strip(), m.group(2).strip().lower()
        return ([] if brand.lower() == generic else [brand]), [generic]
    m = _TITLE_GENERIC.match(title)
    if m and "(" not in title:  # "MOEXIPRIL HYDROCHLORIDE tablet, film coated": a generic product
        return [], [m.group(1).strip().lower()]
    m = _TITLE_PAREN.match(title)
    if m:
        brand, generic = m.group(1).strip(), m.group(2).strip()
        if brand.lower() == generic.lower():
            return [], [generic.lower()]
        return [brand.title() if brand.isupper() else brand], [generic.lower()]
    if (
        title.isupper() and title.endswith(".") and len(title) < 120
    ):  # "LOSARTAN POTASSIUM AND HYDROCHLOROTHIAZIDE."
        return [], [title.rstrip(".").strip().lower()]
    if len(title) < 40 and not title.upper().endswith("SECTION"):  # a bare product name: "Lopressor HCT"
        return [title.title() if title.isupper() else title], []
    return [], []


def parse(name: str, text: str) -> LabelRecord:
    """One label file's text -> a record (raises ValueError for a file that is not a label)."""
    set_id = name.removesuffix(".txt")
    if not _SET_ID.match(set_id):
        raise ValueError(f"file name {name!r} is not a set id")
    text = _MARKUP.sub("\n", text.replace("\r\n", "\n").replace("<item>", "\n• "))
    lines = text.split("\n")
    title = next((line.strip() for line in lines if line.strip()), "")
    catalog = section_catalog()
    sections: list[SectionRecord] = []
    key, body = None, []

    def close() -> None:
        joined = "\n".join(body).strip()
        joined = re.sub(r"\n(?:\s*•\s*\n)+", "\n", joined)
        if key and joined:
            kind = catalog.by_key.get(key)
            sections.append(
                SectionRecord(
                    key,
                    joined,
                    title=kind.title if kind else key,
                    loinc=kind.loinc if kind else "",
                    order=len(sections),
                )
            )

    for line in lines:
        m = _HEADING.match(line)
        heading = " ".join(m.group(1).replace("-", " - ").split()).replace(" - ", " - ") if m else ""
        heading_key = HEADING_KEYS.get(heading) or HEADING_KEYS.get(heading.replace(" - ", " AND "))
        if heading_key:
            close()
            key, body = heading_key, []
        elif key:
            body.append(line)
    close()
    if not sections:
        raise ValueError("no label section heading found")
    brands, generics = _names(title)
    if not generics:  # a title-less file: "TIKOSYN (dofetilide) is an antiarrhythmic drug ..." in its text
        m = _TEXT_NAMES.search(text[:2000])
        if m:
            brands, generics = [m.group(1).title()], [m.group(2).strip().lower()]
    return LabelRecord(
        set_id=set_id,
        source=SOURCE,
        source_file="",
        position=name,
        title=title[:500],
        brand_names=brands,
        generic_names=generics,
        sections=sections,
        notes=[
            "third-party text extraction (PDDI project, FDA cardiovascular labels as of 2014-05); undated"
        ],
    )


def read_cv_labels(path: str | Path) -> Iterator[LabelRecord | RecordError]:
    path = Path(path)
    for name, raw in _files(path):
        if not raw:
            yield RecordError(str(path), name, f"file larger than {MAX_FILE_BYTES} bytes or empty")
            continue
        try:
            record = parse(name, raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield RecordError(str(path), name, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
            continue
        except ValueError as exc:
            yield RecordError(str(path), name, str(exc))
            continue
        record.source_file = str(path)
        yield record
