"""Question-type accuracy on rxanswers' own labelled question sets (``bench/probes/*.tsv``).

    .venv/bin/python bench/eval_probes.py [--errors] [FILE.tsv ...]

Each file is ``type<TAB>question`` with a header line. The sets are our own writing (no third-party text), so
they ship in the repo, unlike the shared corpora:

* ``own_phrasings.tsv``: 230 phrasings written by the developers in sessions 1-2 while probing the classifier;
* ``blind_1.tsv`` (400), ``blind_2.tsv`` (300), ``blind_3.tsv`` (250), ``blind_4.tsv`` (250): written by separate helper sessions
  that never saw the classifier, imitating the style of real consumer questions (MedicationQA dev, LiveQA,
  MeQSum) and labelled with the intent scheme of docs/understanding.md. Each was first scored before any cue
  was changed for it (the "first look" numbers in docs/understanding.md); later sets measure how the fixes
  made for earlier sets generalise.

Prints accuracy per file and per type, and the most frequent confusions.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from eval_understanding import load_index  # noqa: E402
from rxanswers.answers.understanding import understand  # noqa: E402

PROBES = REPO / "bench" / "probes"


def read_probes(path: Path) -> list[tuple[str, str]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()[1:], start=2):
        if not line.strip():
            continue
        gold, sep, question = line.partition("\t")
        if not sep:
            raise SystemExit(f"{path}:{n}: not 'type<TAB>question'")
        rows.append((gold.strip(), question.strip()))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--errors", action="store_true", help="list the misses")
    args = ap.parse_args()
    files = args.files or sorted(PROBES.glob("*.tsv"))
    index = load_index()
    print("| set | questions | type accuracy | no drug or class recognised |")
    print("|---|---|---|---|")
    confusions: Counter = Counter()
    misses: list[str] = []
    for path in files:
        rows = read_probes(path)
        right = unrecognised = 0
        for gold, question in rows:
            u = understand(question, index)
            unrecognised += not u.drugs and not u.classes
            if u.intent == gold:
                right += 1
            else:
                confusions[(gold, u.intent)] += 1
                misses.append(f"{path.name}: {gold:16} got {u.intent:16} | {question[:140]}")
        print(f"| {path.name} | {len(rows)} | {right / len(rows):.1%} | {unrecognised} |")
    print("\nmost frequent confusions (gold -> predicted):")
    for (gold, got), n in confusions.most_common(10):
        print(f"  {gold} -> {got}: {n}")
    if args.errors:
        print("\n" + "\n".join(misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
