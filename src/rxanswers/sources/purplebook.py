"""FDA Purple Book data download: licensed biological products, from https://purplebooksearch.fda.gov/downloads.

The monthly file (``purplebook-search-<month>-data-download.csv``) is a spreadsheet saved as CSV. It starts with
title lines ("Purple Book Monthly Historical Data Changes Report - June 2026", padded with commas) and may hold
two tables, each under its own header row: first the products newly approved, added or updated that month
(N/R/U), then, under "Purple Book Database", every product, the changed ones included. This reader finds header
rows by their column names wherever they are, and reads only the rows under the LAST header (the full list), so
the changed products are not read twice. A file with a single table is read whole.

Columns are matched by name (case, spaces, underscores and full stops ignored), so order does not matter:

    N/R/U, Applicant, BLA Number, Proprietary Name, Proper Name, BLA Type (older) or License Type, Strength,
    Dosage Form, Route of Administration, Product Presentation, Marketing Status, Licensure, Approval Date,
    Inter. Approval Date (newer), Ref. Product Proper Name, Ref. Product Proprietary Name, Supplement Number,
    Submission Type, Inter. Supplement Number (newer), License Number, Product Number, Center,
    Date of First Licensure, Exclusivity Expiration Date, First Interchangeable Exclusivity Exp. Date,
    Ref. Product Exclusivity Exp. Date, Orphan Exclusivity Exp. Date, Patent List Provided (newer)

Required: BLA Number, Proper Name, Product Number and BLA Type / License Type. License types are "351(a)",
"351(k)", "351(k) Biosimilar" and "351(k) Interchangeable". Dates come as ``31-Dec-02``, ``May 22, 2025``,
``MM/DD/YYYY`` or ISO; a two-digit year is read as 20yy unless that is after the report month (then 19yy) for
approval and licensure dates, and as 20yy below 70 (else 19yy) for exclusivity expiry dates. "N/A" and empty
cells mean "not given"; "Date TBD" (FDA's wording for a first-interchangeable exclusivity whose end is not yet
set) is kept as a flag, not a date.

Each row -> ``PurpleBookProductRecord``; a row with a missing or malformed BLA/product number, an unknown license
type, a bad date, the wrong number of columns, or a BLA/product number already read -> ``RecordError`` at
``"line N"``. A file without a Purple Book header row raises ``UnreadableSourceError``.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO

from .io import (
    UnreadableSourceError,
    field_too_long,
    is_overlong,
    iter_members,
    overlong_reason,
    strip_compression_suffix,
    text_lines,
)
from .records import PurpleBookProductRecord, RecordError

CHANGE = "n/r/u"
APPLICANT = "applicant"
BLA = "bla number"
PROPRIETARY = "proprietary name"
PROPER = "proper name"
BLA_TYPE = "bla type"  # older files
LICENSE_TYPE = "license type"  # newer files
STRENGTH = "strength"
DOSAGE_FORM = "dosage form"
ROUTE = "route of administration"
PRESENTATION = "product presentation"
MARKETING = "marketing status"
LICENSURE = "licensure"
APPROVAL = "approval date"
INTER_APPROVAL = "inter approval date"
REF_PROPER = "ref product proper name"
REF_PROPRIETARY = "ref product proprietary name"
SUPPLEMENT = "supplement number"
SUBMISSION = "submission type"
LICENSE_NUMBER = "license number"
PRODUCT_NUMBER = "product number"
CENTER = "center"
FIRST_LICENSURE = "date of first licensure"
EXCLUSIVITY = "exclusivity expiration date"
FIRST_INTERCHANGEABLE = "first interchangeable exclusivity exp date"
REF_EXCLUSIVITY = "ref product exclusivity exp date"
ORPHAN = "orphan exclusivity exp date"
PATENT_LIST = "patent list provided"
REQUIRED = (BLA, PROPER, PRODUCT_NUMBER)

_MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_MON = {name[:3]: number for name, number in _MONTHS.items()}
_TITLE_MONTH = re.compile(r"\b(" + "|".join(_MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)
_DAY_MON_YEAR = re.compile(r"(\d{1,2})-([A-Za-z]{3})-(\d{2}|\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NOT_GIVEN = {"", "n/a", "na", "none", "-"}
_TBD = {"date tbd", "tbd"}


class _BadRow(Exception):
    """A malformed value; the message is the ``RecordError`` reason."""


def column_key(name: str) -> str:
    """``"Ref. Product Proper Name"`` / ``"ref_product_proper_name"`` -> ``"ref product proper name"``."""
    cleaned = name.strip().lstrip("\ufeff").replace("_", " ").replace(".", " ")
    return " ".join(cleaned.split()).lower()


def _is_header(keys: list[str]) -> bool:
    return BLA in keys and PROPER in keys


def report_month(line: str) -> date | None:
    """``"Purple Book Monthly Historical Data Changes Report - June 2026"`` -> 2026-06-01."""
    match = _TITLE_MONTH.search(line)
    if not match:
        return None
    return date(int(match.group(2)), _MONTHS[match.group(1).lower()], 1)


def _given(value: str) -> str:
    value = " ".join(value.split())
    return "" if value.lower() in _NOT_GIVEN else value


def parse_date(value: str, column: str, *, past: bool, reference: date | None = None) -> date | None:
    """A Purple Book date (see the module docstring), or None when not given. ``past``: an approval-type date
    (two-digit years never in the future of ``reference``); otherwise an expiry date."""
    value = _given(value)
    if not value:
        return None
    try:
        if match := _DAY_MON_YEAR.fullmatch(value):
            day, mon, year_text = match.groups()
            month = _MON.get(mon.lower())
            if month is None:
                raise ValueError
            year = int(year_text)
            if len(year_text) == 2:
                if past:
                    limit = reference or date.today()
                    year = 2000 + year if date(2000 + year, month, 1) <= limit else 1900 + year
                else:
                    year = 2000 + year if year < 70 else 1900 + year
            return date(year, month, int(day))
        if match := _MONTH_DAY_YEAR.fullmatch(value):
            name, day, year = match.groups()
            month = _MONTHS.get(name.lower()) or _MON.get(name[:3].lower() if len(name) == 3 else "")
            if month is None:
                raise ValueError
            return date(int(year), month, int(day))
        if match := _US_DATE.fullmatch(value):
            month, day, year = (int(part) for part in match.groups())
            return date(year, month, day)
        if match := _ISO_DATE.fullmatch(value):
            year, month, day = (int(part) for part in match.groups())
            return date(year, month, day)
    except ValueError:
        pass
    raise _BadRow(f"{column}: {value!r} is not a date")


def _digits(value: str, column: str, width: int) -> str:
    value = value.strip()
    if not re.fullmatch(rf"\d{{1,{width}}}", value):
        raise _BadRow(f"{column}: {value!r} is not a number of at most {width} digits")
    return value.zfill(width)


def _license_type(value: str) -> tuple[str, str, bool]:
    """(as published, pathway, interchangeable) of a BLA Type / License Type cell."""
    text = " ".join(value.split())
    lower = text.lower().replace(" ", "")
    if lower.startswith("351(a)"):
        return text, "351(a)", False
    if lower.startswith("351(k)"):
        rest = lower[len("351(k)") :]
        if rest in {"", "biosimilar", "interchangeable"}:
            return text, "351(k)", rest == "interchangeable"
    raise _BadRow(
        f"License Type: {value!r} is not 351(a), 351(k), 351(k) Biosimilar or 351(k) Interchangeable"
    )


def _row_record(row: dict[str, str], month: date | None) -> PurpleBookProductRecord:
    def cell(key: str) -> str:
        return _given(row.get(key, ""))

    bla_text, product_text = cell(BLA), cell(PRODUCT_NUMBER)
    if not bla_text:
        raise _BadRow("BLA Number is empty")
    if not product_text:
        raise _BadRow("Product Number is empty")
    proper = cell(PROPER)
    if not proper:
        raise _BadRow("Proper Name is empty")
    type_column = LICENSE_TYPE if LICENSE_TYPE in row else BLA_TYPE
    license_type, pathway, interchangeable = _license_type(row.get(type_column, ""))
    first_interchangeable = cell(FIRST_INTERCHANGEABLE)
    tbd = first_interchangeable.lower() in _TBD
    patent_list = cell(PATENT_LIST).upper()

    def past(key: str, column: str) -> date | None:
        return parse_date(row.get(key, ""), column, past=True, reference=_month_end(month))

    def expiry(key: str, column: str) -> date | None:
        value = row.get(key, "")
        return None if _given(value).lower() in _TBD else parse_date(value, column, past=False)

    return PurpleBookProductRecord(
        bla_number=_digits(bla_text, "BLA Number", 6),
        product_no=_digits(product_text, "Product Number", 3),
        applicant=cell(APPLICANT),
        proprietary_name=cell(PROPRIETARY),
        proper_name=proper,
        license_type=license_type,
        pathway=pathway,
        interchangeable=interchangeable,
        strength=cell(STRENGTH),
        dosage_form=cell(DOSAGE_FORM),
        route=cell(ROUTE),
        product_presentation=cell(PRESENTATION),
        marketing_status=cell(MARKETING),
        licensure=cell(LICENSURE),
        approval_date=past(APPROVAL, "Approval Date"),
        interchangeable_approval_date=past(INTER_APPROVAL, "Inter. Approval Date"),
        ref_proper_name=cell(REF_PROPER) if pathway == "351(k)" else "",
        ref_proprietary_name=cell(REF_PROPRIETARY) if pathway == "351(k)" else "",
        supplement_number=cell(SUPPLEMENT),
        submission_type=cell(SUBMISSION),
        license_number=cell(LICENSE_NUMBER),
        center=cell(CENTER).upper(),
        first_licensure_date=past(FIRST_LICENSURE, "Date of First Licensure"),
        exclusivity_expiration_date=expiry(EXCLUSIVITY, "Exclusivity Expiration Date"),
        first_interchangeable_exclusivity_date=expiry(
            FIRST_INTERCHANGEABLE, "First Interchangeable Exclusivity Exp. Date"
        ),
        first_interchangeable_exclusivity_tbd=tbd,
        ref_product_exclusivity_date=expiry(REF_EXCLUSIVITY, "Ref. Product Exclusivity Exp. Date"),
        orphan_exclusivity_date=expiry(ORPHAN, "Orphan Exclusivity Exp. Date"),
        patent_list_provided=(patent_list in {"Y", "YES"}) if PATENT_LIST in row else None,
        change_code=cell(CHANGE).upper(),
        report_month=month,
    )


def _month_end(month: date | None) -> date | None:
    if month is None:
        return None
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def _read_stream(file: str, stream: IO[bytes]) -> Iterator[PurpleBookProductRecord | RecordError]:
    reader = csv.reader(text_lines(stream))
    keys: list[str] | None = None
    month: date | None = None
    section: list[tuple[str, list[str]]] = []  # (position, fields) under the current header
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if keys is not None:
                section.append((f"line {reader.line_num}", [f"\0{exc}"]))
            continue
        if not any(field.strip() for field in fields):
            continue
        row_keys = [column_key(name) for name in fields]
        if _is_header(row_keys):
            missing = [name for name in REQUIRED if name not in row_keys]
            if LICENSE_TYPE not in row_keys and BLA_TYPE not in row_keys:
                missing.append("license type (or BLA Type)")
            if missing:
                raise UnreadableSourceError(
                    f"{file}: Purple Book header at line {reader.line_num} lacks column(s) {', '.join(missing)}"
                )
            keys, section = row_keys, []  # rows above a later header are the month's changes, listed again
            continue
        if keys is None:
            month = month or report_month(",".join(fields))
            continue
        section.append((f"line {reader.line_num}", fields))
    if keys is None:
        raise UnreadableSourceError(
            f"{file}: not a Purple Book file: no header row with BLA Number and Proper Name columns"
        )
    yield from _records(file, keys, section, month)


def _records(
    file: str, keys: list[str], section: list[tuple[str, list[str]]], month: date | None
) -> Iterator[PurpleBookProductRecord | RecordError]:
    expected = len(keys)
    seen: dict[tuple[str, str], str] = {}
    for position, fields in section:
        if is_overlong(fields):
            yield RecordError(file, position, overlong_reason())
            continue
        if len(fields) == 1 and fields[0].startswith("\0"):
            yield RecordError(file, position, f"unreadable CSV row: {fields[0][1:]}")
            continue
        if field_too_long(fields):
            yield RecordError(file, position, field_too_long(fields))
            continue
        while len(fields) > expected and not fields[-1].strip():
            fields = fields[:-1]
        if len(fields) != expected:
            yield RecordError(file, position, f"expected {expected} columns, found {len(fields)}")
            continue
        try:
            record = _row_record(dict(zip(keys, fields, strict=True)), month)
        except _BadRow as exc:
            yield RecordError(file, position, str(exc))
            continue
        key = (record.bla_number, record.product_no)
        if key in seen:
            yield RecordError(
                file,
                position,
                f"BLA {record.bla_number} product {record.product_no} already listed at {seen[key]}; "
                "kept the first",
            )
            continue
        seen[key] = position
        yield record


def is_purplebook_header(lines: list[str]) -> bool:
    """Whether any of a file's first lines is a Purple Book header row (used by ``detect_format``)."""
    for line in lines:
        try:
            fields = next(csv.reader([line]))
        except (csv.Error, StopIteration):
            continue
        if _is_header([column_key(name) for name in fields]):
            return True
    return False


def read_purplebook(source: str | os.PathLike[str]) -> Iterator[PurpleBookProductRecord | RecordError]:
    """Stream the products of a Purple Book CSV, or of every ``.csv`` in a directory or zip (by name order)."""
    path = Path(source)
    single_file = path.is_file() and path.suffix.lower() != ".zip"
    for name, stream in iter_members(path):
        base = strip_compression_suffix(name.rsplit("/", 1)[-1]).lower()
        if not single_file and not base.endswith(".csv"):
            continue
        if isinstance(stream, RecordError):  # refused by the zip expansion caps
            yield stream
            continue
        yield from _read_stream(name, stream)
