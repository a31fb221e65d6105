"""Question understanding: which medicine(s) a consumer asks about, what they want to know, and in what form
(pure Python and numpy: no database, no Django models)::

    from rxanswers.answers.understanding import NameIndex, entries_from_files, understand
    index = NameIndex.build(entries_from_files("data"))   # once; the DB selector provides the same entries
    u = understand("can i take metoprolol with lexapro?", index)
    u.drugs[0].drug_key, u.intent, u.form, u.topics["interaction"]

Stages: names (``names.py``: drugs and classes in the text, typos welcome) -> the asking sentence(s) of a long
message (``focus.py``) -> the learned classifier (``classifier.py``: topic and answer-form probabilities from
sentence embeddings and the hand-written cues of ``intent.py``) -> who is asking (``population.py``).
See docs/understanding.md for the design and measured accuracy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from .classifier import FORMS, NOT_MEDICATION, features_of, question_classifier
from .focus import Focus, find_focus
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
    "FORMS",
    "GOLD_TYPE_MAP",
    "INTENTS",
    "ClassMatch",
    "DrugMatch",
    "Focus",
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

SECONDARY_MIN = 0.25  # a second question type is reported when the classifier gives it at least this
SECONDARY_CUED_MIN = (
    0.02  # ... or when the hand cues find two explicit questions and the model does not rule it out
)


@dataclass(slots=True)
class Understanding:
    question: str
    drugs: list[DrugMatch] = field(default_factory=list)  # the medicines asked about, most relevant first
    classes: list[ClassMatch] = field(default_factory=list)
    intent: str = "information"  # the most likely question type (never ``not_medication``)
    secondary_intent: str | None = None
    form: str = "what"  # the most likely answer form (``FORMS``)
    topics: dict[str, float] = field(
        default_factory=dict
    )  # every type's probability, not_medication included
    forms: dict[str, float] = field(default_factory=dict)
    confidence: float = 0.0  # combined: intent probability x drug confidence
    intent_confidence: float = 0.0
    needs_clarification: bool = False
    suggestions: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)  # the hand-written cue scores (a classifier input)
    focus: Focus | None = None
    mentioned: list[DrugMatch] = field(default_factory=list)  # names recognised but not asked about
    vector: np.ndarray | None = None  # the question's sentence embedding (MiniLM, L2-normalised)

    @property
    def primary_drug(self) -> DrugMatch | None:
        if not self.drugs:
            return None
        return max(self.drugs, key=lambda d: (d.confidence, -d.start))

    @property
    def about_medicine(self) -> float:
        """Probability that the question asks something about a medicine at all."""
        return 1.0 - self.topics.get(NOT_MEDICATION, 0.0)

    @property
    def yes_no(self) -> float:
        return self.forms.get("yes_no", 0.0)


def _asked_about(question: str, drugs: list[DrugMatch], focus: Focus, index: NameIndex):
    """Split the recognised names into the medicines asked about (in the order written: the first is most often
    the main one) and the rest: words that are not medicines here ("thyroid cancer", "metabolite")."""
    from .asked_drugs import KEEP, scores
    from .names import _lay_medical_terms
    from .text import normalise

    if not drugs:
        return [], []
    medical = _lay_medical_terms()
    p = scores(
        question,
        drugs,
        focus.spans,
        lambda words: all(index.is_english(w) for w in words.split()),
        lambda words: normalise(words) in medical,
    )
    asked = [d for d, prob in zip(drugs, p, strict=True) if prob >= KEEP]
    inside = [d for d in asked if _inside_a_medical_term(question, d, medical)]
    if inside and len(inside) < len(
        drugs
    ):  # "can omeprazole cause low magnesium": a lab finding, not a medicine
        asked = [d for d in asked if d not in inside]
    if (
        not asked
    ):  # keep the likeliest rather than none: whether it is a medicine question is the classifier's
        asked = [max(zip(drugs, p, strict=True), key=lambda dp: dp[1])[0]]
    # "I'm allergic to ampicillin, is Augmentin ok?": the allergy is context; the other medicine is asked about
    allergies = [d for d in asked if ALLERGY_BEFORE.search(question[max(0, d.start - 40) : d.start])]
    if allergies and len(allergies) < len(asked):
        asked = [d for d in asked if d not in allergies] + allergies
    return asked, [d for d in drugs if d not in asked]


def _inside_a_medical_term(question: str, drug, medical: set[str]) -> bool:
    """The medicine's name is one word of a lay medical term the question uses ("low magnesium", "potassium
    levels"): with the word before or after it, the words form a known term."""
    from .text import normalise

    before = re.search(r"([A-Za-z]+)\W+$", question[: drug.start])
    after = re.match(r"\W+([A-Za-z]+)", question[drug.end :])
    said = question[drug.start : drug.end]
    return (before is not None and normalise(f"{before.group(1)} {said}") in medical) or (
        after is not None and normalise(f"{said} {after.group(1)}") in medical
    )


