"""Reader for MedRecPro's compiled FDA label indications (``data/labels/medrecpro_indications/``).

``labelProductIndication.md``: a Markdown preamble, then one block per ingredient (UNII) separated by ``---``::

    ProductNames|UNII|IndicationsSummary
    AAGYLUR,Depen,Penicillamine|GNN1DV99GX|
    # Penicillamine Summary
    DEPEN is indicated in the treatment of Wilson's disease, ...

The sentences are FDA label text (public domain) de-duplicated and lightly merged per UNII by the MedRecPro
project (Apache-2.0); there is no set id, version or date. A block without a UNII line or without text is a bad
record. Blocks are read one at a time: memory stays bounded whatever the file holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from .io import MAX_ROW_BYTES, bounded_lines, open_binary
from .records import IndicationRecord, RecordError

MAX_BLOCK_CHARS = 200_000
_HEAD = re.compile(r"^(?P<names>[^|\n]+)\|(?P<unii>[A-Z0-9]{10})\|\s*$")


def _blocks(path: Path) -> Iterator[tuple[int, list[str]]]:
    with open_binary(path) as stream:
        block: list[str] = []
        start, size, line_no = 1, 0, 0
        for raw in bounded_lines(stream, MAX_ROW_BYTES):
            line_no += 1
            if raw is None:  # a line over the row cap: skipped, never held
                continue
            line = raw.decode("utf-8", errors="replace").rstrip("\n")
            if line.strip() == "---":
                yield start, block
                block, start, size = [], line_no + 1, 0
                continue
            size += len(line)
            if size <= MAX_BLOCK_CHARS:
                block.append(line)
        if block:
            yield start, block


def read_medrecpro_indications(path: str | Path) -> Iterator[IndicationRecord | RecordError]:
    path = Path(path)
    for start, lines in _blocks(path):
        position = f"line {start}"
        head = next((i for i, line in enumerate(lines) if _HEAD.match(line.strip())), None)
        if head is None:
            if any(line.startswith("ProductNames|") for line in lines) or start == 1:
                continue  # the preamble before the first block
            yield RecordError(str(path), position, "no 'ProductNames|UNII|' line")
            continue
        m = _HEAD.match(lines[head].strip())
        text_lines = [
            line.strip() for line in lines[head + 1 :] if line.strip() and not line.lstrip().startswith("#")
        ]
        if not text_lines:
            yield RecordError(str(path), position, f"no indication text for UNII {m.group('unii')}")
            continue
        names = [n.strip() for n in m.group("names").split(",") if n.strip()]
        yield IndicationRecord(m.group("unii"), names, "\n".join(text_lines), str(path), position)
