"""Ingest throughput and memory at scale (issue: >= 300 labels/s into SQLite; peak RSS flat 10k -> 100k).

    .venv/bin/python bench/bench_ingest.py [--sizes 10000 100000] [--keep]

The scale input is built from the real bundled records: every bundled label (openFDA records, SPL-derived
and JSONL sources, converted to the openFDA bulk layout) replicated under new set ids, written as one
openFDA bulk file per size. Each size is ingested by `rxanswers ingest` in a fresh subprocess into a fresh
SQLite database; the parent samples the child's RSS. Prints labels/s, peak RSS and database bytes per label. With RXANSWERS_BENCH_DATABASE_URL (an empty
PostgreSQL database, e.g. inside scripts/with-postgres.sh) it ingests there instead (one size per run).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import orjson

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rxanswers.settings")
os.environ.setdefault("RXANSWERS_DATABASE_URL", "sqlite:///:memory:")

import django  # noqa: E402

django.setup()

from rxanswers import registry  # noqa: E402
from rxanswers.sources.records import LabelRecord  # noqa: E402


def bundled_label_records() -> list[LabelRecord]:
    records = []
    for bundled_path, entry in registry.bundled():
        if not bundled_path.startswith("labels/"):
            continue
        path = REPO / "data" / bundled_path
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.suffix == ".md":
                continue
            records += [r for r in entry.read(file) if isinstance(r, LabelRecord)]
    return records


def to_openfda(record: LabelRecord, n: int) -> dict:
    out = {s.key: [s.text] for s in record.sections}
    out.update(
        set_id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"bench-{n}")),
        id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"bench-spl-{n}")),
        version=str(record.version or 1),
        effective_time=(record.effective_date.strftime("%Y%m%d") if record.effective_date else "20250101"),
        openfda={
            "brand_name": record.brand_names,
            "generic_name": record.generic_names,
            "substance_name": record.substance_names,
            "manufacturer_name": [record.manufacturer] if record.manufacturer else [],
            "product_type": [record.product_type] if record.product_type else [],
            "route": record.routes,
        },
    )
    return out


def write_bulk(path: Path, records: list[LabelRecord], count: int) -> int:
    with path.open("wb") as fh:
        fh.write(b'{"meta": {"results": {"total": %d}}, "results": [\n' % count)
        for n in range(count):
            if n:
                fh.write(b",\n")
            fh.write(orjson.dumps(to_openfda(records[n % len(records)], n)))
        fh.write(b"\n]}\n")
    return path.stat().st_size


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _postgres_size(env: dict) -> int:
    """Size of the target PostgreSQL database, asked in a child process configured like the ingest."""
    code = (
        "import django; django.setup(); from django.db import connection; c = connection.cursor(); "
        "c.execute('SELECT pg_database_size(current_database())'); print(c.fetchone()[0])"
    )
    env = dict(env, DJANGO_SETTINGS_MODULE="rxanswers.settings")
    res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    return int(res.stdout.strip() or 0)


def run_size(records: list[LabelRecord], count: int, workdir: Path) -> dict:
    bulk = workdir / f"drug-label-bench-{count}.json"
    size = write_bulk(bulk, records, count)
    db = workdir / f"bench-{count}.sqlite3"
    url = os.environ.get("RXANSWERS_BENCH_DATABASE_URL") or f"sqlite:///{db}"  # e.g. an empty PostgreSQL db
    env = dict(os.environ, RXANSWERS_DATABASE_URL=url, RXANSWERS_VAR_DIR=str(workdir))
    cli = [sys.executable, "-m", "rxanswers.cli"]
    subprocess.run([*cli, "setup", "--no-data"], env=env, check=True, capture_output=True)
    started = time.monotonic()
    proc = subprocess.Popen(
        [*cli, "ingest", str(bulk), "--format", "openfda_json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    peak = 0
    while proc.poll() is None:
        peak = max(peak, rss_kb(proc.pid))
        time.sleep(0.05)
    elapsed = time.monotonic() - started
    out, err = proc.communicate()
    if proc.returncode:
        raise SystemExit(err.decode()[-2000:])
    db_size = sum(p.stat().st_size for p in workdir.glob(f"bench-{count}.sqlite3*")) or _postgres_size(env)
    bulk.unlink()
    return {
        "labels": count,
        "input_mb": size / 1e6,
        "seconds": elapsed,
        "labels_per_s": count / elapsed,
        "peak_rss_mb": peak / 1024,
        "db_kb_per_label": db_size / count / 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--dir", help="work directory (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    args = parser.parse_args()
    records = bundled_label_records()
    workdir = Path(args.dir or tempfile.mkdtemp(prefix="rxanswers-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"{len(records)} real label records replicated; work dir {workdir}")
    print("| labels | input MB | seconds | labels/s | peak RSS MB | DB KB/label |")
    print("|---:|---:|---:|---:|---:|---:|")
    try:
        for count in args.sizes:
            r = run_size(records, count, workdir)
            print(
                f"| {r['labels']:,} | {r['input_mb']:.0f} | {r['seconds']:.1f} | {r['labels_per_s']:.0f} | "
                f"{r['peak_rss_mb']:.0f} | {r['db_kb_per_label']:.1f} |",
                flush=True,
            )
            load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
            print(f"(load average {load} on {os.cpu_count()} CPUs after this run)", flush=True)
    finally:
        if not args.keep and not args.dir:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
