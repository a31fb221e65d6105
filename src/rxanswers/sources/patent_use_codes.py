"""Reader for Orange Book patent use codes: what a ``Patent_Use_Code`` of ``patent.txt`` ("U-3") means
("TREATMENT OF HYPERTENSION"). Layout: a JSON array of ``{"Code": "U-1", "Definition": "..."}`` (as compiled
from FDA's published list by MedRecPro). FDA has published ~4,400 codes; a file over ``MAX_BYTES`` is refused
whole, so memory stays bounded whatever the input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import orjson

from .io import UnreadableSourceError, open_binary
from .records import PatentUseCodeRecord, RecordError

MAX_BYTES = 20 * 1024**2
MAX_DEFINITION = 2000
_CODE = re.compile(r"^U-\d{1,5}$")


def read_patent_use_codes(path: str | Path) -> Iterator[PatentUseCodeRecord | RecordError]:
    path = Path(path)
    with open_binary(path) as stream:
        raw = stream.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise UnreadableSourceError(
            f"{path}: larger than {MAX_BYTES // 1024**2} MB, not a patent use code list"
        )
    try:
        items = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise UnreadableSourceError(f"{path}: not JSON ({exc})") from exc
    if not isinstance(items, list):
        raise UnreadableSourceError(f"{path}: expected a JSON array of {{Code, Definition}} objects")
    for number, item in enumerate(items, 1):
        position = f"item {number}"
        if not isinstance(item, dict):
            yield RecordError(str(path), position, "not an object")
            continue
        code = " ".join(str(item.get("Code") or "").split())
        definition = " ".join(str(item.get("Definition") or "").split())
        if not _CODE.match(code):
            yield RecordError(str(path), position, f"not a patent use code: {code[:20]!r}")
            continue
        if not definition or len(definition) > MAX_DEFINITION:
            yield RecordError(str(path), position, "the definition is missing or too long")
            continue
        yield PatentUseCodeRecord(code, definition, str(path), position)
