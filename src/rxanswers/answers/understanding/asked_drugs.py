"""Which of the names recognised in a question are medicines the person asks about, and which one is the
main one ("I broke out in hives from hydroxyzine once, is Zyrtec ok for me?": Zyrtec; "my mom had thyroid
cancer, can I start Mounjaro?": Mounjaro, and "thyroid" is not a medicine here).

A logistic model over plain features of each recognised name (how it matched; whether it is also an everyday
or medical word; the words around it: "take/on/start ...", "allergic to/history of ...", "... cancer/disease";
whether it is in the asking sentence; its position), learned from the medicines labellers marked in real
questions (``bench/train_classifier.py`` writes ``data/asked_drugs_weights.json``). Pure Python.
"""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path

import orjson

WEIGHTS_PATH = Path(__file__).with_name("data") / "asked_drugs_weights.json"
KEEP = 0.25  # a recognised name below this probability is not treated as a medicine asked about

FEATURES = (
    "bias",
    "confidence",
    "exact",
    "fuzzy",
    "brand",
    "generic",
    "english_word",
    "medical_word",
    "short",
    "taking_before",
    "history_before",
    "condition_after",
    "in_focus",
    "first",
    "last",
    "only",
    "possessive_before",
)
_TAKING = re.compile(
    r"\b(?:take|taking|took|taken|on|start|started|starting|use|using|used|prescribed|give|gave|giving|"
    r"try|tried|about|of|is|are|does|do|can|with|mix|and)\W*$",
    re.I,
)
_HISTORY = re.compile(
    r"\b(?:allergic to|allergy to|allergies to|reaction to|reacted to|history of|had|have|my|from|off)\W*$",
    re.I,
)
_POSSESSIVE = re.compile(r"\b(?:my|his|her|your|the|a)\W*$", re.I)
_CONDITION_AFTER = re.compile(
    r"^\W*(?:cancer|carcinoma|disease|disorder|gland|levels?|problems?|test|tests|infection|condition|"
    r"deficiency|allergy|storm|nodules?|function|surgery|doctor|specialist|gyn|results?)\b",
    re.I,
)


def features(
    match, question: str, focus_spans, english_word: bool, medical_word: bool, position: int, count: int
):
    before = question[max(0, match.start - 25) : match.start]
    after = question[match.end : match.end + 20]
    in_focus = any(a <= match.start < b for a, b in focus_spans)
    return [
        1.0,
        float(match.confidence),
        float(match.method == "exact"),
        float(match.method in ("fuzzy", "sound")),
        float(match.kind == "brand"),
        float(match.kind == "generic"),
        float(english_word),
        float(medical_word),
        float(len(match.matched) <= 4),
        float(bool(_TAKING.search(before))),
        float(bool(_HISTORY.search(before))),
        float(bool(_CONDITION_AFTER.search(after))),
        float(in_focus),
        float(position == 0),
        float(position == count - 1),
        float(count == 1),
        float(bool(_POSSESSIVE.search(before))),
    ]


@functools.cache
def _weights() -> tuple[float, ...]:
    data = orjson.loads(WEIGHTS_PATH.read_bytes())
    if tuple(data.get("features", ())) != FEATURES or len(data.get("weights", ())) != len(FEATURES):
        raise ValueError(f"{WEIGHTS_PATH}: features must be exactly {FEATURES}")
    return tuple(float(w) for w in data["weights"])


def scores(question: str, drugs: list, focus_spans, is_english, is_medical) -> list[float]:
    """The probability that each recognised name is a medicine the question asks about."""
    weights = _weights()
    out = []
    for i, match in enumerate(drugs):
        words = match.matched.lower()
        x = features(match, question, focus_spans, is_english(words), is_medical(words), i, len(drugs))
        z = sum(w * v for w, v in zip(weights, x, strict=True))
        out.append(1.0 / (1.0 + math.exp(-z)))
    return out
