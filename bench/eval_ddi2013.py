"""Pair extraction on DDI-2013: does a sentence state an interaction between two of the drugs it names?

    .venv/bin/python bench/eval_ddi2013.py [--bench DIR] [--errors N]

Reads ``ddi2013/DDICorpus-2013.zip`` from ``$RXANSWERS_BENCH_DIR`` or the repo's sibling ``shared/bench`` (never
copied into the repo: CC BY-NC, evaluation only). Every annotated pair of a sentence is a case; gold is the
pair's ``ddi`` attribute (any type counts). The rules are ``rxanswers.answers.evidence.pairs`` (no training).
The Train part is what the cue lists were written against; the Test part was only ever scored. Printed beside
them: "every pair" (what naming both medicines alone would claim). Needs no database.
"""

from __future__ import annotations

import argparse
import os
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rxanswers.settings")


def _span(offset: str) -> tuple[int, int]:
    first = offset.split(";")[0]
    start, end = first.split("-")
    return int(start), int(end) + 1


def cases(archive: Path):
    """(part, corpus, sentence, first span, second span, other spans, gold)."""
    with zipfile.ZipFile(archive) as zf:
        for name in sorted(zf.namelist()):
            if not name.endswith(".xml") or "DrugNER" in name:
                continue
            part = "test" if "/Test/" in name else "train"
            corpus = "MedLine" if "MedLine" in name else "DrugBank"
            root = ET.fromstring(zf.read(name))
            for sentence in root.iter("sentence"):
                text = sentence.get("text", "")
                spans = {e.get("id"): _span(e.get("charOffset")) for e in sentence.iter("entity")}
                for pair in sentence.iter("pair"):
                    a, b = spans[pair.get("e1")], spans[pair.get("e2")]
                    others = [s for k, s in spans.items() if s not in (a, b)]
                    yield part, corpus, text, a, b, others, pair.get("ddi") == "true"


def score(counts: Counter) -> str:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"{p:.3f} | {r:.3f} | {f:.3f} | {tp + fn}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("RXANSWERS_BENCH_DIR", REPO.parent / "shared" / "bench"))
    parser.add_argument("--bench", type=Path, default=default)
    parser.add_argument(
        "--errors", type=int, default=0, help="print N false positives and N misses (Train only)"
    )
    args = parser.parse_args()
    archive = args.bench / "ddi2013" / "DDICorpus-2013.zip"
    if not archive.exists():
        print(f"DDI-2013 not found at {archive}")
        return 1
    import django

    django.setup()
    from rxanswers.answers.evidence.pairs import states_interaction

    counts: dict[tuple[str, str], Counter] = {}
    naive: dict[str, Counter] = {}
    errors: dict[str, list[str]] = {"fp": [], "fn": []}
    for part, corpus, text, a, b, others, gold in cases(archive):
        said = states_interaction(text, a, b, others)
        kind = ("tp" if gold else "fp") if said else ("fn" if gold else "tn")
        for key in ((part, corpus), (part, "all")):
            counts.setdefault(key, Counter())[kind] += 1
        naive.setdefault(part, Counter())["tp" if gold else "fp"] += 1
        if part == "train" and kind in errors and len(errors[kind]) < args.errors:
            errors[kind].append(f"{text[a[0] : a[1]]} / {text[b[0] : b[1]]}: {text.strip()}")
    print("| part | corpus | precision | recall | F1 | gold pairs |")
    print("|---|---|---|---|---|---|")
    for part in ("train", "test"):
        for corpus in ("DrugBank", "MedLine", "all"):
            label = "Train (cues written against it)" if part == "train" else "Test (unseen)"
            print(f"| {label} | {corpus} | {score(counts[(part, corpus)])} |")
        print(f"| {label} | every pair naming both | {score(naive[part])} |")
    for kind, lines in errors.items():
        for line in lines:
            print(f"{kind}: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
