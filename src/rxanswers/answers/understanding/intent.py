"""Question-type (intent) classification for consumer medication questions (pure Python).

Approach: weighted cue patterns over the *drug-masked* question. Recognised drug names become the
token ``DRUG`` and class words ``DRUGCLASS`` (so "what is DRUG used for" generalises across names and
drug names cannot trigger cues), then every intent sums the weights of the cue patterns that match.
A few structural rules use the recognition result (two drugs + "together" -> interaction). The top
score is the intent; a second intent is reported when the question plainly asks two things.

Why not a trained model: the only consumer questions with drug-question types outside the dev set are
~30 LiveQA sub-questions (MedQuAD drug questions are 12 fixed templates per drug, MeQSum has no type
labels). A linear model over that data would learn the templates rather than consumer phrasing, so
none was trained; the cues are written by hand from general consumer phrasing and checked on LiveQA's
drug questions, hand-written phrasings in the tests, and the MedicationQA dev set
(see docs/understanding.md).

MedicationQA gold ``type`` -> intent (``GOLD_TYPE_MAP``): the fine types are folded as follows
(unlisted types fall back on keyword rules in :func:`map_gold_type`):

===============================================  ===================
MedicationQA type                                intent
===============================================  ===================
Information, Pronounce name, Manufacturer,        information
Availability, Book, not_drug_question
Usage, Usage/time, Usage/duration, Time/duration  usage
Action, Action/time                              action
Dose                                             dose
Indication                                       indication
Side effects, Effect on lab tests                side_effects
Interaction, Combination                         interaction
Contraindication                                 contraindication
Appearance                                       appearance
Ingredient                                       ingredient
Storage and disposal, Expiration                 storage_disposal
Stopping/tapering, Stopping/side effects         stopping
Overdose                                         overdose
Comparison                                       comparison
Alternatives                                     alternatives
Brand names                                      brand_names
Generic                                          generic
Cost, Price                                      cost
Pregnancy, Breastfeeding                         pregnancy
===============================================  ===================
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal, get_args

from .names import DATA_DIR, Recognition
from .text import fold

Intent = Literal[
    "action",
    "indication",
    "usage",
    "dose",
    "side_effects",
    "interaction",
    "contraindication",
    "appearance",
    "ingredient",
    "storage_disposal",
    "stopping",
    "overdose",
    "comparison",
    "alternatives",
    "brand_names",
    "generic",
    "cost",
    "pregnancy",
    "information",
]

INTENTS: tuple[str, ...] = get_args(Intent)

GOLD_TYPE_MAP: dict[str, str] = {
    "information": "information",
    "pronounce name": "information",
    "manufacturer": "information",
    "availability": "information",
    "book": "information",
    "not_drug_question": "information",
    "usage": "usage",
    "usage/time": "usage",
    "usage/duration": "usage",
    "time/duration": "usage",
    "time": "usage",
    "action": "action",
    "action/time": "action",
    "dose": "dose",
    "indication": "indication",
    "side effects": "side_effects",
    "effect on lab tests": "side_effects",
    "interaction": "interaction",
    "combination": "interaction",
    "contraindication": "contraindication",
    "appearance": "appearance",
    "ingredient": "ingredient",
    "storage and disposal": "storage_disposal",
    "expiration": "storage_disposal",
    "stopping/tapering": "stopping",
    "stopping/side effects": "stopping",
    "stopping": "stopping",
    "tapering": "stopping",
    "overdose": "overdose",
    "comparison": "comparison",
    "alternatives": "alternatives",
    "brand names": "brand_names",
    "generic": "generic",
    "cost": "cost",
    "price": "cost",
    "pregnancy": "pregnancy",
    "breastfeeding": "pregnancy",
    # LiveQA 2017 drug-question types
    "dosage": "dose",
    "emergency or overdose": "overdose",
    "storage_disposal": "storage_disposal",
    "side_effects": "side_effects",
    "brand_names": "brand_names",
}


def map_gold_type(gold: str) -> str:
    """Map a MedicationQA / LiveQA gold type string to one of :data:`INTENTS`."""
    g = " ".join(gold.strip().lower().replace("_", " ").split())
    if g in GOLD_TYPE_MAP:
        return GOLD_TYPE_MAP[g]
    if g.replace(" ", "_") in GOLD_TYPE_MAP:
        return GOLD_TYPE_MAP[g.replace(" ", "_")]
    head = g.split("/")[0].strip()
    if head in GOLD_TYPE_MAP:
        return GOLD_TYPE_MAP[head]
    for key, val in (("side", "side_effects"), ("stop", "stopping"), ("usage", "usage"), ("dose", "dose")):
        if key in g:
            return val
    return "information"


@dataclass(slots=True)
class IntentResult:
    intent: str
    secondary_intent: str | None
    confidence: float
    scores: dict[str, float] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------- cues
# Patterns run on the masked, lowercased question with punctuation turned into spaces and single
# spaces; ``D`` stands for a drug or class mention. The cue table is a data file (data/intent_cues.json).
D = r"(?:xdrug|xdrugclass)"  # mask tokens: never collide with the word "drug" in a question
CUES_FILE = DATA_DIR / "intent_cues.json"


class CueFileError(ValueError):
    """``data/intent_cues.json`` is malformed."""


class CueSet:
    """One question type's cues: their alternation, compiled at load (a question none of them matches skips the
    type: ``score`` runs twice per question and most types match nothing), and each cue with its weight,
    compiled the first time the alternation matches (compiling both at import took ~0.1 s of every start)."""

    def __init__(self, rows: list[tuple[str, float]]) -> None:
        self.rows = rows
        self._compiled: list[tuple[re.Pattern[str], float]] | None = None
        try:
            self.joined: re.Pattern[str] | None = re.compile("|".join(f"(?:{p})" for p, _ in rows))
        except re.error:  # a cue that does not compile (named by load_cues) or one with an inline global flag
            self.joined = None
            self.compiled  # noqa: B018 - compiles each cue now: a bad one is an error at load

    @property
    def compiled(self) -> list[tuple[re.Pattern[str], float]]:
        if self._compiled is None:
            self._compiled = [(re.compile(p), w) for p, w in self.rows]
        return self._compiled


def load_cues(path: Path = CUES_FILE) -> dict[str, CueSet]:
    """The cue table, placeholders filled in, every pattern checked; fails loudly on an unknown type, a pattern
    that does not compile or a weight that is not a number."""
    data = json.loads(path.read_text(encoding="utf-8"))
    holders = data.get("placeholders", {})
    if holders.get("D") != D:
        raise CueFileError(f"{path}: placeholder D must be {D!r} (the mask tokens)")
    out: dict[str, CueSet] = {}
    for intent, rows in data.get("cues", {}).items():
        if intent not in INTENTS:
            raise CueFileError(f"{path}: unknown question type {intent!r}")
        checked: list[tuple[str, float]] = []
        for row in rows:
            pattern, weight = row.get("pattern"), row.get("weight")
            if not isinstance(pattern, str) or not isinstance(weight, int | float):
                raise CueFileError(
                    f"{path}: {intent}: each cue needs a 'pattern' string and a numeric 'weight'"
                )
            for name, value in holders.items():
                pattern = pattern.replace("{" + name + "}", value)
            checked.append((pattern, float(weight)))
        try:
            out[intent] = CueSet(checked)
        except re.error as exc:
            bad = next(p for p, _ in checked if _does_not_compile(p))
            raise CueFileError(f"{path}: {intent}: pattern does not compile ({exc}): {bad[:80]}") from exc
    return out


def _does_not_compile(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return True
    return False


_CUES: dict[str, CueSet] = load_cues()

# Misspelt function words seen in consumer questions ("how mutch", "untill"); only words that are never
# anything else.
_TYPO_MAP = {
    "mutch": "much",
    "muc": "much",
    "untill": "until",
    "til": "until",
    "shoud": "should",
    "shud": "should",
    "shld": "should",
    "wat": "what",
    "wht": "what",
    "hw": "how",
    "becuase": "because",
    "becasue": "because",
    "tak": "take",
    "takin": "taking",
}
_TYPOS = re.compile(r"\b(" + "|".join(_TYPO_MAP) + r")\b")
_CLEAN = re.compile(r"[^a-z0-9.+]+")
_GLUED = re.compile(r"\b(how|what|when|why)(much|many|long|often|soon|to|is|does|do|can)\b")
_REPEAT = re.compile(r"\b(xdrug|xdrugclass)(?: (?:xdrug|xdrugclass)\b)+")
# Pairs of intents that are naturally asked together: (primary, secondary) kept when both score.
_MIN_SECONDARY = 2.0


def mask(question: str, recognition: Recognition | None) -> str:
    """Lowercase question with recognised drug names replaced by ``drug`` and class words by
    ``drugclass``; punctuation becomes spaces."""
    text = question
    if recognition is not None:
        spans = [(d.start, d.end, " xdrug ") for d in recognition.drugs]
        spans += [(c.start, c.end, " xdrugclass ") for c in recognition.classes]
        for start, end, repl in sorted(spans, reverse=True):
            text = text[:start] + repl + text[end:]
    text = fold(text).replace("'", " ").replace("\u2019", " ")
    text = _CLEAN.sub(" ", text)
    text = re.sub(r"(?<![0-9])\.|\.(?![0-9])", " ", text)
    text = _GLUED.sub(r"\1 \2", text)  # "howmuch" -> "how much"
    text = re.sub(r"\bwhats\b", "what s", text)
    text = _TYPOS.sub(lambda m: _TYPO_MAP[m.group(0)], text)
    text = _REPEAT.sub(r"\1", text)  # adjacent mentions ("nano silver" -> one drug)
    return " ".join(text.split())


SYMPTOM_WEIGHT = 1.5


@lru_cache(maxsize=1)
def _symptom_phrases() -> tuple[frozenset[str], int]:
    """Adverse-reaction terms of the lay glossary (``lay/lay_terms.tsv``: the medical term and its plain
    wording) plus everyday symptom words: a drug named next to a symptom ("lisinopril cough") is most
    often a side-effect question. A weak cue: explicit cues of other intents outweigh it. A set of
    phrases looked up by word n-grams (building one regular expression of them took 0.14 s per process)."""
    from rxanswers.answers.lay import load_lay_terms

    words = set(_EVERYDAY_SYMPTOMS)
    for row in load_lay_terms():
        if row.kind == "adverse_reaction":
            for term in (row.term, row.plain):
                term = " ".join(_CLEAN.sub(" ", fold(term)).split())
                if len(term) >= 4:
                    words.add(term)
    return frozenset(words), max(len(w.split()) for w in words)


def _names_a_symptom(masked: str) -> bool:
    phrases, longest = _symptom_phrases()
    tokens = masked.split()
    return any(
        " ".join(tokens[i : i + n]) in phrases
        for i in range(len(tokens))
        for n in range(1, min(longest, len(tokens) - i) + 1)
    )


_EVERYDAY_SYMPTOMS = tuple(
    p.strip()
    for p in """cough, coughing, stomach upset, upset stomach, urination, peeing, frequent urination, itching,
    itchy, sweating, sweats, shaking, tremors, nightmares, dry mouth, heartburn, acne, palpitations, cramps,
    hair thinning, thinning hair, dizzyness, mood changes,
    leg cramps, muscle pain, joint pain, back pain, blurry vision, ringing in ears, mood swings, bloating,
    vomiting, throwing up, chills, numbness, tingling, hives, sore throat, bruising, bruises, dizzy, sleepy,
    tired, drowsy, fatigue, nausea, nauseous, constipation, diarrhea, headache, headaches, rash, swelling,
    weight gain, weight loss, hair loss, insomnia, memory loss, nosebleeds, nose bleeds""".split(",")
)


def score(masked: str, recognition: Recognition | None = None) -> dict[str, float]:
    scores = {intent: 0.0 for intent in INTENTS}
    for intent, cues in _CUES.items():
        total = 0.0
        if cues.joined is not None and not cues.joined.search(masked):
            continue
        for pattern, weight in cues.compiled:
            if pattern.search(masked):
                total += weight
        scores[intent] = total
    if _names_a_symptom(masked):
        scores["side_effects"] += SYMPTOM_WEIGHT
    n_drugs = 0
    if recognition is not None:
        n_drugs = len(recognition.drugs) + len(recognition.classes)
    # structural rules
    if n_drugs >= 2:
        if (
            re.search(r"\b(together|with|and|while|when|mix|same time|plus)\b", masked)
            and scores["comparison"] < 3
        ):
            # two things named together suggest an interaction question, unless another intent is explicit
            others = max(v for k, v in scores.items() if k != "interaction")
            scores["interaction"] += 2.0 if others < 3 else 0.5
        if re.search(r"\b(together|same time|combined|at once)\b", masked):
            scores["interaction"] += 2.0
        if re.search(r"\bor\b", masked):
            scores["comparison"] += 0.5
    if recognition is not None and re.search(r"\b(is|are) xdrug (an? )?xdrugclass\b", masked):
        # "is oxybutynin an opioid": does it contain one (the dev annotators' reading); "is eliquis a blood
        # thinner": which kind of medicine it is
        opioid = any(
            c.matched.lower().startswith(("opioid", "opiate", "narcotic")) for c in recognition.classes
        )
        scores["ingredient" if opioid else "information"] += 3.0
    if re.search(
        r"\bxdrug (for|to treat|to help with|to help|to prevent|to stop) ", masked
    ) and not re.search(r"\bside ?(effects?|affects?)\b", masked):
        scores["side_effects"] -= SYMPTOM_WEIGHT  # "topiramate for weight loss": the symptom is the target
    if re.search(r"\bxdrugclass or (an? )?xdrugclass\b", masked):
        scores["information"] += 4.0  # "prednisone: is that a steroid or an antibiotic"
    if n_drugs >= 2 and scores["ingredient"] >= 3 and "how much" in masked:
        scores["ingredient"] += 1.0
    return scores


def classify(question: str, recognition: Recognition | None = None) -> IntentResult:
    """Classify a consumer medication question into one of :data:`INTENTS`."""
    masked = mask(question, recognition)
    scores = score(masked, recognition)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], INTENTS.index(kv[0])))
    top, top_score = ranked[0]
    if top_score <= 0:
        return IntentResult("information", None, 0.3, scores)
    second, second_score = ranked[1]
    secondary = second if second_score >= _MIN_SECONDARY and second_score >= 0.6 * top_score else None
    margin = top_score - second_score
    confidence = round(min(0.99, 0.5 + 0.08 * top_score + 0.08 * margin), 3)
    return IntentResult(top, secondary, confidence, scores)
