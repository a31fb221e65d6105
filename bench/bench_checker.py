"""Interaction-checker speed (issue 10: a 10-medicine check answers in < 100 ms p99), printed as a Markdown table.

    .venv/bin/python bench/bench_checker.py [--rounds N]

Lists of 10 are drawn (fixed seed) from medicines with label text in the database ``make run`` uses, plus a
drink and a supplement. The first check of a list builds its label indexes (cold); the figures after warm-up are
what a running server answers in. Numbers are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rxanswers.settings")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30, help="lists checked (default 30)")
    args = parser.parse_args()
    import django

    django.setup()
    from rxanswers.answers.checker import check_interactions
    from rxanswers.drugs.models import Drug

    names = sorted(Drug.objects.filter(labels__isnull=False).distinct().values_list("name", flat=True))
    rng = random.Random(20261206)
    lists = [rng.sample(names, 8) + ["alcohol", "St. John's wort"] for _ in range(args.rounds)]
    cold, warm, pairs = [], [], []
    for names10 in lists:
        start = time.perf_counter()
        check_interactions(names10)
        cold.append((time.perf_counter() - start) * 1000)
        for _ in range(5):
            start = time.perf_counter()
            result = check_interactions(names10)
            warm.append((time.perf_counter() - start) * 1000)
        pairs.append(len(result.pairs))
    warm.sort()
    print(
        f"| figure ({args.rounds} lists of 10; {statistics.mean(pairs):.0f} pairs each) | target | measured |"
    )
    print("|---|---|---|")
    print(
        f"| 10-medicine check, warm p50 / p99 | p99 < 100 ms | {warm[len(warm) // 2]:.1f} / "
        f"{warm[min(len(warm) - 1, int(len(warm) * 0.99))]:.1f} ms |"
    )
    print(f"| first check of a list (label indexes built), median | - | {statistics.median(cold):.0f} ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
