"""How real yes/no questions are opened: the issue's "every yes/no question opens with a yes, a no or the label
does not say", measured on the labelled real questions (``bench/labels/``, texts from ``../shared/bench``).

    .venv/bin/python bench/eval_real_openings.py [--show tuned]

For every labelled real question whose form is yes/no and that names a medicine, the whole message (or the
question sentences the labeller marked when the message is over 1,000 characters) goes through the pipeline.
Reported per part (tuned = not held out; unseen = the held-out third, never read one by one):
- opens: answers whose first sentence opens with "Yes", "No", "It depends", "The label does not say" or "Only part of the X label is loaded here"
- cannot say, not loaded: answers that open instead with "The FDA label text for X is not loaded here, so this
  answer cannot say ..." (the honest opening without label text; not counted in "opens", shown beside it);
- abstained: no answer at all (no medicine recognised, not about a medicine, ...);
- label loaded: the first medicine answered about has label text here.
``--show tuned`` prints the tuned questions whose answer does not open that way.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rxanswers.settings")

import django  # noqa: E402

django.setup()

from eval_answers import opening_of  # noqa: E402
from realq import load_questions  # noqa: E402
from rxanswers.answers.pipeline import MAX_QUESTION_CHARS, answer_question, warm_up  # noqa: E402

NOT_LOADED = re.compile(  # also "No label of X for the eye is loaded here: the label quoted is for ..." (session 20)
    r"^the fda label text for .+ is not loaded here, so this answer cannot say\b|^no label of .+ is loaded here\b",
    re.I,
)


def ask(text: str, marked: str):
    question = " ".join(text.split())
    if len(question) > MAX_QUESTION_CHARS:
        question = " ".join(marked.split())[:MAX_QUESTION_CHARS]
    return answer_question(question)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--show", choices=["tuned"], help="print the tuned questions not opened yes/no")
    args = parser.parse_args()
    rows = [q for q in load_questions() if q.form == "yes_no" and q.drug_status == "named"]
    warm_up()
    stats = {"tuned": Counter(), "unseen": Counter()}
    misses = []
    for q in rows:
        part = "unseen" if q.held_out else "tuned"
        result = ask(q.text, q.question_text)
        c = stats[part]
        c["questions"] += 1
        sentences = result.answer.sentences if result.answer else []
        if not sentences:
            c["abstained"] += 1
        opening = opening_of(sentences[0].text) if sentences else None
        c["opens"] += opening is not None
        if opening:
            c[f"opens {opening}"] += 1
        not_loaded = opening is None and bool(sentences) and NOT_LOADED.match(sentences[0].text) is not None
        c["cannot say, not loaded"] += not_loaded
        c["opens or cannot say"] += opening is not None or not_loaded
        if (
            result.drugs
            and getattr(result.drugs[0], "label", None) is not None
            or any(cit.source == "fda_label" for s in sentences for cit in s.citations)
        ):
            c["label loaded"] += 1
            c["opens, label loaded"] += opening is not None
        if part == "tuned" and opening is None:
            misses.append((q, result))
    keys = [
        "questions",
        "opens",
        "opens yes",
        "opens no",
        "opens depends",
        "opens label_silent",
        "opens partly_loaded",
    ]
    keys += [
        "cannot say, not loaded",
        "opens or cannot say",
        "abstained",
        "label loaded",
        "opens, label loaded",
    ]
    print("| real yes/no questions naming a medicine | tuned | unseen |")
    print("|---|---|---|")
    for key in keys:
        cells = []
        for part in ("tuned", "unseen"):
            c = stats[part]
            base = c["label loaded"] if key == "opens, label loaded" else c["questions"]
            value = c[key]
            cells.append(str(value) if key == "questions" else f"{value} ({value / (base or 1):.0%})")
        print(f"| {key} | {cells[0]} | {cells[1]} |")
    if args.show:
        for q, result in misses:
            first = result.answer.sentences[0].text if result.answer else f"(abstained: {result.abstained})"
            quoted = result.answer and any(
                c.source == "fda_label" for s in result.answer.sentences for c in s.citations
            )
            loaded = " [label text quoted]" if quoted else ""
            print(
                f"\n{q.id} [{result.intent}/{result.form}]{loaded} {q.question_text[:200]}\n  -> {first[:220]}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
