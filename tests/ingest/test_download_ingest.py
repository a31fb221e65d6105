"""`rxanswers download` end to end against a local HTTP server serving files in the official layout."""

from __future__ import annotations

import io
import json
import re
import threading
import zipfile
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command

from rxanswers.core.models import IngestRun
from rxanswers.drugs.models import Application
from rxanswers.labels.models import Label
from tests.conftest import DATA_DIR
from tests.ingest.helpers import real_records, replicate

pytestmark = pytest.mark.django_db


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture
def mirror(tmp_path):
    """An HTTP server on 127.0.0.1 serving a directory; yields (directory, base URL)."""
    root = tmp_path / "mirror"
    root.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _zip(path, name, text):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, text)
    return path


def test_download_openfda_partitions_and_drugsatfda_then_ingest(mirror, tmp_path):
    root, base = mirror
    records = replicate(real_records(), 6, "download")
    names = []
    for i, chunk in enumerate([records[:3], records[3:]], 1):
        name = f"drug-label-000{i}-of-0002.json"
        bulk = json.dumps({"meta": {"results": {"total": len(chunk)}}, "results": chunk})
        _zip(root / f"{name}.zip", name, bulk)
        names.append(name)
    manifest = {
        "meta": {"last_updated": "2026-11-20"},
        "results": {
            "drug": {
                "label": {
                    "export_date": "2026-11-20",
                    "total_records": 6,
                    "partitions": [
                        {
                            "display_name": f"{n} (part {i} of 2)",
                            "file": f"{base}/{n}.zip",
                            "size_mb": round((root / f"{n}.zip").stat().st_size / 1e6, 4),
                            "records": 3,
                        }
                        for i, n in enumerate(names, 1)
                    ],
                }
            }
        },
    }
    (root / "download.json").write_text(json.dumps(manifest))
    # Drugs@FDA zip built from the real bundled files (first rows only).
    import lzma

    with zipfile.ZipFile(root / "drugsatfda.zip", "w") as zf:
        for table in ["Applications", "Products", "MarketingStatus", "TE", "MarketingStatus_Lookup"]:
            text = lzma.open(DATA_DIR / "drugsatfda" / f"{table}.txt.xz", "rt", encoding="latin-1").read()
            zf.writestr(f"{table}.txt", "\n".join(text.splitlines()[:200]) + "\n")

    out = io.StringIO()
    dest = tmp_path / "downloads"
    call_command(
        "download", "openfda_label", "drugsatfda", "--dest", str(dest), "--base-url", base, stdout=out
    )
    text = out.getvalue()
    assert "openfda_label: 2 file(s)" in text and "drugsatfda: 1 file(s)" in text
    assert Label.objects.filter(set_id__in=[r["set_id"] for r in records]).count() == 6
    run = IngestRun.objects.get(reader="drugsatfda", path__startswith=str(dest))
    assert run.status == "completed" and run.records_read > 0 and run.error_count == 0
    assert Application.objects.filter(appl_no="000004").exists()

    # Second run: files unchanged (conditional GET) and already ingested -> nothing new.
    out = io.StringIO()
    call_command("download", "openfda_label", "--dest", str(dest), "--base-url", base, stdout=out)
    assert "already ingested" in out.getvalue()


def test_download_draws_a_bar_and_a_file_it_cannot_read_is_one_line(mirror, tmp_path, monkeypatch, capsys):
    root, base = mirror
    (root / "nadac.csv").write_text("a,b,c\n1,2,3\n")  # a CSV, but not NADAC's
    monkeypatch.setenv("RXANSWERS_PROGRESS", "1")  # bars on, though stderr is not a terminal here
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command(
            "download",
            "nadac",
            "--dest",
            str(tmp_path / "downloads"),
            "--base-url",
            base,
            stdout=out,
            stderr=err,
        )
    assert str(failed.value) == "could not ingest: nadac"
    (line,) = err.getvalue().splitlines()  # one line, no traceback
    assert line.startswith(
        f"nadac: cannot ingest: {tmp_path / 'downloads' / 'nadac' / 'nadac.csv'}: not a NADAC file"
    )
    bars = capsys.readouterr().err
    assert re.search(r"nadac\.csv: 100%\|", bars) and re.search(r"\[\d\d:\d\d<\d\d:\d\d", bars)  # share, ETA
    assert "nadac: 1 file(s)" in out.getvalue()
