"""CMS NADAC (National Average Drug Acquisition Cost) weekly files, from https://data.medicaid.gov/nadac.

One comma-separated file with a header row (plain, ``.gz``, ``.xz`` or a single-file ``.zip``), or a directory /
zip of them (e.g. the yearly files), each streamed row by row. Columns, matched by name whatever the order:

    NDC Description, NDC, NADAC Per Unit, Effective Date, Pricing Unit, Pharmacy Type Indicator, OTC,
    Explanation Code, Classification for Rate Setting, Corresponding Generic Drug NADAC Per Unit,
    Corresponding Generic Drug Effective Date, As of Date

The spelling has varied over the years: older files use underscores (``NADAC_Per_Unit``, ``Effective_Date``, ...)
next to ``NDC Description`` and ``As of Date`` with spaces, the API export snake case (``ndc_description``). Names
are compared ignoring case, spaces and underscores, so every variant is read. Dates are ``MM/DD/YYYY`` (ISO
``YYYY-MM-DD`` is accepted too). ``NDC`` is the 11-digit package NDC without dashes (5-4-2); a dashed 5-4-2 NDC
is accepted, anything else (e.g. leading zeros lost in a spreadsheet) is rejected rather than guessed.

Each row -> ``NadacPriceRecord``; a row with a bad NDC, a missing or non-numeric price, an unknown pricing unit
or a bad date -> ``RecordError`` at ``"line N"``. A file without the required columns raises
``UnreadableSourceError``.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
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
from .records import NadacPriceRecord, RecordError

PRICING_UNITS = {"EA", "ML", "GM"}
MAX_PRICE = Decimal("1000000000")  # per unit; anything at or above this is a broken value, not a price

# canonical column key -> field meaning; keys are header names lower-cased with spaces/underscores collapsed
DESCRIPTION = "ndc description"
NDC = "ndc"
PRICE = "nadac per unit"
EFFECTIVE = "effective date"
UNIT = "pricing unit"
PHARMACY_TYPE = "pharmacy type indicator"
OTC = "otc"
EXPLANATION = "explanation code"
CLASSIFICATION = "classification for rate setting"
GENERIC_PRICE = "corresponding generic drug nadac per unit"
GENERIC_EFFECTIVE = "corresponding generic drug effective date"
AS_OF = "as of date"
REQUIRED = (DESCRIPTION, NDC, PRICE, EFFECTIVE, UNIT)

_DASHED_542 = re.compile(r"(\d{5})-(\d{4})-(\d{2})")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?")


class _BadRow(Exception):
    """A malformed value; the message is the ``RecordError`` reason."""


def column_key(name: str) -> str:
    """``"NADAC_Per_Unit"`` / ``"NADAC Per Unit"`` / ``"nadac_per_unit"`` -> ``"nadac per unit"``."""
    return " ".join(name.strip().lstrip("\ufeff").replace("_", " ").split()).lower()


def is_nadac_header(line: str) -> bool:
    """Whether a CSV header line is a NADAC file's (used by ``detect_format``)."""
    try:
        keys = {column_key(name) for name in next(csv.reader([line]))}
    except (csv.Error, StopIteration):
        return False
    return PRICE in keys and NDC in keys


def parse_ndc11(value: str) -> str:
    """``"00093104810"`` or ``"00093-1048-10"`` -> ``"00093104810"``; anything else is rejected."""
    value = value.strip()
    if len(value) == 11 and value.isdigit():
        return value
    match = _DASHED_542.fullmatch(value)
    if match:
        return "".join(match.groups())
    raise _BadRow(f"NDC: {value!r} is not an 11-digit NDC")


def parse_price(value: str, column: str) -> Decimal:
    try:
        price = Decimal(value.strip().replace(",", "").lstrip("$"))
    except InvalidOperation:
        raise _BadRow(f"{column}: {value!r} is not a number") from None
    if not price.is_finite() or price < 0 or price >= MAX_PRICE:
        raise _BadRow(f"{column}: {value!r} is not a valid price per unit")
    return price


