"""Sentence hygiene: what must never reach a reader (pure Python).

``defects(text)`` names each problem a sentence has: a flattened table, a heading or section number, a
cross-reference, a dangling list intro, a cut-off sentence, a fragment, a garbled rewrite, operator
instructions or internal keys. The sentence cleaner drops label sentences with defects it cannot mend, and
``bench/eval_answers.py`` counts the defects left in every benchmark answer.
"""

from __future__ import annotations

import re

_CHECKS: list[tuple[str, re.Pattern[str]]] = [
    # "12.1 Mechanism of Action", "5.2 Lactic Acidosis", "(5.1)", "[see Warnings and Precautions (5.1)]"
    (
        "section number",
        re.compile(r"(?:^|\s)\(?\d{1,2}\.\d{1,2}\)?(?=\s+[A-Z][a-z])|\(\s*\d{1,2}(?:\.\d{1,2})+\s*\)"),
    ),
    (
        "cross-reference",
        re.compile(
            r"\[\s*see\b|\(\s*see\b[^)]*\)|\bsee (?:full prescribing information|section|table|figure|"
            r"warnings and precautions|dosage and administration|clinical pharmacology|adverse reactions)\b|"
            r"\b(?:in|see) (?:table|figure) \d",
            re.I,
        ),
    ),
    ("heading", re.compile(r"(?:^|[.:;]\s)(?:[A-Z][A-Z&/\-]{2,}\s+){2,}[A-Z][A-Z&/\-]{2,}\b")),
    (
        "dangling list intro",
        re.compile(r"(?:\bthe following|\binclude|\bincluding|\bare|\bsuch as)\s*:?\s*$", re.I),
    ),
    ("ends with a colon", re.compile(r":\s*$")),
    ("cut off", re.compile(r"(?:…|\.\.\.)\s*$")),
    ("fragment start", re.compile(r"^(?:Of|And|Or|But|With|To|For|Than|Which|mg|mcg|mL)\b")),
    ("garbled rewrite", re.compile(r"\)\s*\(|\(\s*\)|\b(\w+) \1\b(?<!\bthat that)", re.I)),
    ("operator instructions", re.compile(r"`|\brxanswers (?:download|ingest|setup)\b|\bOperators?:", re.I)),
    ("internal key", re.compile(r"\b[a-z]+_[a-z_]+\b|\bquestion type\b", re.I)),
]
# A table flattened into prose: many "Name: effect" pairs, or a run of numbers and percentages with few words.
_TABLE_PAIR = re.compile(r"[A-Za-z)\]] ?: [A-Z]")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?\s*%?")


def defects(text: str) -> list[str]:
    """The hygiene problems of one sentence (empty when it is clean)."""
    found = [name for name, pattern in _CHECKS if pattern.search(text)]
    words = text.split()
    numbers = len(_NUMBER.findall(text))
    if len(_TABLE_PAIR.findall(text)) >= 3 or (len(words) >= 8 and numbers >= 6 and numbers * 3 > len(words)):
        found.append("flattened table")
    return found
