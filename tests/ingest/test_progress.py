"""Progress bars (percentage and ETA) on setup, ingest and download: on stderr, only on a terminal unless forced
with RXANSWERS_PROGRESS=1, off with --quiet or RXANSWERS_PROGRESS=0; a bundled file that cannot be read stops
setup with one line and exit status 1; setup explains the records it skipped."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

from rxanswers.core.ingest import IngestSummary
from rxanswers.core.progress import DownloadBars, progress_bar, progress_wanted
from rxanswers.sources.records import RecordError
from tests.conftest import DATA_DIR

ETA = re.compile(r"\[\d\d:\d\d<\d\d:\d\d")  # tqdm's [elapsed<remaining]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bars_are_drawn_on_a_terminal_only_and_can_be_turned_off_or_forced(monkeypatch):
    monkeypatch.delenv("RXANSWERS_PROGRESS", raising=False)
    assert progress_wanted(Terminal()) and not progress_wanted(io.StringIO())  # a pipe, a log, a test
    assert not progress_wanted(Terminal(), quiet=True)
    monkeypatch.setenv("RXANSWERS_PROGRESS", "0")
    assert not progress_wanted(Terminal())
    monkeypatch.setenv("RXANSWERS_PROGRESS", "1")
    assert progress_wanted(io.StringIO()) and not progress_wanted(io.StringIO(), quiet=True)


def test_a_forced_bar_shows_a_percentage_and_an_eta(monkeypatch):
    monkeypatch.setenv("RXANSWERS_PROGRESS", "1")
    stream = io.StringIO()
    bar = progress_bar(desc="bundled data", total=400, unit="B", unit_scale=True, file=stream)
    for _ in range(4):
        bar.update(100)
    bar.close()
    text = stream.getvalue()
    assert "bundled data: 100%|" in text and ETA.search(text)
    bars = DownloadBars(file=(downloads := io.StringIO()))
    for done in (0, 512, 1024):
        bars("drug-label-0001-of-0013.json.zip", done, 1024)
    bars.close()
    assert "drug-label-0001-of-0013.json.zip: 100%|" in downloads.getvalue() and ETA.search(
        downloads.getvalue()
    )


def test_no_bar_is_drawn_when_not_wanted(monkeypatch):
    monkeypatch.delenv("RXANSWERS_PROGRESS", raising=False)
    stream = io.StringIO()
    bar = progress_bar(desc="x", total=3, file=stream)
    bar.update(3)
    bar.close()
    assert stream.getvalue() == ""


def test_setup_explains_skipped_records_without_alarm():
    from rxanswers.cli.management.commands.setup import skipped_note

    errors = [RecordError("cv.zip", f"member {n}", "no label section heading found") for n in range(4)]
    summaries = [
        IngestSummary(run_id=7, reader="cv_labels", path="cv.zip", status="completed", read=182, created=178),
        IngestSummary(run_id=8, reader="ndc", path="ndc", status="completed", read=1000, created=1000),
    ]
    summaries[0].errors, summaries[0].error_count = errors, 4
    assert "4 skipped" in summaries[0].line(bad="skipped") and "4 bad" in summaries[0].line()
    first, detail = skipped_note(summaries)
    assert first.startswith("4 of the 1182 bundled records were skipped, as expected")
    assert "nothing needs fixing" in first
    assert detail == (
        "  cv_labels: 4 skipped, e.g. no label section heading found (all of them: rxanswers ingest-status --run 7)"
    )
    assert skipped_note(summaries[1:]) == []


def _setup(tmp_path: Path, data_dir: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "RXANSWERS_PROGRESS"}
    environ.update(
        RXANSWERS_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        RXANSWERS_VAR_DIR=str(tmp_path / "var"),
        RXANSWERS_DATA_DIR=str(data_dir),
        **env,
    )
    rxanswers = str(Path(sys.executable).with_name("rxanswers"))
    return subprocess.run(
        [rxanswers, "setup", "--only", "patent_use_codes", "--no-index"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_setup_progress_and_a_damaged_bundled_file(tmp_path):
    broken = tmp_path / "data" / "orangebook"
    broken.mkdir(parents=True)
    (broken / "patent_use_codes.json.xz").write_bytes(b"not xz at all")
    failed = _setup(tmp_path, tmp_path / "data")
    assert failed.returncode == 1
    assert failed.stderr.splitlines() == [
        f"CommandError: {broken / 'patent_use_codes.json.xz'}: damaged or truncated compressed data (Input format "
        "not supported by decoder) (the files before it are loaded; run setup again once it is fixed)"
    ]

    shown = _setup(tmp_path, DATA_DIR, RXANSWERS_PROGRESS="1")  # the real file, bars forced on
    assert shown.returncode == 0, shown.stderr
    assert re.search(r"bundled data: 100%\|", shown.stderr) and ETA.search(shown.stderr)
    assert "[patent_use_codes]: 4409 records read, 4409 new, 0 unchanged, 0 skipped" in shown.stdout
    assert "bundled data" not in shown.stdout  # results on stdout, bars on stderr

    quiet = _setup(tmp_path, DATA_DIR)  # not a terminal: no bar, a clean log
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert "already ingested" in quiet.stdout
