"""Shared reading of FDA delimited text files (tab-delimited Drugs@FDA and NDC, tilde-delimited Orange Book).

Rows are mapped by the header's column names (case-insensitive), so column order does not matter and an added
column does not break a reader. Each line is decoded on its own (UTF-8, else cp1252: FDA files mix them). A row
with the wrong number of fields becomes a ``RecordError`` at ``"line N"`` (line 1 is the header); empty fields
added at the end of a row (a trailing delimiter) are tolerated; a line or field over the size caps (``io.MAX_ROW_BYTES``,
``io.MAX_FIELD_CHARS``) is a bad record. A file without the required columns is unusable
as a whole and raises ``UnreadableSourceError``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from datetime import date

from .io import UnreadableSourceError, field_too_long, iter_lines, open_table, overlong_reason
from .records import RecordError

Row = dict[str, str]
RowRepair = Callable[[list[str], int], list[str] | None]


class BadRow(Exception):
    """A value in a row is malformed; the message is the ``RecordError`` reason."""


def iter_rows(
    source: str | os.PathLike[str],
    name: str,
    delimiter: str,
    required: tuple[str, ...],
    repair: RowRepair | None = None,
) -> Iterator[tuple[str, str, Row] | RecordError]:
    """Yield ``(file, position, row)`` per data row of file ``name`` in ``source``, or a ``RecordError``.

    Keys of ``row`` are the upper-cased header names. ``repair(fields, expected)`` may fix a known malformed row
    (returning the fixed fields) before it is rejected.
    """
    file, stream = open_table(source, name)
    with stream:
        lines = iter_lines(stream)
        header_line = next(lines, None)
        if header_line is None:
            raise UnreadableSourceError(f"{file}: empty file, expected a header row")
        if header_line[1] is None:
            raise UnreadableSourceError(f"{file}: the header row is not a header ({overlong_reason()})")
        header = [column.strip().upper() for column in header_line[1].lstrip("\ufeff").split(delimiter)]
        missing = [column for column in required if column.upper() not in header]
        if missing:
            raise UnreadableSourceError(f"{file}: not a {name} file: missing column(s) {', '.join(missing)}")
        expected = len(header)
        for number, line in lines:
            if line is None:
                yield RecordError(file, f"line {number}", overlong_reason())
                continue
            if not line.strip():
                continue
            fields = line.split(delimiter)
            while len(fields) > expected and fields[-1].strip() == "":
                fields.pop()
            if len(fields) != expected and repair is not None:
                fields = repair(fields, expected) or fields
            position = f"line {number}"
            if len(fields) != expected:
                yield RecordError(file, position, f"expected {expected} columns, found {len(fields)}")
                continue
            too_long = field_too_long(fields)
            if too_long:
                yield RecordError(file, position, too_long)
                continue
            yield file, position, dict(zip(header, [field.strip() for field in fields], strict=True))


def parse_yyyymmdd(value: str, column: str) -> date | None:
    if not value:
        return None
    try:
        if len(value) != 8 or not value.isdigit():
            raise ValueError
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise BadRow(f"{column}: {value!r} is not a YYYYMMDD date") from None


def parse_digits(value: str, column: str, width: int) -> str:
    """Zero-pad an all-digit identifier (``"21588"`` -> ``"021588"``); reject anything else."""
    if not re.fullmatch(rf"\d{{1,{width}}}", value):
        raise BadRow(f"{column}: {value!r} is not a number of at most {width} digits")
    return value.zfill(width)


def parse_flag(value: str, column: str, true: tuple[str, ...] = ("1", "Y", "YES", "TRUE")) -> bool:
    return value.strip().upper() in true
