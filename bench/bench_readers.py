"""Records per second of each reader on the bundled data (prints numbers, asserts nothing).

    .venv/bin/python bench/bench_readers.py [--bulk-mb 50]

Also times the openFDA JSON reader on a bulk file built in a temporary directory by repeating the five real
records of data/labels/openfda_records (``--bulk-mb 0`` skips it).
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from rxanswers.sources import READERS  # noqa: E402
from rxanswers.sources.records import RecordError  # noqa: E402
from rxanswers.sources.section_keys import section_catalog  # noqa: E402

DATA = REPO / "data"
BUNDLED = [
    ("openfda_json", DATA / "labels" / "openfda_records"),
    ("spl_xml", DATA / "labels" / "fda_openfda_test_spl"),
    ("pharma_rag", DATA / "labels" / "pharma_rag" / "labels.jsonl.gz"),
    ("graphrag_labels", DATA / "labels" / "graphrag_labels" / "labels.jsonl.gz"),
    (
        "phase3_openfda_sections",
        DATA / "labels" / "phase3_openfda_sections" / "phase3_openfda_label_sections.jsonl.gz",
    ),
    (
        "onsides_demner_fushman_200",
        DATA / "labels" / "onsides_demner_fushman_200" / "demner_fushman_200_labels.jsonl.gz",
    ),
    ("drugsatfda", DATA / "drugsatfda"),
    ("orangebook", DATA / "orangebook"),
    ("ndc", DATA / "ndc_directory"),
]


def measure(key: str, path: Path) -> None:
    started = time.perf_counter()
    records = errors = 0
    for item in READERS[key](path):
        if isinstance(item, RecordError):
            errors += 1
        else:
            records += 1
    seconds = time.perf_counter() - started
    rate = (records + errors) / seconds if seconds else float("inf")
    print(f"{key:28} {records:>9,} records {errors:>5,} errors {seconds:8.2f} s {rate:>12,.0f} records/s")


def build_bulk(folder: Path, megabytes: int) -> Path:
    raws = [
        gzip.decompress(p.read_bytes())
        for p in sorted((DATA / "labels" / "openfda_records").glob("*.json.gz"))
    ]
    path = folder / "drug-label-bench.json"
    count = size = 0
    with path.open("wb") as out:
        out.write(b'{"meta": {}, "results": [')
        while size < megabytes * 1_000_000:
            raw = raws[count % len(raws)]
            out.write((b"," if count else b"") + raw)
            count += 1
            size += len(raw)
        out.write(b"]}")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bulk-mb", type=int, default=50, help="size of the generated openFDA bulk file")
    args = parser.parse_args()
    section_catalog()  # load reference tables once, outside the timings
    for key, path in BUNDLED:
        measure(key, path)
    if args.bulk_mb:
        with tempfile.TemporaryDirectory() as folder:
            bulk = build_bulk(Path(folder), args.bulk_mb)
            started = time.perf_counter()
            count = sum(1 for _ in READERS["openfda_json"](bulk))
            seconds = time.perf_counter() - started
            megabytes = bulk.stat().st_size / 1e6
            print(
                f"{'openfda_json bulk':28} {count:>9,} records {megabytes:8.1f} MB {seconds:8.2f} s "
                f"{count / seconds:>8,.0f} records/s {megabytes / seconds:6.1f} MB/s"
            )


if __name__ == "__main__":
    main()
