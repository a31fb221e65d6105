"""FDA substance names (UNII_Names layout): brand rows read, other types left out, bad rows reported, detection,
the bundled brand-name subset. The rows written here are test data in the official layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from rxanswers.sources import UnreadableSourceError, detect_format, read_unii_names

from .conftest import DATA_DIR, split_results

HEADER = "Name\tTYPE\tUNII\tDisplay Name"
ROWS = [
    "TESTOVANCE\tbn\tABCDE12345\tTESTOVANCIN HYDROCHLORIDE",
    "TESTOVANCIN [INN]\tcn\tABCDE12345\tTESTOVANCIN HYDROCHLORIDE",
    "BROKEN\tbn\tABCDE12345",
    "NOUNII\tbn\tnot-a-unii!\tSOMETHING",
]


def write(tmp_path: Path, rows: list[str], header: str = HEADER) -> Path:
    path = tmp_path / "UNII_Names.txt"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_brand_rows_are_read_and_bad_rows_reported(tmp_path):
    path = write(tmp_path, ROWS)
    assert detect_format(path) == "unii_names"
    records, errors = split_results(read_unii_names(path))
    assert [(r.name, r.unii, r.substance) for r in records] == [
        ("TESTOVANCE", "ABCDE12345", "TESTOVANCIN HYDROCHLORIDE")
    ]
    assert [e.position for e in errors] == ["line 4", "line 5"]


def test_a_file_with_another_header_is_refused_whole(tmp_path):
    path = write(tmp_path, ROWS, header="name\ttype")
    with pytest.raises(UnreadableSourceError, match="not a UNII names file"):
        list(read_unii_names(path))


def test_the_bundled_subset_is_brand_names_only():
    path = DATA_DIR / "vocabulary" / "unii_brand_names.txt.xz"
    records, errors = split_results(read_unii_names(path))
    assert len(records) > 20_000 and not errors
    assert any(r.name == "TECARTUS" and r.substance == "BREXUCABTAGENE AUTOLEUCEL" for r in records)
