"""Inter-annotator agreement on the subset a second labeller labelled independently (``agreement_ids.txt``).

    python bench/labels/agreement.py

Prints raw agreement and Cohen's kappa for ``type`` and ``form``, agreement when either labeller's ``type_alt``
may match, and agreement on ``drug_status``. Also: the first labeller's blind types against MedicationQA's gold
types on the dev questions (how close the guideline is to the authors' conventions).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from realq import GOLD_MAP  # noqa: E402  (MedicationQA fine types -> the guideline's types)


def read(name: str) -> dict[str, dict]:
    return {r["id"]: r for r in map(json.loads, (HERE / name).read_text().splitlines()) if r}


def kappa(pairs: list[tuple[str, str]]) -> float:
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    left, right = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(left[k] * right.get(k, 0) for k in left) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def main() -> None:
    first: dict[str, dict] = {}
    for name in ("kqa.jsonl", "curai.jsonl", "meqsum.jsonl"):
        first.update(read(name))
    second = read("agreement_second.jsonl")
    ids = [i for i in (HERE / "agreement_ids.txt").read_text().split() if i in second and i in first]
    print(f"{len(ids)} questions labelled by both labellers")
    for field in ("type", "form", "drug_status"):
        pairs = [(first[i][field], second[i][field]) for i in ids]
        agree = sum(a == b for a, b in pairs) / len(pairs)
        print(f"  {field:12s} raw agreement {agree:6.1%}   Cohen's kappa {kappa(pairs):.3f}")
    lenient = sum(
        {first[i]["type"], first[i].get("type_alt")} & {second[i]["type"], second[i].get("type_alt")} - {None}
        != set()
        for i in ids
    )
    print(f"  type, either labeller's type_alt counted: {lenient / len(ids):.1%}")
    dev = read("medicationqa_dev.jsonl")
    hits = sum(
        GOLD_MAP.get(r["gold_type"].lower(), r["gold_type"].lower()) == r["type"] for r in dev.values()
    )
    print(
        f"MedicationQA dev: first labeller's blind type = the authors' type on {hits}/{len(dev)} ({hits / len(dev):.1%})"
    )


if __name__ == "__main__":
    main()
