"""Search timings: name lookup over the full name dictionary (real names with injected typos) and
section full-text search. Prints a table; no asserts.

    .venv/bin/python bench/bench_search.py [--n 2000] [--seed 7]

Uses the database configured by ``RXANSWERS_DATABASE_URL`` (load it first with ``rxanswers setup``).
"""

from __future__ import annotations

import argparse
import os
import random
import string
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rxanswers.settings")

SECTION_QUERIES = [
    "lactic acidosis",
    "liver injury",
    "pregnancy",
    "grapefruit juice",
    "serotonin syndrome",
    "QT prolongation",
    "renal impairment dose adjustment",
    "hypoglycemia",
    "rhabdomyolysis",
    "store at room temperature",
    "angioedema",
    "CYP3A4 inhibitors",
    "suicidal thoughts",
    "bleeding risk",
    "Stevens-Johnson syndrome",
    "breastfeeding",
]
# Rarer terms (~630-1,300 sections at 100k bench labels, a handful in the bundled data): the ranked path.
RARE_SECTION_QUERIES = [
    "retinoblastoma",
    "mesothelioma",
    "onychomycosis",
    "prasugrel",
    "gonorrhea",
    "superinfection",
    "glomerulonephritis",
    "osteonecrosis of the jaw",
]


def typo(word: str, rng: random.Random) -> str:
    """One random edit: delete, insert, substitute or transpose a letter (not the first)."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice("disx")
    letter = rng.choice(string.ascii_lowercase)
    if op == "d":
        return word[:i] + word[i + 1 :]
    if op == "i":
        return word[:i] + letter + word[i:]
    if op == "s":
        return word[:i] + letter + word[i + 1 :]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    samples = sorted(samples)
    n = len(samples)
    return (samples[n // 2] * 1000, samples[min(n - 1, int(n * 0.99))] * 1000, samples[-1] * 1000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=2000, help="name queries per kind")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=5, help="passes over the section queries")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.db import connection

    from rxanswers.search.selectors import NAME_DICTIONARY, section_search

    rng = random.Random(args.seed)
    started = time.perf_counter()
    NAME_DICTIONARY.ensure_built()
    build = time.perf_counter() - started
    keys = NAME_DICTIONARY.keys
    if not keys:
        print("The name dictionary is empty: load data first (rxanswers setup).")
        return 0
    names = [k for k in keys if 4 <= len(k) <= 40]
    sample = [rng.choice(names) for _ in range(args.n)]
    workloads = {
        "name, exact": sample,
        "name, 1 typo": [typo(n, rng) for n in sample],
        "name, 2 typos": [typo(typo(n, rng), rng) for n in sample],
    }
    rows = []
    for label, queries in workloads.items():
        timings, top_ok = [], 0
        for original, query in zip(sample, queries, strict=True):
            t0 = time.perf_counter()
            hits = NAME_DICTIONARY.lookup(query, limit=10)
            timings.append(time.perf_counter() - t0)
            drugs = {d for d, _, _ in NAME_DICTIONARY.entries[NAME_DICTIONARY._index[original]]}
            top_ok += bool(hits and hits[0].drug_id in drugs)
        p50, p99, worst = percentiles(timings)
        rows.append((label, len(queries), p50, p99, worst, f"{100 * top_ok / len(queries):.1f} %"))
    for label, queries in (("sections FTS", SECTION_QUERIES), ("sections FTS, rarer", RARE_SECTION_QUERIES)):
        timings = []
        for _ in range(args.rounds):
            for query in queries:
                t0 = time.perf_counter()
                section_search(query, limit=20)
                timings.append(time.perf_counter() - t0)
        p50, p99, worst = percentiles(timings)
        rows.append((f"{label} ({connection.vendor})", len(timings), p50, p99, worst, "-"))

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"name dictionary: {len(keys)} names, built in {build:.2f} s; load average {load} on {os.cpu_count()} CPUs"
    )
    header = ("workload", "queries", "p50 ms", "p99 ms", "max ms", "top-1 = source drug")
    print(f"{header[0]:34} {header[1]:>8} {header[2]:>8} {header[3]:>8} {header[4]:>8}  {header[5]}")
    for label, n, p50, p99, worst, acc in rows:
        print(f"{label:34} {n:>8} {p50:>8.2f} {p99:>8.2f} {worst:>8.2f}  {acc}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
