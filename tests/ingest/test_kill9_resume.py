"""kill -9 in the middle of an ingest, then run again: same end state as one uninterrupted run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ingest.helpers import real_records, replicate, write_bulk

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]


def _env(db: Path) -> dict:
    env = dict(os.environ)
    env["RXANSWERS_DATABASE_URL"] = f"sqlite:///{db}"
    env["RXANSWERS_VAR_DIR"] = str(db.parent)
    return env


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "rxanswers.cli", *args]


def _migrate(db: Path) -> None:
    subprocess.run(_cli("setup", "--no-data"), env=_env(db), check=True, capture_output=True, timeout=120)


def _snapshot(db: Path) -> dict:
    con = sqlite3.connect(db)
    try:
        q = lambda sql: sorted(con.execute(sql).fetchall())  # noqa: E731
        return {
            "versions": q(
                "SELECT l.set_id, v.content_hash, v.is_current FROM labels_labelversion v "
                "JOIN labels_label l ON l.id = v.label_id"
            ),
            "sections": q(
                "SELECT v.content_hash, s.key, length(s.text) FROM labels_section s "
                "JOIN labels_labelversion v ON v.id = s.version_id"
            ),
            "drugs": q("SELECT key FROM drugs_drug"),
            "names": q(
                "SELECT d.key, n.normalized, n.kind FROM drugs_drugname n JOIN drugs_drug d ON d.id = n.drug_id"
            ),
            "links": q(
                "SELECT d.key, l.set_id FROM drugs_druglabel x JOIN drugs_drug d ON d.id = x.drug_id "
                "JOIN labels_label l ON l.id = x.label_id"
            ),
            "issues": q("SELECT position, reason FROM core_ingestissue"),
            "fts": con.execute("SELECT count(*) FROM search_section_fts").fetchone(),
        }
    finally:
        con.close()


def _committed(db: Path) -> int:
    try:
        con = sqlite3.connect(db, timeout=1)
        row = con.execute("SELECT max(records_committed) FROM core_ingestrun").fetchone()
        con.close()
        return row[0] or 0
    except sqlite3.Error:
        return 0


def test_kill_9_mid_ingest_resumes_to_the_same_state(tmp_path):
    records = replicate(real_records(), 400, "kill9")
    bad = '{"id": "no-set-id", "version": "1"}'
    bulk = write_bulk(tmp_path / "drug-label-0001-of-0001.json", records, raw_items=[bad])
    ingest = ("ingest", str(bulk), "--format", "openfda_json", "--batch-size", "25")

    reference = tmp_path / "reference" / "db.sqlite3"
    reference.parent.mkdir()
    _migrate(reference)
    first = subprocess.run(_cli(*ingest), env=_env(reference), capture_output=True, text=True, timeout=300)
    assert first.returncode == 3, first.stderr  # the one bad record is reported in the exit status

    killed = tmp_path / "killed" / "db.sqlite3"
    killed.parent.mkdir()
    _migrate(killed)
    proc = subprocess.Popen(
        _cli(*ingest), env=_env(killed), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while _committed(killed) < 100 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    assert proc.poll() is None, "ingest finished before it could be killed; make the input larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = _committed(killed)
    assert 0 < partial < len(records) + 1

    resumed = subprocess.run(_cli(*ingest), env=_env(killed), capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 3, resumed.stderr  # completed; the bad record is still reported
    assert f"resumed after {partial}" in resumed.stdout
    assert _snapshot(killed) == _snapshot(reference)
