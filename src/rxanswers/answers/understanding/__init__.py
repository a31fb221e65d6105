"""Question understanding: which drug(s) a consumer asks about, and what they want to know.

Pure Python (rapidfuzz only), no database and no Django models::

    from rxanswers.answers.understanding import NameIndex, entries_from_files, understand
    index = NameIndex.build(entries_from_files("data"))   # once; the DB selector provides the same entries
    u = understand("can i take metoprolol with lexapro?", index)
    u.drugs[0].drug_key, u.intent, u.secondary_intent

See docs/understanding.md for the design, the MedicationQA type mapping and measured accuracy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .intent import GOLD_TYPE_MAP, INTENTS, IntentResult, classify, map_gold_type
from .names import (
    ClassMatch,
    DrugMatch,
    NameEntry,
    NameIndex,
    Recognition,
    drug_key_for,
    entries_from_files,
)

__all__ = [
    "GOLD_TYPE_MAP",
    "INTENTS",
    "ClassMatch",
    "DrugMatch",
    "IntentResult",
    "NameEntry",
    "NameIndex",
    "Recognition",
    "Understanding",
    "classify",
    "drug_key_for",
    "entries_from_files",
    "map_gold_type",
    "understand",
]


@dataclass(slots=True)
class Understanding:
    question: str
    drugs: list[DrugMatch] = field(default_factory=list)
    classes: list[ClassMatch] = field(default_factory=list)
    intent: str = "information"
    secondary_intent: str | None = None
    confidence: float = 0.0  # combined: intent confidence x drug confidence
    intent_confidence: float = 0.0
    needs_clarification: bool = False
    suggestions: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)

    @property
    def primary_drug(self) -> DrugMatch | None:
        if not self.drugs:
            return None
        return max(self.drugs, key=lambda d: (d.confidence, -d.start))


def understand(question: str, index: NameIndex) -> Understanding:
    """Recognise drugs/classes and classify the question type in one call."""
    rec: Recognition = index.recognise(question)
    res = classify(question, rec)
    drug_conf = max((d.confidence for d in rec.drugs), default=0.9 if rec.classes else 0.5)
    return Understanding(
        question=question,
        drugs=rec.drugs,
        classes=rec.classes,
        intent=res.intent,
        secondary_intent=res.secondary_intent,
        confidence=round(res.confidence * drug_conf, 3),
        intent_confidence=res.confidence,
        needs_clarification=rec.needs_clarification,
        suggestions=rec.suggestions,
        scores=res.scores,
    )
