"""Reader for FDA Global Substance Registration System names (``UNII_Names.txt``, the official layout): tab-separated
``Name  TYPE  UNII  Display Name``, one row per name of a substance. Only brand names (TYPE ``bn``) are yielded:
what a brand is made of (``TECARTUS`` -> ``BREXUCABTAGENE AUTOLEUCEL``, UNII 4MD2J2T8SJ). The full file has ~1M
rows; it is streamed, so memory stays bounded whatever it holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .io import UnreadableSourceError, iter_lines, open_binary, overlong_reason
from .records import RecordError, SubstanceNameRecord

HEADER = ["Name", "TYPE", "UNII", "Display Name"]
WANTED_TYPES = frozenset({"bn"})
MAX_NAME = 500


def is_unii_names_header(line: str) -> bool:
    return line.lstrip("\ufeff").rstrip("\r\n").split("\t") == HEADER


def read_unii_names(path: str | Path) -> Iterator[SubstanceNameRecord | RecordError]:
    path = Path(path)
    with open_binary(path) as stream:
        lines = iter_lines(stream)  # a line over the row cap is a bad record, never held
        first = next(lines, (1, ""))[1] or ""
        if not is_unii_names_header(first):
            raise UnreadableSourceError(
                f"{path}: not a UNII names file (expected the header {' / '.join(HEADER)})"
            )
        for number, line in lines:
            position = f"line {number}"
            if line is None:
                yield RecordError(str(path), position, overlong_reason())
                continue
            fields = line.split("\t")
            if len(fields) != 4:
                yield RecordError(
                    str(path), position, f"expected 4 tab-separated fields, found {len(fields)}"
                )
                continue
            name, kind, unii, substance = (" ".join(f.split()) for f in fields)
            if kind not in WANTED_TYPES:
                continue
            if not name or not substance or len(name) > MAX_NAME or len(substance) > MAX_NAME:
                yield RecordError(str(path), position, "a name is missing or too long")
                continue
            if len(unii) != 10 or not unii.isalnum():
                yield RecordError(str(path), position, f"not a UNII: {unii[:20]!r}")
                continue
            yield SubstanceNameRecord(name, kind, unii, substance, str(path), position)
