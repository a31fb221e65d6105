"""Reader for public drug-drug interaction pair lists in the Merged PDDI layout (``data/interactions/``).

``merged_pddi_public_subset.tsv``: the tab-separated layout of the Merged Potential Drug-Drug Interaction dataset
(Ayvaz et al. 2015, ``dbmi-pitt/Merged-PDDI``), header ``drug1  object  drug2  precipitant ... severity ...
source ...``, restricted to its public-sector lists: the VA National Drug File interactions (``NDF-RT``, severity
Critical or Significant) and the two ONC lists (``ONC-HighPriority``, ``ONC-NonInteruptive``). Rows of any other
list in the file (the full merged file holds eleven more, most non-commercial) are left out without an error.
Pairs only: no explanation text. Rows are streamed: memory stays bounded whatever the file holds.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from .io import UnreadableSourceError, is_overlong, open_binary, overlong_reason, text_lines
from .records import InteractionPairRecord, RecordError

PUBLIC_LISTS = frozenset({"NDF-RT", "ONC-HighPriority", "ONC-NonInteruptive"})
REQUIRED = ("object", "precipitant", "source", "severity")
MAX_FIELD = 10_000


def is_pddi_header(line: str) -> bool:
    fields = line.lstrip("\ufeff").rstrip("\r\n").split("\t")
    return fields[:4] == ["drug1", "object", "drug2", "precipitant"] and "source" in fields


def _name(value: str | None) -> str:
    return " ".join((value or "").replace("\ufeff", "").replace("_", " ").split())


def read_pddi_pairs(path: str | Path) -> Iterator[InteractionPairRecord | RecordError]:
    path = Path(path)
    with open_binary(path) as stream:
        text = text_lines(stream)  # lines over the row cap are bad records, never held
        csv.field_size_limit(MAX_FIELD)
        reader = csv.DictReader(text, delimiter="\t")
        missing = [f for f in REQUIRED if f not in (reader.fieldnames or [])]
        if missing:
            raise UnreadableSourceError(f"{path}: not a PDDI pair file (missing columns {missing})")
        line = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                line += 1
                yield RecordError(str(path), f"line {line}", f"unreadable row ({exc})")
                continue
            line += 1
            position = f"line {line}"
            if is_overlong([next(iter(row.values()), "")]):
                yield RecordError(str(path), position, overlong_reason())
                continue
            source = (row.get("source") or "").strip()
            if source not in PUBLIC_LISTS:
                continue
            first, second = _name(row.get("object")), _name(row.get("precipitant"))
            if not first or not second:
                yield RecordError(str(path), position, "a drug name is missing")
                continue
            severity = (row.get("severity") or "").strip()
            severity = "" if severity in ("None", "") else severity
            record = (row.get("label") or "").strip()
            if record in ("", "None"):
                record = f"{first} / {second}"
            yield InteractionPairRecord(first, second, source, severity, record[:300], str(path), position)
