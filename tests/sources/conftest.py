"""Shared paths and helpers for the reader tests (plain tests: no database)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from rxanswers.sources.records import RecordError

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
LABELS_DIR = DATA_DIR / "labels"
OPENFDA_RECORDS = LABELS_DIR / "openfda_records"
SPL_DIR = LABELS_DIR / "fda_openfda_test_spl"


def split_results(items):
    """(records, errors) of a reader's output."""
    items = list(items)
    return [i for i in items if not isinstance(i, RecordError)], [
        i for i in items if isinstance(i, RecordError)
    ]


@pytest.fixture(scope="session")
def openfda_record_bytes() -> dict[str, bytes]:
    """The five real single openFDA records, decompressed, by drug name."""
    return {
        path.name.split(".")[0]: gzip.decompress(path.read_bytes())
        for path in OPENFDA_RECORDS.glob("*.json.gz")
    }
