"""Hostile inputs at real size: each reader's peak memory and time (prints a table, asserts nothing).

    .venv/bin/python bench/bench_hostile.py [--mb 256]

Builds each input in a temporary directory, then reads it in a fresh process (the reader alone, no database:
memory is the reader's) and prints records read, bad records, seconds and that process's peak RSS. The caps
(bytes per SPL document, JSON record and field, JSON Lines line, table row and field, zip member, ratio and
archive; see docs/security.md) should keep every case far under the 500 MB goal of issue 12 whatever the input.
Every case also holds one good record after the bad one, which must still be read.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
CHUNK = 1024 * 1024


def _repeat(out, byte: bytes, megabytes: int) -> None:
    block = byte * CHUNK
    for _ in range(megabytes):
        out.write(block)


def zip_bomb(folder: Path, mb: int) -> tuple[str, Path]:
    """A small zip whose first SPL member expands to ``2 * mb`` MB of one section."""
    good = gzip.decompress(
        (DATA / "labels" / "fda_openfda_test_spl" / "FDA-openfda__cough.xml.gz").read_bytes()
    )
    path = folder / "spl_release.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("a_bomb.xml", "w", force_zip64=True) as member:
            member.write(b'<?xml version="1.0"?><document xmlns="urn:hl7-org:v3"><text>')
            _repeat(member, b"A", 2 * mb)
            member.write(b"</text></document>")
        archive.writestr("b_good.xml", good)
    return "spl_xml", path


def _openfda_record() -> bytes:
    return gzip.decompress((DATA / "labels" / "openfda_records" / "lithium.json.gz").read_bytes())


def openfda_huge_string(folder: Path, mb: int) -> tuple[str, Path]:
    """An openFDA bulk file whose first record has one ``mb`` MB section string."""
    path = folder / "drug-label-0001-of-0001.json"
    with path.open("wb") as out:
        out.write(b'{"meta": {}, "results": [{"set_id": "x", "indications_and_usage": ["')
        _repeat(out, b"B", mb)
        out.write(b'"]}, ' + _openfda_record() + b"]}")
    return "openfda_json", path


def jsonl_huge_line(folder: Path, mb: int) -> tuple[str, Path]:
    """Label JSON Lines whose first line is ``2 * mb`` MB long."""
    path = folder / "labels.jsonl"
    with path.open("wb") as out:
        out.write(b'{"set_id": "x", "text": "')
        _repeat(out, b"C", 2 * mb)
        out.write(b'"}\n' + json.dumps(json.loads(_openfda_record())).encode() + b"\n")
    return "openfda_json", path


def table_huge_row(folder: Path, mb: int) -> tuple[str, Path]:
    """An NDC directory whose product.txt has one ``mb`` MB row without a line break."""
    ndc = folder / "ndc"
    ndc.mkdir()
    header = lzma_first_lines(DATA / "ndc_directory" / "product.txt.xz", 2)
    with (ndc / "product.txt").open("wb") as out:
        out.write(header[0] + b"0000-0000_x\t0000-0000\t")
        _repeat(out, b"D", mb)
        out.write(b"\n" + header[1])
    (ndc / "package.txt").write_bytes(
        b"".join(lzma_first_lines(DATA / "ndc_directory" / "package.txt.xz", 2))
    )
    return "ndc", ndc


def csv_huge_row(folder: Path, mb: int) -> tuple[str, Path]:
    """A NADAC CSV with one ``mb`` MB row."""
    path = folder / "nadac.csv"
    with path.open("wb") as out:
        out.write(
            b"NDC Description,NDC,NADAC Per Unit,Effective Date,Pricing Unit,Pharmacy Type Indicator,OTC,"
            b"Explanation Code,Classification for Rate Setting,Corresponding Generic Drug NADAC Per Unit,"
            b"Corresponding Generic Drug Effective Date,As of Date\nTEST "
        )
        _repeat(out, b"E", mb)
        out.write(b"\nTEST 10 MG TABLET,99999000101,1.2,01/15/2026,EA,C/I,N,1,B,,,02/04/2026\n")
    return "nadac", path


def lzma_first_lines(path: Path, count: int) -> list[bytes]:
    import lzma

    with lzma.open(path) as fh:
        return [fh.readline() for _ in range(count)]


CASES = [zip_bomb, openfda_huge_string, jsonl_huge_line, table_huge_row, csv_huge_row]

CHILD = """
import resource, sys, time
sys.path.insert(0, {src!r})
from rxanswers.sources import READERS
from rxanswers.sources.records import RecordError
start = time.perf_counter()
ok = bad = 0
for item in READERS[{reader!r}]({path!r}):
    if isinstance(item, RecordError):
        bad += 1
    else:
        ok += 1
print(ok, bad, time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def input_mb(path: Path) -> float:
    files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
    return sum(p.stat().st_size for p in files) / 1024**2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=256, help="size of the oversized part of each input")
    args = parser.parse_args()
    print(f"| input ({args.mb} MB oversized part) | reader | file MB | good | bad | seconds | peak RSS MB |")
    print("|---|---|---|---|---|---|---|")
    for case in CASES:
        with tempfile.TemporaryDirectory() as folder:
            reader, path = case(Path(folder), args.mb)
            code = CHILD.format(src=str(REPO / "src"), reader=reader, path=str(path))
            done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
            if done.returncode:
                print(f"| {case.__name__} | {reader} | failed: {done.stderr.strip().splitlines()[-1]} |")
                continue
            ok, bad, seconds, rss = done.stdout.split()
            print(
                f"| {case.__name__} | {reader} | {input_mb(path):.1f} | {ok} | {bad} | {float(seconds):.1f} "
                f"| {rss} |"
            )


if __name__ == "__main__":
    main()
