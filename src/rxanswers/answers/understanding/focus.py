"""The question inside a message: people write a story, then ask ("My son is 4 ... He has a rash. Can I give him
Benadryl?"). ``find_focus`` returns the sentence(s) that ask, so the classifier reads the question and the
medicines asked about are told from the ones only mentioned (pure Python).

Each sentence of the message is scored by a logistic model over a few plain features (a question mark, a
question or request opening, its position, whether it names a medicine); the weights are learned from the
question sentences that labellers marked in real consumer messages (``bench/train_classifier.py`` writes
``data/focus_weights.json``; the features are listed there and checked when loaded).
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path

import orjson

WEIGHTS_PATH = Path(__file__).with_name("data") / "focus_weights.json"
SHORT_MESSAGE = 160  # characters: a message this short is taken whole

_LABEL = re.compile(r"^\s*(?:subject|message|question)\s*:\s*", re.I)
_BOUNDARY = re.compile(r"(?<=[.?!])[\"')\]]*\s+(?=[\"'(\[]?[A-Za-z0-9])|\s*\n+\s*")
_QUESTION_OPENING = re.compile(
    r"^(?:and |but |so |also |or |then |now |please |pls |plz )*(?:can|could|should|would|will|is|are|am|was|were|do|does|"
    r"did|has|have|had|may|might|must|shall|what|whats|what's|which|who|whom|whose|when|where|why|how|any|anything|"
    r"isn't|aren't|doesn't|don't|won't|wouldn't|shouldn't|can't|cant|is there|are there)\b",
    re.I,
)
_REQUEST = re.compile(
    r"\b(?:i (?:want|would like|need|wish) to know|i(?:'m| am) (?:wondering|curious|confused|concerned|worried)|"
    r"wondering|please (?:tell|advise|help|let me know|explain|suggest)|kindly|(?:can|could) you (?:tell|help|"
    r"advise|suggest|explain)|(?:tell|let) me (?:know|if)|suggest|advise|advice|recommend|any (?:idea|suggestion|"
    r"info|information|help)|my question is|question:?)\b",
    re.I,
)
_FIRST_PERSON_STORY = re.compile(
    r"^(?:i|i'm|i've|my|we|our|me|he|she|they|last|yesterday|today|about|for the)\b", re.I
)

FEATURES = (
    "bias",
    "question_mark",
    "question_opening",
    "request",
    "story_opening",
    "names_medicine",
    "is_first",
    "is_last",
    "relative_position",
    "is_subject",
    "log_length",
)


@dataclass(frozen=True)
class Focus:
    text: str  # the asking sentence(s), joined
    spans: tuple[tuple[int, int], ...]  # their character offsets in the message
    whole: bool  # True when the message was taken whole


def message_sentences(text: str) -> list[tuple[int, int, bool]]:
    """``(start, end, is_subject_line)`` of each sentence of a message (subject lines, newlines and sentence
    ends split it; "SUBJECT:"/"MESSAGE:" labels are left out of the span)."""
    out: list[tuple[int, int, bool]] = []
    start = 0
    for m in list(_BOUNDARY.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        piece = text[start:end]
        label = _LABEL.match(piece)
        subject = bool(label) and label.group(0).strip().lower().startswith("subject")
        a = start + (label.end() if label else 0)
        while a < end and text[a].isspace():
            a += 1
        b = end
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a and re.search(r"[A-Za-z]", text[a:b]):
            out.append((a, b, subject))
        if m:
            start = m.end()
    return out


def sentence_features(
    sentence: str, index: int, count: int, subject: bool, names_medicine: bool
) -> list[float]:
    s = sentence.strip()
    return [
        1.0,
        float("?" in s),
        float(bool(_QUESTION_OPENING.match(s))),
        float(bool(_REQUEST.search(s))),
        float(bool(_FIRST_PERSON_STORY.match(s)) and "?" not in s),
        float(names_medicine),
        float(index == 0),
        float(index == count - 1),
        index / max(1, count - 1),
        float(subject),
        math.log1p(len(s.split())),
    ]


@functools.cache
def _weights() -> tuple[float, ...]:
    data = orjson.loads(WEIGHTS_PATH.read_bytes())
    if tuple(data.get("features", ())) != FEATURES or len(data.get("weights", ())) != len(FEATURES):
        raise ValueError(f"{WEIGHTS_PATH}: features must be exactly {FEATURES}")
    return tuple(float(w) for w in data["weights"])


def score_sentences(text: str, medicine_spans: list[tuple[int, int]] = ()) -> list[tuple[int, int, float]]:
    """``(start, end, probability it asks the question)`` for each sentence of the message."""
    sentences = message_sentences(text)
    weights = _weights()
    out = []
    for i, (a, b, subject) in enumerate(sentences):
        names = any(a <= m_start < b for m_start, _ in medicine_spans)
        x = sentence_features(text[a:b], i, len(sentences), subject, names)
        z = sum(w * v for w, v in zip(weights, x, strict=True))
        out.append((a, b, 1.0 / (1.0 + math.exp(-z))))
    return out


def find_focus(text: str, medicine_spans: list[tuple[int, int]] = ()) -> Focus:
    """The asking sentence(s) of ``text``: every sentence the model gives at least even odds, else the best
    one. A short message (or one sentence) is its own focus."""
    if len(text) <= SHORT_MESSAGE:
        return Focus(text, ((0, len(text)),), True)
    scored = score_sentences(text, medicine_spans)
    if len(scored) <= 1:
        return Focus(text, ((0, len(text)),), True)
    chosen = [(a, b) for a, b, p in scored if p >= 0.5] or [max(scored, key=lambda s: s[2])[:2]]
    return Focus(" ".join(text[a:b] for a, b in chosen), tuple(chosen), False)
