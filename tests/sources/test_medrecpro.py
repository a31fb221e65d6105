"""MedRecPro compiled label indications reader: block layout, bad blocks, detection, the bundled file.

The blocks below are test data (made-up medicines); the bundled file is the real compilation.
"""

from __future__ import annotations

import lzma
from pathlib import Path

from rxanswers.sources import detect_format, read_medrecpro_indications

from .conftest import LABELS_DIR, split_results

BUNDLED = LABELS_DIR / "medrecpro_indications" / "labelProductIndication.md.xz"
TEXT = """# Label product indications

Preamble text about the compilation.

ProductNames|UNII|IndicationsSummary
---
TESTOPRIL,Testoprilix|ABCDEF1234|
# Testopril Summary
TESTOPRIL is indicated for the treatment of hypertension.
It may be used alone or with other agents.
---
Broken block without a header line
---
EMPTYMAB|ZZZZZZ9999|
# Emptymab Summary
---
"""


def test_blocks_become_records_and_bad_blocks_errors(tmp_path: Path):
    path = tmp_path / "labelProductIndication.md"
    path.write_text(TEXT)
    assert detect_format(path) == "medrecpro_indications"
    records, errors = split_results(read_medrecpro_indications(path))
    assert len(records) == 1
    record = records[0]
    assert record.record == "ABCDEF1234" and record.product_names == ["TESTOPRIL", "Testoprilix"]
    assert record.text.splitlines() == [
        "TESTOPRIL is indicated for the treatment of hypertension.",
        "It may be used alone or with other agents.",
    ]
    assert sorted(e.reason for e in errors) == [
        "no 'ProductNames|UNII|' line",
        "no indication text for UNII ZZZZZZ9999",
    ]


def test_compressed_file_reads_the_same(tmp_path: Path):
    path = tmp_path / "labelProductIndication.md.xz"
    path.write_bytes(lzma.compress(TEXT.encode()))
    assert detect_format(path) == "medrecpro_indications"
    records, _ = split_results(read_medrecpro_indications(path))
    assert [r.record for r in records] == ["ABCDEF1234"]


def test_the_bundled_compilation_reads():
    records, errors = split_results(read_medrecpro_indications(BUNDLED))
    assert len(records) >= 900 and len(errors) <= len(records) // 20
    assert all(len(r.record) == 10 and r.product_names for r in records)
    assert sum("indicated" in r.text.lower() for r in records) >= 0.9 * len(records)
