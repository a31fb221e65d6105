"""End-to-end evaluation of `rxanswers ask` on MedicationQA (dev split) against the database.

    RXANSWERS_DATABASE_URL=... .venv/bin/python bench/eval_medicationqa.py [--bench DIR] [--errors]

Uses the configured database (default var/rxanswers.sqlite3, after `rxanswers setup`). Reports:
focus-drug accuracy (all rows, and rows whose drug is misspelled/paraphrased), question-type accuracy and
macro-F1 with a confusion matrix, share of answer sentences with a citation, answers about a drug that is
not the gold focus, abstentions, ROUGE-L (F) against the reference answers, and compose latency.
The corpora are read from ../shared/bench (never copied into the repo).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rxanswers.settings")

import django  # noqa: E402

django.setup()

from rapidfuzz import fuzz  # noqa: E402

from eval_understanding import bench_dir, macro_f1  # noqa: E402
from rxanswers.answers.pipeline import answer_question, warm_up  # noqa: E402
from rxanswers.answers.understanding import map_gold_type  # noqa: E402
from rxanswers.core.drugnames import normalise, strip_salts  # noqa: E402


def rouge_l(candidate: str, reference: str) -> float:
    """ROUGE-L F-measure over lowercase word tokens (LCS by dynamic programming)."""
    a, b = normalise(candidate).split(), normalise(reference).split()
    if not a or not b:
        return 0.0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b, 1):
            cur.append(prev[j - 1] + 1 if x == y else max(prev[j], cur[-1]))
        prev = cur
    lcs = prev[-1]
    if lcs == 0:
        return 0.0
    p, r = lcs / len(a), lcs / len(b)
    return 2 * p * r / (p + r)


def _forms(result) -> list[str]:
    forms = []
    for d in result.drugs:
        forms += [d.matched, d.name, *d.brands]
    forms += result.classes
    return [normalise(f) for f in forms if f]


def focus_hit(result, gold: list[str]) -> bool:
    forms = _forms(result)
    for g in gold:
        gn = normalise(g)
        gs = strip_salts(gn) if gn else ""
        if not gn:
            continue
        for f in forms:
            if strip_salts(f) == gs or fuzz.token_set_ratio(f, gn) >= 90:
                return True
            if len(f) >= 4 and " " not in f and f in set(gn.split()):
                return True
            if len(gs) >= 4 and " " not in gs and gs in set(f.split()):
                return True
    return False


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench")
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args()
    path = bench_dir(args.bench) / "medicationqa_dev.jsonl"
    if not path.exists():
        print(f"skipped: {path} not found")
        return 0
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    t0 = time.monotonic()
    warm_up()
    load_s = time.monotonic() - t0

    focus, focus_ms, types, latencies, rouge = [], [], [], [], []
    sentences = cited = wrong_drug = wrong_primary = abstained = answered = 0
    errors = []
    for row in rows:
        start = time.perf_counter()
        result = answer_question(row["question"])
        latencies.append((time.perf_counter() - start) * 1000)
        gold_focus = row.get("focus_list") or [row.get("focus", "")]
        gold_focus = [g for g in gold_focus if g]
        if gold_focus:
            hit = focus_hit(result, gold_focus)
            focus.append(hit)
            if not row.get("focus_in_question", True):
                focus_ms.append(hit)
            about_drug = bool(result.drugs) and getattr(result.drugs[0], "kind", "drug") == "drug"
            if result.answer is not None and about_drug and not hit:
                wrong_drug += 1
            if result.answer is not None and about_drug:
                first_only = copy.copy(result)
                first_only.drugs, first_only.classes = result.drugs[:1], []
                if not focus_hit(first_only, gold_focus):
                    wrong_primary += 1
                    errors.append(("primary", row["question"], gold_focus, result.drugs[0].name))
            if not hit:
                errors.append(("focus", row["question"], gold_focus, [d.name for d in result.drugs]))
        gold_type = map_gold_type(row.get("type", ""))
        if gold_type:
            types.append((gold_type, result.intent))
            if gold_type != result.intent:
                errors.append(("type", row["question"], gold_type, result.intent))
        if result.answer is None:
            abstained += 1
        else:
            answered += 1
            for s in result.answer.sentences:
                sentences += 1
                cited += bool(s.citations)
            if row.get("answer"):
                rouge.append(rouge_l(result.answer.text, row["answer"]))

    type_acc = sum(g == p for g, p in types) / len(types)
    f1, per_label = macro_f1(types)
    lat = sorted(latencies)
    print(f"MedicationQA dev: {len(rows)} questions (index load {load_s:.1f}s)")
    print("| metric | value |\n|---|---|")
    print(f"| focus drug accuracy | {sum(focus) / len(focus):.1%} ({sum(focus)}/{len(focus)}) |")
    print(
        f"| focus, misspelled/paraphrased rows | {sum(focus_ms) / max(1, len(focus_ms)):.1%} ({sum(focus_ms)}/{len(focus_ms)}) |"
    )
    print(f"| question type accuracy | {type_acc:.1%} |")
    print(f"| question type macro-F1 | {f1:.3f} |")
    print(f"| answered / abstained | {answered} / {abstained} |")
    print(f"| answer sentences with a citation | {cited / max(1, sentences):.1%} ({cited}/{sentences}) |")
    print(f"| answers naming a drug other than the gold focus | {wrong_drug} |")
    print(f"| answers whose first (answered-about) drug is not a gold focus | {wrong_primary} |")
    print(
        f"| ROUGE-L F vs reference answers (answered rows) | {statistics.mean(rouge) if rouge else 0:.3f} |"
    )
    print(
        f"| compose latency p50 / p99 | {lat[len(lat) // 2]:.1f} ms / {lat[int(len(lat) * 0.99) - 1]:.1f} ms |"
    )
    labels = sorted({g for g, _ in types} | {p for _, p in types if p})
    confusion = Counter(types)
    print("\nconfusion (rows gold, columns predicted; only non-zero rows):")
    short = {lab: lab[:6] for lab in labels}
    print("gold\\pred".ljust(18) + " ".join(short[lab].rjust(6) for lab in labels))
    for g in labels:
        if any(confusion[(g, p)] for p in labels):
            print(g[:17].ljust(18) + " ".join(str(confusion[(g, p)] or ".").rjust(6) for p in labels))
    if args.errors:
        print("\nerrors:")
        for e in errors:
            print(" ", e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
