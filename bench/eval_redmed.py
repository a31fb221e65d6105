"""Top-1 accuracy of ``NAME_DICTIONARY.lookup`` on RedMed's real misspellings of drug names.

    .venv/bin/python bench/eval_redmed.py [--bench DIR] [--columns misspellingPhon,edOne,edTwo] [--failures 20]

Reads ``redmed/redmed_drug_lexicon.tsv`` from ``$RXANSWERS_BENCH_DIR`` or the repo's sibling ``shared/bench``
(never copied into the repo) and uses the database configured by ``RXANSWERS_DATABASE_URL`` (load it first
with ``rxanswers setup``).

Method:
* A RedMed row counts only when its drug is in the database: the row's ``drug`` (underscores read as spaces)
  resolves to a drug by name. The gold answers are that drug plus the drugs its ``known`` names (brands)
  resolve to, because misspellings are often of a brand ("enbryl" for Enbrel, i.e. etanercept).
* Queries are the row's misspellings (``misspellingPhon``, ``edOne``, ``edTwo`` by default). A misspelling
  that is itself an exact name of some drug in the database ("lybrel" is a real brand) is skipped: it is
  not a misspelling for a dictionary that knows that name. Skipped counts are printed.
* RedMed's ``edOne``/``edTwo`` columns are words seen on Reddit within one or two edits of *any* of the row's
  ``known`` names, and many known names are noise ("adex" for ibuprofen, "band" for albendazole). So the
  headline set ("misspellings of names the database knows") keeps a misspelling only when it is within two
  edits (Damerau-Levenshtein, spaces ignored) of the row's generic or a known name that the database maps to
  the gold drug. ``--all`` also reports the raw set, noise included.
* Of those, the "unambiguous" subset keeps misspellings whose nearest database names (in edits) all belong
  to the gold drug: "cholrine" (one edit from chlorine, two from choline) and "botum" (two edits from
  Botox and from Novum) are left out, since no spelling-based lookup can be expected to pick the gold one.
  Both accuracies are printed.
* A query is correct when the top hit's drug is one of the gold drugs.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rxanswers.settings")

TARGET = 97.0


def bench_dir(arg: str | None) -> Path:
    return Path(arg or os.environ.get("RXANSWERS_BENCH_DIR") or REPO.parent / "shared" / "bench")


def split_names(cell: str) -> list[str]:
    if not cell or cell.strip() == "-":
        return []
    return [
        " ".join(part.replace("_", " ").split()) for part in cell.split(",") if part.strip() and part != "-"
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--bench", help="directory holding redmed/ (default: $RXANSWERS_BENCH_DIR or ../shared/bench)"
    )
    parser.add_argument("--columns", default="misspellingPhon,edOne,edTwo")
    parser.add_argument("--failures", type=int, default=20, help="how many example failures to print")
    parser.add_argument("--all", action="store_true", help="also score the raw set (noisy variants included)")
    args = parser.parse_args(argv)

    path = bench_dir(args.bench) / "redmed" / "redmed_drug_lexicon.tsv"
    if not path.exists():
        print(f"RedMed lexicon not found at {path}; skipping.")
        return 0

    import django

    django.setup()
    from rxanswers.core.text import normalize_name
    from rxanswers.drugs.models import Drug, DrugName
    from rxanswers.search.selectors import NAME_DICTIONARY

    started = time.perf_counter()
    NAME_DICTIONARY.ensure_built()
    build_seconds = time.perf_counter() - started
    by_name: dict[str, set[int]] = {}
    for drug_id, normalized in DrugName.objects.values_list("drug_id", "normalized").iterator(
        chunk_size=5000
    ):
        by_name.setdefault(normalized, set()).add(drug_id)
    for drug_id, key, name in Drug.objects.values_list("id", "key", "name").iterator(chunk_size=5000):
        by_name.setdefault(key, set()).add(drug_id)
        by_name.setdefault(normalize_name(name), set()).add(drug_id)
    drug_names = dict(Drug.objects.values_list("id", "name"))

    def resolve(name: str) -> set[int]:
        """Drugs a name exactly denotes; for a generic name, the single-ingredient drug when there is one."""
        ids = by_name.get(normalize_name(name), set())
        single = {
            i for i in ids if " / " not in drug_names.get(i, "") and " and " not in drug_names.get(i, "")
        }
        return single or ids

    columns = [c.strip() for c in args.columns.split(",") if c.strip()]
    rows_total = rows_in_db = 0
    skipped_real_names = 0
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    cases: list[tuple[str, str, set[int]]] = []  # (query, gold drug label, gold ids)
    column_of: dict[tuple[str, str], str] = {}  # (query, gold drug label) -> first column it came from
    raw_cases: list[tuple[str, str, set[int]]] = []
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            rows_total += 1
            generic = row["drug"].replace("_", " ")
            gold = resolve(generic)
            if not gold:
                continue
            rows_in_db += 1
            anchors = {normalize_name(generic).replace(" ", "")}
            generic_ids = set(gold)
            for known in split_names(row.get("known", "")):
                ids = resolve(known)
                gold |= ids
                if ids & generic_ids or (ids and ids <= gold):
                    anchors.add(normalize_name(known).replace(" ", ""))
            seen: set[str] = set()
            for column in columns:
                for query in split_names(row.get(column, "")):
                    key = normalize_name(query)
                    if not key or key in seen:
                        continue
                    seen.add(key)
                    if key in by_name:
                        skipped_real_names += 1
                        continue
                    raw_cases.append((query, generic, gold))
                    compact = key.replace(" ", "")
                    if any(DamerauLevenshtein.distance(compact, a, score_cutoff=2) <= 2 for a in anchors):
                        cases.append((query, generic, gold))
                        column_of[(query, generic)] = column

    def score(items):
        correct, failures, timings = 0, [], []
        for query, generic, gold in items:
            t0 = time.perf_counter()
            hits = NAME_DICTIONARY.lookup(query, limit=5)
            timings.append(time.perf_counter() - t0)
            top = hits[0] if hits else None
            if top is not None and top.drug_id in gold:
                correct += 1
            else:
                got = f"{top.drug_name} (via {top.matched_name!r}, {top.score})" if top else "no hit"
                failures.append((query, generic, got))
        timings.sort()
        return correct, failures, timings

    all_keys = [k.replace(" ", "") for k in by_name]
    gold_keys: dict[frozenset, set[str]] = {}
    unambiguous = []
    for query, generic, gold in cases:
        compact = normalize_name(query).replace(" ", "")
        fs = frozenset(gold)
        if fs not in gold_keys:
            gold_keys[fs] = {k.replace(" ", "") for k, ids in by_name.items() if ids & gold}
        to_gold = min(DamerauLevenshtein.distance(compact, k) for k in gold_keys[fs])
        rivals = process.extract(
            compact, all_keys, scorer=DamerauLevenshtein.distance, score_cutoff=to_gold, limit=50
        )
        if all(key in gold_keys[fs] for key, _, _ in rivals):
            unambiguous.append((query, generic, gold))
    u_correct, u_failures, _ = score(unambiguous)
    u_acc = 100.0 * u_correct / len(unambiguous) if unambiguous else 0.0

    correct, failures, timings = score(cases)
    n = len(cases)
    accuracy = 100.0 * correct / n if n else 0.0
    p50 = timings[n // 2] * 1000 if n else 0.0
    p99 = timings[min(n - 1, int(n * 0.99))] * 1000 if n else 0.0
    print("RedMed misspellings -> NAME_DICTIONARY.lookup top-1")
    print(f"  lexicon rows:               {rows_total}")
    print(f"  rows whose drug is in DB:   {rows_in_db}")
    print(f"  columns:                    {', '.join(columns)}")
    print(f"  skipped (exact real names): {skipped_real_names}")
    print(f"  variants in those columns:  {len(raw_cases)}")
    print(f"  misspellings of known names (within 2 edits of a name the DB maps to the drug): {n}")
    print(f"  top-1 correct:              {correct}")
    print(f"  top-1 accuracy:             {accuracy:.2f} %  (target >= {TARGET:.0f} %)")
    print(f"  unambiguous subset:         {u_acc:.2f} % of {len(unambiguous)}  (no other DB name is closer)")
    failed = {(q, g) for q, g, _ in failures}
    unamb = {(q, g) for q, g, _ in unambiguous}
    print(
        "\n  | RedMed column | misspellings | top-1 | ambiguous (another DB name as close) | top-1, unambiguous |"
    )
    print("  |---|---|---|---|---|")
    for column in columns:
        mine = [(q, g) for q, g, _ in cases if column_of[(q, g)] == column]
        if not mine:
            continue
        ok = sum(1 for k in mine if k not in failed)
        mine_u = [k for k in mine if k in unamb]
        ok_u = sum(1 for k in mine_u if k not in failed)
        print(
            f"  | {column} | {len(mine)} | {100.0 * ok / len(mine):.2f} % | "
            f"{100.0 * (len(mine) - len(mine_u)) / len(mine):.1f} % | "
            f"{100.0 * ok_u / max(1, len(mine_u)):.2f} % |"
        )
    print(
        f"  lookup p50 / p99:           {p50:.2f} ms / {p99:.2f} ms  (dictionary build {build_seconds:.2f} s)"
    )
    if args.all:
        raw_correct, _, _ = score(raw_cases)
        raw_acc = 100.0 * raw_correct / len(raw_cases) if raw_cases else 0.0
        print(f"  raw set (noise included):   {raw_acc:.2f} % of {len(raw_cases)}")
    if failures and args.failures:
        print(f"\n{min(args.failures, len(failures))} of {len(failures)} failures (query -> expected | got):")
        common = Counter(g for _, g, _ in failures)
        for query, generic, got in failures[: args.failures]:
            print(f"  {query!r:28} -> {generic:24} | {got}")
        print(f"\n{min(args.failures, len(u_failures))} of {len(u_failures)} unambiguous-subset failures:")
        for query, generic, got in u_failures[: args.failures]:
            print(f"  {query!r:28} -> {generic:24} | {got}")
        print("  most-missed drugs: " + ", ".join(f"{d} ({c})" for d, c in common.most_common(8)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
