"""The end-of-ingest summary line of a NADAC file gives the count of price rows linked to no drug.

The NDCs start with 99999 (no such labeler code in the NDC directory) and every price is a made-up test value,
so every row is unlinked whether or not the bundled dataset is loaded.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

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
    with pytest.raises(CommandError) as rejected:  # one row is bad: exit status 3, the rest ingested
        call_command("ingest", str(path), stdout=out, stderr=err)
    assert rejected.value.returncode == 3 and "the rest was ingested" in str(rejected.value)
    assert "[nadac]: 3 records read" in out.getvalue()
    assert "2 unlinked (NDC not in the NDC directory)" in out.getvalue()


def test_other_readers_have_no_note() -> None:
    summary = IngestSummary(run_id=1, reader="ndc", path="x", status="completed", read=2, created=2)
    assert summary.line() == "x [ndc]: 2 records read, 2 new, 0 unchanged, 0 bad, 0.0s"


def test_a_file_that_cannot_be_read_is_one_clear_line_and_status_1(tmp_path: Path) -> None:
    import subprocess
    import sys

    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    rxanswers = str(Path(sys.executable).with_name("rxanswers"))
    env = {**__import__("os").environ, "RXANSWERS_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    subprocess.run([rxanswers, "migrate", "-v0"], env=env, check=True, timeout=300)
    result = subprocess.run(
        [rxanswers, "ingest", "--format", "spl_xml", str(bad)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"CommandError: {bad}: not a readable zip archive (File is not a zip file)"
    ]


def test_a_second_ingest_of_the_same_file_at_once_is_refused(tmp_path: Path) -> None:
    from rxanswers.core.ingest import IngestBusyError, file_lock, file_sha256

    path = tmp_path / "nadac.csv"
    path.write_text(CSV)
    with file_lock("nadac", file_sha256(path)):  # as if another process were ingesting it
        with pytest.raises(IngestBusyError, match="another ingest of this file is running"):
            ingest_path(path)
    (summary,) = ingest_path(path)  # once it is free, it runs
    assert summary.read == 3
