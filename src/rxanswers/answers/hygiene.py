"""Sentence hygiene: what must never reach a reader (pure Python).

``defects(text)`` names each problem a sentence has: a flattened table, a heading or section number, a
cross-reference, a dangling list intro, a cut-off sentence, a fragment, a garbled rewrite, operator
instructions or internal keys. The sentence cleaner drops label sentences with defects it cannot mend, and
``bench/eval_answers.py`` counts the defects left in every benchmark answer.
"""

from __future__ import annotations

import re

# An OTC "Drug Facts" sub-heading run into the sentence before it: "... every day while using this product
# Allergy alert: acetaminophen may cause ...". The sentence splitter breaks there (``evidence.sentences``).
DRUG_FACTS_RUN_IN = re.compile(
    r"(?<=[a-z0-9)%])\s+(?=(?:Allergy alert|Liver warning|Stomach bleeding warning|Sore throat warning|"
    r"Heart attack and stroke warning|Reye's syndrome|Do not use|Ask a doctor (?:or pharmacist )?before use|"
    r"Stop use and ask a doctor|When using this product|Keep out of reach of children|"
    r"If pregnant or breast-feeding|Other information|Inactive ingredients)\b)"
)

_CHECKS: list[tuple[str, re.Pattern[str]]] = [
    ("run-in heading", DRUG_FACTS_RUN_IN),
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
    # a Drug Facts list cut at its start: "Severe liver damage may occur if you take." (the bullets are gone)
    (
        "dangling list intro",
        re.compile(r"\b(?:if (?:you|your child|the child) \w+|you (?:take|use|have))\s*\.?\s*$", re.I),
    ),
    ("ends with a colon", re.compile(r":\s*$")),
    # a patient leaflet's heading is a question ("How should I store X?", "What is X?"): it answers nothing
    (
        "question heading",
        re.compile(r"^(?:how|what|who|when|where|why|which|should|can|do|does|is|are)\b[^.!]*\?\s*$", re.I),
    ),
    ("cut off", re.compile(r"(?:…|\.\.\.)\s*$")),
    # "and the dose ...", "mg once daily", "Of Ibuprofen may blunt ...", "Of Tramadol Tablets The initial dose"
    # (a sentence cut in two, or a heading glued on), not "Of 56 patients" or "Of the patients"
    (
        "fragment start",
        re.compile(
            r"^(?:[a-z]|(?:And|Or|But|Than|Which|Whereas)\b|Of [A-Z][\w-]*\b|(?:With|To)(?: [A-Z][\w-]*){1,3} (?:may|can|is|are|was|were|should|will|has|have)\b)"
        ),
    ),
    ("garbled rewrite", re.compile(r"\)\s*\(|\(\s*\)|\b(?!in\b|that\b|had\b)(\w+) \1\b", re.I)),
    ("operator instructions", re.compile(r"`|\brxanswers (?:download|ingest|setup)\b|\bOperators?:", re.I)),
    ("internal key", re.compile(r"\b[a-z]+_[a-z_]+\b|\bquestion type\b", re.I)),
]
# A table flattened into prose: many "Name: effect" pairs, or a run of numbers and percentages with few words.
_TABLE_PAIR = re.compile(r"[A-Za-z)\]] ?: [A-Z]")
# Column headers of the labels' interaction tables, run into the text of their rows.
_TABLE_HEADER = re.compile(
    r"\b(?:Drug or Drug Class|Prevention or Management|Drug\(s\) Affecting|"
    r"Effect of Other Drugs on|Concomitant Drug Class|Examples of (?:Drugs|drugs) )"
)
_NUMBER_THEN_NAME = re.compile(
    r"\d\s*%?\)?\s+[A-Z][a-z]{3,}"
)  # a table cell's number, then the next row's name
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?\s*%?")
_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|occurred|occurs|reported|increased|decreased|reduced|may|can|should|must|has|"
    r"have|had|take|taken|give|given|use|used|cause[sd]?|resulted?|develop(?:ed)?|experienced|showed|"
    r"store|stored|keep|kept|permitted)\b"  # a storage direction: "Store at 20°C to 25°C (68°F to 77°F); ..."
)


# small words a title-case heading keeps in lower case ("Other Adverse Reactions Observed during the Clinical
# Development of Bupropion")
_TITLE_JOINERS = frozenset(
    "a an and as at by during for from in into of on or the to versus vs with without".split()
)


def title_like(words: list[str]) -> bool:
    """The words read as a title-case heading: three or more capitalised words and every other word a joiner."""
    capitals = sum(1 for w in words if w[:1].isupper())
    return capitals >= 3 and all(w[:1].isupper() or w.lower() in _TITLE_JOINERS for w in words)


def defects(text: str) -> list[str]:
    """The hygiene problems of one sentence (empty when it is clean)."""
    found = [name for name, pattern in _CHECKS if pattern.search(text)]
    words = text.split()
    if (
        "heading" not in found
        and len(words) <= 14
        and title_like(text.rstrip(".").split())
        and not _VERB.search(text)
    ):
        found.append(
            "heading"
        )  # a title-case heading alone: "Other Adverse Reactions with Abrupt Discontinuation"
    numbers = len(_NUMBER.findall(text))
    numeric = len(words) >= 8 and numbers >= 6 and numbers * 3 > len(words) and not _VERB.search(text)
    cells = len(
        _NUMBER_THEN_NAME.findall(text)
    )  # "... by 75%–85% Telithromycin Decrease AUC by 86% Theophylline"
    if len(_TABLE_PAIR.findall(text)) >= 3 or numeric or cells >= 2 or _TABLE_HEADER.search(text):
        found.append("flattened table")
    if cut_inside_brackets(text) > 0:
        found.append("cut inside brackets")  # a section stored cut short: "... (incidence of approx."
    return found


def cut_inside_brackets(text: str) -> int:
    """Where the bracket a text was stored cut inside opens ("... aureus (S."): a last "(" never closed, with
    a few words after it, not already marked cut with "…"; -1 when there is none."""
    at = text.rfind("(")
    tail = text[at:] if at >= 0 else ""
    if tail and ")" not in tail and len(tail.split()) < 10 and not tail.rstrip().endswith("…"):
        return at
    return -1