def parse_date(value: str, column: str) -> date:
    value = value.strip()
    try:
        if match := _US_DATE.fullmatch(value):
            month, day, year = (int(part) for part in match.groups())
            return date(year, month, day)
        if match := _ISO_DATE.fullmatch(value):
            year, month, day = (int(part) for part in match.groups())
            return date(year, month, day)
    except ValueError:
        pass
    raise _BadRow(f"{column}: {value!r} is not a MM/DD/YYYY date")


def _optional_date(value: str, column: str) -> date | None:
    return parse_date(value, column) if value.strip() else None


def _row_record(row: dict[str, str]) -> NadacPriceRecord:
    ndc = parse_ndc11(row[NDC])
    price = row[PRICE].strip()
    if not price:
        raise _BadRow("NADAC Per Unit is empty")
    unit = row[UNIT].strip().upper()
    if unit not in PRICING_UNITS:
        raise _BadRow(f"Pricing Unit: {row[UNIT]!r} is not EA, ML or GM")
    effective = row[EFFECTIVE].strip()
    if not effective:
        raise _BadRow("Effective Date is empty")
    classification = row.get(CLASSIFICATION, "").strip().upper()
    generic_price = row.get(GENERIC_PRICE, "").strip()
    return NadacPriceRecord(
        ndc=ndc,
        description=" ".join(row[DESCRIPTION].split()),
        price_per_unit=parse_price(price, "NADAC Per Unit"),
        pricing_unit=unit,
        effective_date=parse_date(effective, "Effective Date"),
        as_of_date=_optional_date(row.get(AS_OF, ""), "As of Date"),
        otc=row.get(OTC, "").strip().upper() in {"Y", "YES"},
        brand_or_generic=classification[:1] if classification[:1] in {"B", "G"} else "",
        pharmacy_type=row.get(PHARMACY_TYPE, "").strip(),
        classification=classification,
        explanation_code=row.get(EXPLANATION, "").strip(),
        generic_price_per_unit=(
            parse_price(generic_price, "Corresponding Generic Drug NADAC Per Unit") if generic_price else None
        ),
        generic_effective_date=_optional_date(
            row.get(GENERIC_EFFECTIVE, ""), "Corresponding Generic Drug Effective Date"
        ),
    )


def _read_stream(file: str, stream: IO[bytes]) -> Iterator[NadacPriceRecord | RecordError]:
    reader = csv.reader(text_lines(stream))
    try:
        header = next(reader)
    except StopIteration:
        raise UnreadableSourceError(f"{file}: empty file, expected a NADAC header row") from None
    keys = [column_key(name) for name in header]
    missing = [name for name in REQUIRED if name not in keys]
    if missing:
        raise UnreadableSourceError(f"{file}: not a NADAC file: missing column(s) {', '.join(missing)}")
    expected = len(keys)
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield RecordError(file, f"line {reader.line_num}", f"unreadable CSV row: {exc}")
            continue
        position = f"line {reader.line_num}"
        if is_overlong(fields):
            yield RecordError(file, position, overlong_reason())
            continue
        if not any(field.strip() for field in fields):
            continue
        while len(fields) > expected and not fields[-1].strip():
            fields.pop()
        if len(fields) != expected:
            yield RecordError(file, position, f"expected {expected} columns, found {len(fields)}")
            continue
        if field_too_long(fields):
            yield RecordError(file, position, field_too_long(fields))
            continue
        try:
            yield _row_record(dict(zip(keys, fields, strict=True)))
        except _BadRow as exc:
            yield RecordError(file, position, str(exc))


def read_nadac(source: str | os.PathLike[str]) -> Iterator[NadacPriceRecord | RecordError]:
    """Stream the rows of a NADAC CSV file, or of every ``.csv`` in a directory or zip (by name order)."""
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
