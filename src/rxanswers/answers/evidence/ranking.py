"""Rank a label's sentences against a question: every section is a candidate.

Each sentence gets a few features (semantic similarity of sentence and question vectors; the question's words
found in it, weighted by rarity in the label; how likely its section answers the question, from the
classifier's topic probabilities and the section tables; the topic's cue words; whether it names what is
asked; patient-facing text; position; numbers and times when the form of the answer calls for them; penalties
for cut-off, animal and very short sentences). A logistic model combines them; its weights are learned from the
answer key's tuned part (``bench/train_ranker.py`` writes ``resources/ranker.json``, checked when loaded).
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field

import numpy as np

from rxanswers.answers.evidence.index import LabelIndex
from rxanswers.answers.population import Population, population_fit
from rxanswers.answers.resources import INTENT_CUES, INTENT_SECTIONS, load

PATIENT_SECTIONS = frozenset(
    {
        "spl_patient_package_insert",
        "spl_medguide",
        "information_for_patients",
        "instructions_for_use",
        "patient_medication_information",
        "purpose",
        "indications_and_usage_otc",
        "ask_doctor",
        "ask_doctor_or_pharmacist",
        "do_not_use",
        "stop_use",
        "when_using",
        "pregnancy_or_breast_feeding",
        "keep_out_of_reach_of_children",
        "storage_and_handling",
    }
)
FEATURES = (
    "bias",
    "semantic",
    "lexical",
    "section_prior",
    "topic_cues",
    "names_asked",
    "patient_facing",
    "first_in_section",
    "early_in_section",
    "cut_off",
    "animal_or_lab",
    "dose_number",
    "time_expression",
    "short",
    "population_fit",
    "other_label",
)


@functools.lru_cache(maxsize=2048)
def _joined(patterns: tuple[str, ...], flags: int) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


_ANIMAL = re.compile(r"\b(?:rats?|mice|mouse|dogs?|rabbits?|monkeys?|animals?|in vitro|nonclinical)\b", re.I)
_DOSE_NUMBER = re.compile(
    r"\b\d+(?:\.\d+)?\s*(?:mg|mcg|µg|g|ml|mL|units?|tablets?|capsules?|puffs?|drops?)\b", re.I
)
_TIME = re.compile(
    r"\b\d+(?:\.\d+)?(?:\s*(?:to|-|–)\s*\d+(?:\.\d+)?)?\s*(?:minutes?|min|hours?|hrs?|h|days?|weeks?|months?)\b"
    r"|\bhalf-?\s?life\b|\bonce (?:a|daily|weekly)\b|\b(?:morning|evening|bedtime|with food|with meals|empty stomach)\b",
    re.I,
)


@dataclass
class Query:
    text: str
    vector: np.ndarray
    words: set[str]  # stemmed content words of the question, medicine names left out, label synonyms added
    topics: dict[str, float]
    forms: dict[str, float]
    asked: list[re.Pattern[str]] = field(default_factory=list)  # what the question names, as patterns
    population: Population | None = None


@functools.cache
def weights() -> np.ndarray:
    data = load("ranker.json")
    if tuple(data.get("features", ())) != FEATURES:
        raise ValueError(f"resources/ranker.json: features must be exactly {FEATURES}")
    return np.array(data["weights"], dtype=np.float32)


@functools.cache
def _section_weights() -> dict[str, dict[str, float]]:
    """topic -> section -> weight (the topic's first section 1.0, later ones less)."""
    return {
        topic: {key: max(0.3, 1.0 - 0.15 * rank) for rank, key in enumerate(keys)}
        for topic, keys in INTENT_SECTIONS.items()
    }


STATIC = (6, 7, 8, 9, 10, 13)  # feature columns that depend on the passage only
_DOSE_COLUMN, _TIME_COLUMN = 16, 17  # extra static columns: has a dose number / a time (weighted per query)


def _static(index: LabelIndex) -> np.ndarray:
    """Question-independent features of every passage, computed once per loaded label index."""
    if index.static is None:
        x = np.zeros((len(index.passages), 18), dtype=np.float32)
        for i, passage in enumerate(index.passages):
            x[i, 6] = float(passage.section in PATIENT_SECTIONS)
            x[i, 7] = float(passage.position == 0)
            x[i, 8] = 1.0 / (1.0 + passage.position)
            x[i, 9] = float(passage.text.endswith("…"))
            x[i, 10] = float(bool(_ANIMAL.search(passage.text)))
            x[i, 13] = float(len(passage.text.split()) < 8)
            x[i, _DOSE_COLUMN] = float(bool(_DOSE_NUMBER.search(passage.text)))
            x[i, _TIME_COLUMN] = float(bool(_TIME.search(passage.text)))
        index.static = x
        index.lowered = [p.text.lower() for p in index.passages]
    return index.static


def features(index: LabelIndex, query: Query, *, other_label: bool = False) -> np.ndarray:
    """The feature matrix (one row per passage of ``index``) for ``query``."""
    n = len(index.passages)
    x = np.zeros((n, len(FEATURES)), dtype=np.float32)
    if n == 0:
        return x
    static = _static(index)
    x[:, STATIC] = static[:, STATIC]
    x[:, 0] = 1.0
    x[:, 1] = index.vectors @ query.vector
    total_idf = sum(index.idf.get(w, 3.0) for w in query.words) or 1.0
    sections = _section_weights()
    topics = [(t, p) for t, p in query.topics.items() if p >= 0.02 and t in sections]
    cue_topics = [(t, p, INTENT_CUES.get(t, ())) for t, p in topics]
    how_much = query.forms.get("how_much", 0.0) + query.topics.get("dose", 0.0)
    timing = query.forms.get("how_long", 0.0) + query.forms.get("when", 0.0)
    x[:, 11] = how_much * static[:, _DOSE_COLUMN]
    x[:, 12] = timing * static[:, _TIME_COLUMN]
    asked = (
        _joined(tuple(p.pattern for p in query.asked), query.asked[0].flags)
        if query.asked and len({p.flags for p in query.asked}) == 1
        else None
    )
    for i, passage in enumerate(index.passages):
        lower = index.lowered[i]
        x[i, 2] = sum(index.idf.get(w, 3.0) for w in query.words & passage.words) / total_idf
        x[i, 3] = sum(p * sections[t].get(passage.section, 0.0) for t, p in topics)
        if cue_topics:
            x[i, 4] = sum(p * min(2, sum(1 for c in cues if c in lower)) / 2 for t, p, cues in cue_topics)
        if asked is not None:
            x[i, 5] = float(asked.search(passage.text) is not None)
        elif query.asked:
            x[i, 5] = float(any(pattern.search(passage.text) for pattern in query.asked))
        if query.population is not None:
            x[i, 14] = population_fit(passage.text, query.population) / 3.0
    x[:, 15] = float(other_label)
    return x


@dataclass(frozen=True)
class Ranked:
    index: LabelIndex
    i: int  # passage number in ``index``
    score: float

    @property
    def passage(self):
        return self.index.passages[self.i]


def rank(indexes: list[LabelIndex], query: Query, *, sections: set[str] | None = None) -> list[Ranked]:
    """Every passage of ``indexes`` (the first is the chosen label, the rest its other current labels),
    best first; ``sections`` limits the candidates."""
    w = weights()
    out: list[Ranked] = []
    for n, index in enumerate(indexes):
        x = features(index, query, other_label=n > 0)
        scores = 1.0 / (1.0 + np.exp(-(x @ w)))
        for i, score in enumerate(scores):
            if sections is None or index.passages[i].section in sections:
                out.append(Ranked(index, i, float(score)))
    out.sort(key=lambda r: -r.score)
    return out


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))
