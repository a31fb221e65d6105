"""The end-of-ingest summary line of a NADAC file gives the count of price rows linked to no drug.

The NDCs start with 99999 (no such labeler code in the NDC directory) and every price is a made-up test value,
so every row is unlinked whether or not the bundled dataset is loaded.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from rxanswers.core.ingest import IngestSummary
from rxanswers.pipeline import ingest_path

pytestmark = pytest.mark.django_db

CSV = (
    "NDC Description,NDC,NADAC Per Unit,Effective Date,Pricing Unit,Pharmacy Type Indicator,OTC,Explanation Code,"
    "Classification for Rate Setting,Corresponding Generic Drug NADAC Per Unit,"
    "Corresponding Generic Drug Effective Date,As of Date\r\n"
    "TEST ROW A,99999000101,1.00000,01/07/2026,EA,C/I,N,1,G,,,01/14/2026\r\n"
    "TEST ROW B,99999000201,2.00000,01/07/2026,EA,C/I,N,1,G,,,01/14/2026\r\n"
    "TEST ROW BAD,99999000301,abc,01/07/2026,EA,C/I,N,1,G,,,01/14/2026\r\n"
)


def test_nadac_summary_line_counts_unlinked_rows(tmp_path: Path) -> None:
    path = tmp_path / "nadac.csv"
    path.write_text(CSV)
    (summary,) = ingest_path(path)
    assert summary.note == "2 unlinked (NDC not in the NDC directory)"
    line = summary.line()
    assert "3 records read, 2 new, 0 unchanged, 1 bad, 2 unlinked (NDC not in the NDC directory)," in line
    (skipped,) = ingest_path(path)
    assert skipped.note == "" and "already ingested" in skipped.line()


def test_ingest_command_prints_the_unlinked_count(tmp_path: Path) -> None:
    path = tmp_path / "nadac.csv"
    path.write_text(CSV)
    out, err = StringIO(), StringIO()
    call_command("ingest", str(path), stdout=out, stderr=err)
    assert "[nadac]: 3 records read" in out.getvalue()
    assert "2 unlinked (NDC not in the NDC directory)" in out.getvalue()


def test_other_readers_have_no_note() -> None:
    summary = IngestSummary(run_id=1, reader="ndc", path="x", status="completed", read=2, created=2)
    assert summary.line() == "x [ndc]: 2 records read, 2 new, 0 unchanged, 0 bad, 0.0s"
