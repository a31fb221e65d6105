"""How long a reviewer's write waits while a long label ingest runs (SQLite: one writer at a time).

    .venv/bin/python bench/bench_review_wait.py [--labels 3000]

Builds an openFDA bulk file of real bundled labels (as bench/bench_ingest.py does), then, for each batch policy,
ingests it into a fresh SQLite database while a second process writes a review question every 0.1 s (one small
transaction each, as the review pages do) and times every write. Policies: time-sized batches (the default,
~0.5 s per write transaction) and the old fixed batches of 500 labels (RXANSWERS_INGEST_TRANSACTION_SECONDS set
very high). Prints the writes' wait p50 / p99 / max and the ingest's labels/s. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_ingest import bundled_label_records, write_bulk  # noqa: E402

REVIEWER = """
import sys, time, django
django.setup()
from django.db import transaction
from rxanswers.review.models import Question
n = 0
while True:
    n += 1
    started = time.perf_counter()
    with transaction.atomic():
        Question.objects.create(text=f"bench reviewer question {n}", slug=f"bench-reviewer-{n}")
    print(f"{time.perf_counter() - started:.4f}", flush=True)
    time.sleep(0.1)
"""


def run(bulk: Path, workdir: Path, policy: str, seconds_per_transaction: str | None) -> dict:
    db = workdir / f"{policy}.sqlite3"
    env = dict(
        os.environ,
        RXANSWERS_DATABASE_URL=f"sqlite:///{db}",
        RXANSWERS_VAR_DIR=str(workdir),
        DJANGO_SETTINGS_MODULE="rxanswers.settings",
    )
    if seconds_per_transaction:
        env["RXANSWERS_INGEST_TRANSACTION_SECONDS"] = seconds_per_transaction
    cli = [sys.executable, "-m", "rxanswers.cli"]
    subprocess.run([*cli, "setup", "--no-data"], env=env, check=True, capture_output=True)
    reviewer = subprocess.Popen([sys.executable, "-c", REVIEWER], env=env, stdout=subprocess.PIPE, text=True)
    started = time.monotonic()
    subprocess.run(
        [*cli, "ingest", str(bulk), "--format", "openfda_json"], env=env, check=True, capture_output=True
    )
    elapsed = time.monotonic() - started
    reviewer.terminate()
    out, _ = reviewer.communicate()
    waits = sorted(float(line) for line in out.split() if line)
    return {
        "policy": policy,
        "writes": len(waits),
        "p50": waits[len(waits) // 2] if waits else float("nan"),
        "p99": waits[min(len(waits) - 1, int(0.99 * len(waits)))] if waits else float("nan"),
        "max": waits[-1] if waits else float("nan"),
        "labels_per_s": 0.0,
        "seconds": elapsed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rx-review-wait-") as folder:
        workdir = Path(folder)
        bulk = workdir / "drug-label-bench.json"
        write_bulk(bulk, bundled_label_records(), args.labels)
        print(
            f"| batches ({args.labels:,} labels, SQLite) | review writes | wait p50 s | p99 s | max s | labels/s |"
        )
        print("|---|---|---|---|---|---|")
        for policy, setting in (("time-sized (~0.5 s)", None), ("fixed 500 labels (old)", "1000000")):
            r = run(bulk, workdir, policy.split()[0], setting)
            print(
                f"| {policy} | {r['writes']} | {r['p50']:.3f} | {r['p99']:.3f} | {r['max']:.3f} "
                f"| {args.labels / r['seconds']:.0f} |",
                flush=True,
            )
    print(f"(load average {', '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
