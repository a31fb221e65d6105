"""Evaluate question understanding (drug recognition + question type) on the shared corpora.

    .venv/bin/python bench/eval_understanding.py [--bench DIR] [--errors] [--liveqa] [--redmed]

Reads the corpora from ``$RXANSWERS_BENCH_DIR`` or the repo's sibling ``shared/bench`` (they are never
copied into the repo). Prints a results table; ``--errors`` lists the misses.

Focus hit rule (MedicationQA ``focus`` / ``focus_list``): a row is a hit when some recognised drug or
class matches some gold focus after normalisation: equal salt-stripped names, token-set ratio >= 90,
or the recognised name (>= 4 letters) is a whole word of the gold focus ("albuterol" in "albuterol
nebulizers"). Recognised forms compared: matched text, drug key and its components, generic, brands,
class lay name and EPC names. Rows with an empty focus list (not a drug question) are skipped.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from rapidfuzz import fuzz

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from rxanswers.answers.understanding import (  # noqa: E402
    INTENTS,
    NameIndex,
    classify,
    entries_from_files,
    map_gold_type,
)
from rxanswers.answers.understanding.text import normalise, strip_salts  # noqa: E402


def bench_dir(arg: str | None = None) -> Path:
    if arg:
        return Path(arg)
    env = os.environ.get("RXANSWERS_BENCH_DIR")
    if env:
        return Path(env)
    return (REPO / ".." / "shared" / "bench").resolve()


def load_index() -> NameIndex:
    return NameIndex.build(entries_from_files(REPO / "data"))


def _forms(rec, index: NameIndex) -> list[str]:
    forms: list[str] = []
    for d in rec.drugs:
        forms += [d.matched, d.drug_key, d.generic, *d.components, *index.brands_of(d.drug_key, 30)]
    for c in rec.classes:
        forms += [c.matched, c.name, *c.classes]
    return [normalise(f) for f in forms if f]


def focus_hit(rec, gold: list[str], index: NameIndex) -> bool:
    forms = _forms(rec, index)
    for g in gold:
        gn = normalise(g)
        if not gn:
            continue
        gs = strip_salts(gn)
        gwords = set(gn.split())
        for f in forms:
            if not f:
                continue
            if strip_salts(f) == gs or fuzz.token_set_ratio(f, gn) >= 90:
                return True
            if len(f) >= 4 and " " not in f and f in gwords:
                return True
            if len(gs) >= 4 and " " not in gs and gs in set(f.split()):
                return True
    return False


def macro_f1(pairs: list[tuple[str, str]]) -> tuple[float, dict[str, float]]:
    labels = sorted({g for g, _ in pairs})
    out: dict[str, float] = {}
    for lab in labels:
        tp = sum(1 for g, p in pairs if g == lab and p == lab)
        fp = sum(1 for g, p in pairs if g != lab and p == lab)
        fn = sum(1 for g, p in pairs if g == lab and p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        out[lab] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return (sum(out.values()) / len(out) if out else 0.0), out


def eval_medicationqa(index: NameIndex, path: Path, show_errors: bool = False) -> dict:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    gold_types_by_q: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        gold_types_by_q[r["question"]].add(map_gold_type(r["type"]))
    drug_rows = drug_hits = miss_rows = miss_hits = 0
    type_pairs: list[tuple[str, str]] = []
    lenient = anygold = 0
    times: list[float] = []
    errors_drug: list[str] = []
    errors_type: list[str] = []
    for r in rows:
        q = r["question"]
        t0 = time.perf_counter()
        rec = index.recognise(q)
        res = classify(q, rec)
        times.append((time.perf_counter() - t0) * 1000)
        gold_focus = [f for f in (r.get("focus_list") or [r.get("focus", "")]) if f]
        if gold_focus:
            hit = focus_hit(rec, gold_focus, index)
            drug_rows += 1
            drug_hits += hit
            if not r.get("focus_in_question", True):
                miss_rows += 1
                miss_hits += hit
            if not hit:
                got = [d.matched + "->" + d.drug_key for d in rec.drugs] + [c.matched for c in rec.classes]
                errors_drug.append(
                    f"  {r['id']}: gold={gold_focus} got={got} sugg={rec.suggestions[:3]} | {q[:90]}"
                )
        gold = map_gold_type(r["type"])
        type_pairs.append((gold, res.intent))
        lenient += res.intent == gold or res.secondary_intent == gold
        anygold += res.intent in gold_types_by_q[q]
        if res.intent != gold:
            errors_type.append(
                f"  {r['id']}: gold={gold} ({r['type']}) got={res.intent}/{res.secondary_intent} | {q[:100]}"
            )
    n = len(rows)
    strict = sum(g == p for g, p in type_pairs)
    mf1, per = macro_f1(type_pairs)
    confusion = Counter(type_pairs)
    out = {
        "rows": n,
        "drug_rows": drug_rows,
        "drug_acc": drug_hits / drug_rows if drug_rows else 0.0,
        "misspelled_rows": miss_rows,
        "misspelled_acc": miss_hits / miss_rows if miss_rows else 0.0,
        "type_acc": strict / n,
        "type_acc_primary_or_secondary": lenient / n,
        "type_acc_any_gold_of_question": anygold / n,
        "macro_f1": mf1,
        "per_type_f1": per,
        "p50_ms": statistics.median(times),
        "p99_ms": sorted(times)[max(0, int(round(0.99 * len(times))) - 1)],
        "confusion": confusion,
        "errors_drug": errors_drug,
        "errors_type": errors_type,
    }
    if show_errors:
        print("Drug misses:")
        print("\n".join(errors_drug) or "  none")
        print("Type misses:")
        print("\n".join(errors_type) or "  none")
    return out


_LIVEQA_DRUG_TYPES = {
    "side effects",
    "usage",
    "contraindication",
    "indication",
    "tapering",
    "dosage",
    "interaction",
    "storage and disposal",
    "ingredient",
    "overdose",
    "action",
}


def eval_liveqa(index: NameIndex, bench: Path) -> dict | None:
    files = sorted(glob.glob(str(bench / "liveqa2017" / "*.xml")))
    if not files:
        return None
    import xml.etree.ElementTree as ET

    pairs: list[tuple[str, str]] = []
    focus_rows = focus_hits = 0
    for f in files:
        root = ET.fromstring(Path(f).read_text(encoding="utf-8-sig"))
        for q in root.iter("NLM-QUESTION"):
            subject = (q.findtext("SUBJECT") or q.findtext("Original-Question/SUBJECT") or "").strip()
            message = (q.findtext("MESSAGE") or q.findtext("Original-Question/MESSAGE") or "").strip()
            text = f"{subject}. {message}" if subject else message
            for sub in q.iter("SUB-QUESTION"):
                ann = sub.find("ANNOTATIONS")
                if ann is None:
                    continue
                typ = (ann.findtext("TYPE") or "").strip().lower()
                if typ not in _LIVEQA_DRUG_TYPES:
                    continue
                focus = (ann.findtext("FOCUS") or "").strip()
                rec = index.recognise(text)
                res = classify(text, rec)
                gold = map_gold_type("stopping" if typ == "tapering" else typ)
                pairs.append((gold, res.intent))
                if focus:
                    focus_rows += 1
                    focus_hits += focus_hit(rec, [focus], index)
    if not pairs:
        return None
    acc = sum(g == p for g, p in pairs) / len(pairs)
    mf1, _ = macro_f1(pairs)
    return {
        "rows": len(pairs),
        "type_acc": acc,
        "macro_f1": mf1,
        "focus_acc": focus_hits / max(1, focus_rows),
    }


def eval_redmed(index: NameIndex, bench: Path, limit: int = 4000) -> dict | None:
    """Recall of real misspellings (RedMed phonetic + edit-distance-1 variants) of drugs we know."""
    path = bench / "redmed" / "redmed_drug_lexicon.tsv"
    if not path.exists():
        return None
    import csv

    total = hit = wrong = 0
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            drug = row["drug"].replace("_", " ")
            keys = set(index.lookup(drug))
            if not keys:
                continue
            for field in ("misspellingPhon", "edOne"):
                for v in row[field].split(","):
                    v = v.replace("_", " ").strip()
                    if not v or v == "-" or normalise(v) in index or len(v) < 5:
                        continue
                    total += 1
                    rec = index.recognise(f"what is {v}")
                    got = {d.drug_key for d in rec.drugs}
                    if got & keys:
                        hit += 1
                    elif got:
                        wrong += 1
                    if total >= limit:
                        break
    return {"variants": total, "recall": hit / max(1, total), "wrong_drug": wrong / max(1, total)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--liveqa", action="store_true")
    ap.add_argument("--redmed", action="store_true")
    args = ap.parse_args()
    bench = bench_dir(args.bench)
    mqa = bench / "medicationqa_dev.jsonl"
    if not mqa.exists():
        print(f"bench data not found at {bench}; set RXANSWERS_BENCH_DIR")
        return 1
    t0 = time.perf_counter()
    entries = entries_from_files(REPO / "data")
    t1 = time.perf_counter()
    index = NameIndex.build(entries)
    t2 = time.perf_counter()
    print(
        f"dictionary: {len(entries)} entries loaded in {t1 - t0:.2f}s; index of {len(index)} names built in {t2 - t1:.2f}s"
    )
    r = eval_medicationqa(index, mqa, args.errors)
    print()
    print("MedicationQA dev")
    print("| metric | value |")
    print("|---|---|")
    print(f"| rows | {r['rows']} |")
    print(f"| focus drug accuracy | {r['drug_acc']:.1%} ({r['drug_rows']} rows with a focus) |")
    print(
        f"| focus accuracy, focus_in_question=false | {r['misspelled_acc']:.1%} ({r['misspelled_rows']} rows) |"
    )
    print(f"| question type accuracy (primary) | {r['type_acc']:.1%} |")
    print(f"| type accuracy, primary or secondary | {r['type_acc_primary_or_secondary']:.1%} |")
    print(
        f"| type accuracy, primary in any gold type of the question | {r['type_acc_any_gold_of_question']:.1%} |"
    )
    print(f"| type macro-F1 | {r['macro_f1']:.3f} |")
    print(f"| recognise+classify p50 / p99 | {r['p50_ms']:.2f} ms / {r['p99_ms']:.2f} ms |")
    print()
    print("Per-type F1: " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(r["per_type_f1"].items())))
    labels = [i for i in INTENTS if any(i in pair for pair in r["confusion"])]
    print()
    print("Confusion (rows gold, columns predicted):")
    abbrev = {lab: lab[:5] for lab in labels}
    print("gold\\pred".ljust(17) + " ".join(abbrev[lab].rjust(5) for lab in labels))
    for g in labels:
        print(g.ljust(17) + " ".join(str(r["confusion"].get((g, p), 0) or ".").rjust(5) for p in labels))
    if args.liveqa:
        lq = eval_liveqa(index, bench)
        if lq:
            print()
            print(
                f"LiveQA 2017 train, drug-type sub-questions: {lq['rows']} rows, type accuracy {lq['type_acc']:.1%}, "
                f"macro-F1 {lq['macro_f1']:.3f}, focus accuracy {lq['focus_acc']:.1%}"
            )
    if args.redmed:
        rm = eval_redmed(index, bench)
        if rm:
            print()
            print(
                f"RedMed misspellings: {rm['variants']} variants, recall {rm['recall']:.1%}, wrong drug {rm['wrong_drug']:.1%}"
            )
    return 0


if __name__ == "__main__":
    re.purge()
    sys.exit(main())
