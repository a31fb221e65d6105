"""Question-type and answer-form accuracy on labelled real consumer questions: tuned part and held-out part.

    .venv/bin/python bench/eval_types.py [--by-source]

The product's own understanding (``rxanswers.answers.understanding.understand`` over the database's name index)
classifies every labelled question (``bench/labels``, texts from ``../shared/bench``). Reported for questions
about a medicine (labelled type other than ``not_medication``): strict accuracy (the labelled type) and lenient
(the type or the labeller's ``type_alt``), answer-form accuracy; on the part that may be tuned on and on the
held-out part (``bench/labels/split.py``), which must never be read for tuning: only its numbers are printed.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rxanswers.settings")

import django  # noqa: E402

django.setup()

from realq import load_questions  # noqa: E402
from rxanswers.answers import selectors  # noqa: E402
from rxanswers.answers.understanding import understand  # noqa: E402
from rxanswers.answers.understanding.classifier import card  # noqa: E402


def score(rows, predict) -> dict:
    medication = [r for r in rows if r.type != "not_medication"]
    strict = lenient = form = form_n = 0
    for r in medication:
        u = predict(r.text)
        strict += u.intent == r.type
        lenient += u.intent in r.types
        if getattr(u, "form", None) is not None:
            form_n += 1
            form += u.form == r.form
    n = len(medication) or 1
    return {
        "n": len(medication),
        "strict": strict / n,
        "lenient": lenient / n,
        "form": (form / form_n) if form_n else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--by-source", action="store_true", help="one line per corpus and part")
    args = parser.parse_args()
    rows = load_questions()
    if not rows:
        print("no labelled questions (is ../shared/bench present?)")
        return 0
    index = selectors.name_index()

    def predict(text):
        return understand(" ".join(text.split())[:1000], index)

    groups: dict[str, list] = {}
    for r in rows:
        part = "held-out" if r.held_out else "tuned"
        groups.setdefault(f"all {part}", []).append(r)
        if args.by_source:
            groups.setdefault(f"{r.source} {part}", []).append(r)
    print("| questions | n | type (strict) | type (type_alt counts) | answer form |")
    print("|---|---|---|---|---|")
    for name in sorted(groups, key=lambda g: (g.split()[0] != "all", g)):
        s = score(groups[name], predict)
        form = f"{s['form']:.1%}" if s["form"] is not None else "—"
        print(f"| {name} | {s['n']} | {s['strict']:.1%} | {s['lenient']:.1%} | {form} |")
    print(f"\nlabelled questions: {len(rows)}; by source: {dict(Counter(r.source for r in rows))}")
    cv = card().get("cross_validation", {})
    if cv:
        print(
            "The tuned rows are the classifier's training data (a fit, not an estimate). Its 5-fold "
            f"cross-validated accuracy on them: type {cv['topic_strict']:.1%} (type_alt counted "
            f"{cv['topic_with_type_alt']:.1%}), form {cv['form']:.1%}; the held-out rows are the honest figure."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
