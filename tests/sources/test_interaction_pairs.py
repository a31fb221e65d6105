"""Public interaction pair lists in the Merged PDDI layout: public lists kept, others left out, bad rows
reported, detection, the bundled subset. The rows written here are test data in the official layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from rxanswers.sources import UnreadableSourceError, detect_format, read_pddi_pairs

from .conftest import DATA_DIR, split_results

HEADER = "drug1\tobject\tdrug2\tprecipitant\tcertainty\tlabel\tseverity\tsource\tdrug1ID\tdrug2ID"
ROWS = [
    "db:1\t\ufeffTestoprilat\tdb:2\tTestazole\tNone\tTESTAZOLE/TESTOPRILAT [VA Drug Interaction]\tCritical\tNDF-RT\tD1\tD2",
    "db:3\tTestomycin\tdb:4\tCalcium_Testate\tNone\tNone\tNone\tONC-HighPriority\tD3\tD4",
    "db:5\tTestomycin\tdb:6\tTestazole\tNone\tNone\tNone\tDrugBank\tD5\tD6",
    "db:7\t\tdb:8\tTestazole\tNone\tNone\tSignificant\tNDF-RT\tD7\tD8",
]


def write(tmp_path: Path, rows: list[str], header: str = HEADER) -> Path:
    path = tmp_path / "pairs.tsv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_public_lists_are_read_other_lists_left_out_and_bad_rows_reported(tmp_path):
    path = write(tmp_path, ROWS)
    assert detect_format(path) == "pddi_pairs"
    records, errors = split_results(read_pddi_pairs(path))
    assert [(r.object_name, r.precipitant_name, r.list_name, r.severity) for r in records] == [
        ("Testoprilat", "Testazole", "NDF-RT", "Critical"),
        ("Testomycin", "Calcium Testate", "ONC-HighPriority", ""),
    ]
    assert records[0].record == "TESTAZOLE/TESTOPRILAT [VA Drug Interaction]"
    assert records[1].record == "Testomycin / Calcium Testate"
    assert [(e.position, e.reason) for e in errors] == [("line 5", "a drug name is missing")]


def test_a_file_without_the_columns_is_unreadable(tmp_path):
    path = write(tmp_path, ["a\tb"], header="x\ty")
    with pytest.raises(UnreadableSourceError, match="missing columns"):
        list(read_pddi_pairs(path))


def test_the_bundled_subset_reads_without_errors():
    records, errors = split_results(
        read_pddi_pairs(DATA_DIR / "interactions" / "merged_pddi_public_subset.tsv.xz")
    )
    assert len(records) == 6637 and not errors
    assert {r.list_name for r in records} == {"NDF-RT", "ONC-HighPriority", "ONC-NonInteruptive"}