ALLERGY_BEFORE = re.compile(
    r"\b(?:(?:allergic|allergy|allergies|reaction|hypersensitiv\w*|intoleran\w*)\s+(?:to|with|from)|"
    r"(?:hives|rash|broke out|break out|breaks out|swelled up|swelling)\s+(?:from|on|after)|"  # "hives from X"
    r"broke out in (?:hives|a rash)\s+(?:from|on|after))\s+(?:(?:an?|the|all|any|my)\s+)?$",
    re.I,
)


_WH_START = re.compile(r"^\W*(?:why|what|how|when|where|which|who)\b", re.I)


def _form(form: str, forms: dict[str, float], focus: Focus) -> str:
    """A question whose asking sentences all open with a wh-word ("why would I be prescribed X") is not a
    yes/no question, whatever the classifier's guess: the best other form."""
    if form != "yes_no":
        return form
    sentences = [s for s in re.split(r"(?<=[.?!])\s+", focus.text.strip()) if s]
    asking = [s for s in sentences if s.rstrip().endswith("?")] or sentences
    if asking and all(_WH_START.match(s) for s in asking):
        others = {f: p for f, p in forms.items() if f != "yes_no"}
        return max(others, key=lambda f: (others[f], f)) if others else form
    return form


def understand(question: str, index: NameIndex) -> Understanding:
    """Recognise drugs and classes, find the asking sentence(s), classify the question type and form."""
    from rxanswers.answers.encoders import encode

    rec: Recognition = index.recognise(question)
    focus = find_focus(question, [(d.start, d.end) for d in rec.drugs])
    drugs, mentioned = _asked_about(question, rec.drugs, focus, index)
    masked, texts, cues = features_of(question, rec)
    vectors = encode(texts)
    model = question_classifier()
    prediction = model.predict(np.concatenate([vectors[0], vectors[1], cues]), masked)
    ranked = sorted(
        ((t, p) for t, p in prediction.topics.items() if t != NOT_MEDICATION), key=lambda tp: (-tp[1], tp[0])
    )
    intent, p_intent = ranked[0]
    secondary = ranked[1][0] if len(ranked) > 1 and ranked[1][1] >= SECONDARY_MIN else None
    if secondary is None:  # a question that plainly asks two things ("side effects and the dose"): the cues
        cued = classify(question, rec)
        if cued.secondary_intent is not None:
            other = cued.secondary_intent if cued.intent == intent else cued.intent
            if other != intent and prediction.topics.get(other, 0.0) >= SECONDARY_CUED_MIN:
                secondary = other
    drug_conf = max((d.confidence for d in drugs), default=0.9 if rec.classes else 0.5)
    return Understanding(
        question=question,
        drugs=drugs,
        classes=rec.classes,
        intent=intent,
        secondary_intent=secondary,
        form=_form(prediction.form, prediction.forms, focus),
        topics=prediction.topics,
        forms=prediction.forms,
        confidence=round(p_intent * drug_conf, 3),
        intent_confidence=round(p_intent, 3),
        needs_clarification=rec.needs_clarification,
        suggestions=rec.suggestions,
        scores=dict(zip(INTENTS, (float(c) for c in cues), strict=True)),
        focus=focus,
        mentioned=mentioned,
        vector=vectors[0],
    )
