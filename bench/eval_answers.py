"""The answer-key benchmark: does the answer's opening state what a pharmacist says it must?

    .venv/bin/python bench/eval_answers.py [--show tuned] [--out FILE.jsonl]

``bench/answer_key/*.jsonl``: 346 consumer-style questions about drugs with label text in the bundled data, each
with the key facts a correct answer states in its first two sentences (quoted from the label, with the section),
the expected answer form and, for yes/no questions, the expected opening. Written by pharmacist-annotator
sessions that never saw the engine's answers. A third (by a hash of the id, ``labels/split.py``) is kept unseen
while tuning: ``--show`` prints per-question misses for the tuned part only.

Scores (tuned part and unseen part):
- key-fact recall: share of key facts stated in the first two sentences (a fact counts when every word of one of
  its ``match`` alternatives occurs there, a word matching by its beginning);
- full answers: questions whose every key fact is in the first two sentences;
- yes/no opening: yes/no questions that open with "Yes.", "No.", "It depends" (only when the label says to weigh
  benefits against risks) or "The label does not say";
  yes/no correct: the opening agrees with the key (a "depends" key accepts any opening);
- false absence claims: answers that say the label does not mention/say/address something it does;
- right section: the first two sentences cite a section the key names;
- hygiene defects: per answer sentence (``rxanswers.answers.hygiene``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench" / "labels"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rxanswers.settings")

import django  # noqa: E402

django.setup()

from split import answer_key_unseen  # noqa: E402

from rxanswers.answers.hygiene import defects  # noqa: E402
from rxanswers.answers.pipeline import answer_question, warm_up  # noqa: E402

KEY_DIR = REPO / "bench" / "answer_key"
ABSENCE = re.compile(
    r"\b(?:does not|doesn't|do not) (?:mention|say|address|include|list|answer)|\bhas no [\w ]+ section\b",
    re.I,
)
OPENINGS = {
    "yes": re.compile(r"^yes\b", re.I),
    # "No label of Wegovy itself / of erythromycin for the eye is loaded here: ..." says whose label is quoted,
    # it answers nothing: not counted as a "No"
    "no": re.compile(r"^no\b(?! label of)", re.I),
    "depends": re.compile(r"^it depends\b", re.I),
    # "Only part of the X label is loaded here, ..., so this answer cannot say whether ...": the honest
    # opening when the sections that would answer are not loaded (counted, and shown as its own row)
    "partly_loaded": re.compile(r"^only part of the [\w ,/-]+ label is loaded here\b", re.I),
    "label_silent": re.compile(
        r"^the (?:parts of the [\w ]+ )?(?:fda )?label(?:s| text)?[\w ]* (?:does|do) not (?:say|mention|address|list)",
        re.I,
    ),
}


def load_key() -> list[dict]:
    items = []
    for path in sorted(KEY_DIR.glob("*.jsonl")):
        items += [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return items


def _word_hit(word: str, text: str) -> bool:
    return re.search(r"\b" + re.escape(word.lower()), text) is not None


def fact_hit(fact: dict, text: str) -> bool:
    return any(all(_word_hit(w, text) for w in alternative) for alternative in fact["match"])


def opening_of(first: str) -> str | None:
    for name, pattern in OPENINGS.items():
        if pattern.search(first):
            return name
    return None


CLAIM_KINDS = {  # what an absence claim says is missing: a category, so unseen misses can be counted, not read
    "appearance": re.compile(r"looks? like", re.I),
    "combination": re.compile(r"taking it with", re.I),
    "use": re.compile(r"treats|among the uses", re.I),
    "storage/disposal/missed dose/stopping": re.compile(
        r"store|get rid|miss a dose|missed dose|when you stop", re.I
    ),
    "time": re.compile(r"how soon|how long", re.I),
    "mention": re.compile(r"does not mention", re.I),
}


def _claim_kind(claim: str) -> str:
    return next((kind for kind, pattern in CLAIM_KINDS.items() if pattern.search(claim)), "other")


def grade(item: dict, result) -> dict:
    sentences = result.answer.sentences if result.answer else []
    lead = [s.text for s in sentences[:2]]
    lead_text = " ".join(lead).lower()
    facts = item.get("key_facts") or []
    hits = [fact_hit(f, lead_text) for f in facts]
    out = {
        "facts": len(facts),
        "fact_hits": sum(hits),
        "full": bool(facts) and all(hits),
        "abstained": result.answer is None,
        "defects": [d for s in sentences for d in defects(s.text)],
        "sentences": len(sentences),
    }
    # an absence claim is a sentence the engine wrote to say the label lacks something (role "absence"),
    # or any sentence in those words; label text quoted in an answer ("do not include ...") is not one. A
    # "only part of the label is loaded here, so this answer cannot say" (role "coverage") counts too when
    # the key says the label text here does address it: the answer should have found it. A coverage sentence
    # that only says whose label is quoted ("No label of Wegovy itself is loaded here: the label quoted is
    # OZEMPIC's ...", "... for the eye ...") claims nothing is missing from that label and is not counted
    claims = [
        s.text
        for s in sentences
        if s.role == "absence"
        or s.role == "coverage"
        and "cannot say" in s.text
        or ABSENCE.search(s.text)
        and not s.citations[0].section
    ]
    out["false_absence"] = bool(item.get("label_addresses")) and bool(claims)
    out["absence_kind"] = _claim_kind(claims[0]) if out["false_absence"] else None
    if item.get("sections") and item.get("label_addresses"):
        cited = {c.section for s in sentences[:2] for c in s.citations}
        out["right_section"] = bool(cited & set(item["sections"]))
    if item["form"] == "yes_no":
        opening = opening_of(lead[0]) if lead else None
        out["yn_opening"] = opening is not None
        expected = item.get("expected")
        if opening == "partly_loaded":  # "only part of the label is loaded here, so this answer cannot say":
            opening = "label_silent"  # the label-silent answer with its reason, when the key expects one
        out["yn_correct"] = opening == expected if expected != "depends" else opening is not None
        if (
            opening == "depends"
        ):  # "It depends: the label says to weigh ..." is right only for a "depends" key
            out["yn_correct"] = expected == "depends"
    return out


def summarise(grades: list[dict]) -> dict:
    n = len(grades) or 1
    facts = sum(g["facts"] for g in grades) or 1
    yn = [g for g in grades if "yn_opening" in g]
    sec = [g for g in grades if "right_section" in g]
    sentences = sum(g["sentences"] for g in grades) or 1
    return {
        "questions": len(grades),
        "key-fact recall (first 2 sentences)": sum(g["fact_hits"] for g in grades) / facts,
        "full answers": sum(g["full"] for g in grades) / n,
        "yes/no opens with yes/no/label silent": (sum(g["yn_opening"] for g in yn) / len(yn)) if yn else None,
        "yes/no correct": (sum(g["yn_correct"] for g in yn) / len(yn)) if yn else None,
        "false absence claims": sum(g["false_absence"] for g in grades),
        "right section cited": (sum(g["right_section"] for g in sec) / len(sec)) if sec else None,
        "abstained": sum(g["abstained"] for g in grades),
        "hygiene defects per 100 sentences": 100 * sum(len(g["defects"]) for g in grades) / sentences,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--show", choices=["tuned"], help="print the misses of the tuned part")
    parser.add_argument("--out", help="write every graded answer of the tuned part as JSON lines")
    args = parser.parse_args()
    items = load_key()
    warm_up()
    parts: dict[str, list[dict]] = {"tuned": [], "unseen": []}
    latencies = []
    shown = []
    defect_kinds: Counter = Counter()
    for item in items:
        start = time.perf_counter()
        result = answer_question(item["question"])
        latencies.append((time.perf_counter() - start) * 1000)
        g = grade(item, result)
        part = "unseen" if answer_key_unseen(item["id"]) else "tuned"
        parts[part].append(g)
        defect_kinds.update(g["defects"])
        if part == "tuned":
            shown.append((item, result, g))
    rows = {name: summarise(grades) for name, grades in parts.items()}
    print("| score | tuned | unseen |")
    print("|---|---|---|")
    for key in rows["tuned"]:
        cells = []
        for name in ("tuned", "unseen"):
            value = rows[name][key]
            cells.append(
                "—"
                if value is None
                else f"{value:.1%}"
                if isinstance(value, float) and key != "hygiene defects per 100 sentences"
                else f"{value:.1f}"
                if isinstance(value, float)
                else str(value)
            )
        print(f"| {key} | {cells[0]} | {cells[1]} |")
    for name in ("tuned", "unseen"):
        kinds = Counter(g["absence_kind"] for g in parts[name] if g["absence_kind"])
        print(f"false absence claims by kind ({name}): {dict(kinds) or 'none'}")
    latencies.sort()
    print(
        f"\ncompose latency p50 {statistics.median(latencies):.1f} ms, "
        f"p99 {latencies[int(len(latencies) * 0.99) - 1]:.1f} ms; defects by kind: {dict(defect_kinds)}"
    )
    if args.out:
        with open(args.out, "w") as fh:
            for item, result, g in shown:
                fh.write(json.dumps({"item": item, "grade": g, "answer": result.to_dict()}) + "\n")
    if args.show:
        for item, result, g in shown:
            if g["full"] and g.get("yn_correct", True) and not g["false_absence"]:
                continue
            print(
                f"\n## {item['id']} [{item['topic']}/{item['form']}/{item.get('expected')}] {item['question']}"
            )
            print("   key:", "; ".join(f["fact"] for f in item.get("key_facts") or []) or "(label silent)")
            text = result.answer.text if result.answer else f"ABSTAINED: {result.abstained}"
            print(f"   got ({result.intent}):", text[:500])
    return 0


if __name__ == "__main__":
    sys.exit(main())
