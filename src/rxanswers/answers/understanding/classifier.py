"""The learned question classifier: what is asked (topic: MedicationQA's question types, plus
``not_medication``) and the form of answer expected (yes/no, how, when, how long, how much, what, which drugs,
why), each as calibrated probabilities.

Features of the question (its asking sentence(s), see ``focus.py``): the sentence embedding of the text as
written and of the text with medicine names replaced by "medicine" (MiniLM, ``encoders.py``), the scores of the
hand-written cues (``intent.py``), and for the form word n-grams (TF-IDF). Two multinomial logistic models,
trained on real consumer questions labelled under ``bench/labels/GUIDELINE.md`` (``bench/train_classifier.py``
writes ``model/question_classifier.npz`` and its card ``model/question_classifier.json``: data, counts,
cross-validated and held-out accuracy). Temperature-scaled so that the probabilities are calibrated.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import orjson

from .intent import INTENTS, mask, score

MODEL_DIR = Path(__file__).with_name("model")
MODEL_PATH = MODEL_DIR / "question_classifier.npz"
CARD_PATH = MODEL_DIR / "question_classifier.json"
FORMS = ("yes_no", "what", "which_drugs", "how", "when", "how_long", "how_much", "why", "other")
NOT_MEDICATION = "not_medication"
_TOKEN = re.compile(r"\b\w+\b")


def medicine_words(masked: str) -> str:
    """The masked question with the mask tokens read as words the encoder knows."""
    return masked.replace("xdrugclass", "medicine").replace("xdrug", "medicine")


def cue_features(masked: str, recognition) -> np.ndarray:
    scores = score(masked, recognition)
    return np.log1p(np.maximum(np.array([scores[k] for k in INTENTS], dtype=np.float32), 0.0))


def ngrams(masked: str, n: int = 3) -> Counter:
    tokens = _TOKEN.findall(masked)
    grams: Counter = Counter()
    for size in range(1, n + 1):
        for i in range(len(tokens) - size + 1):
            grams[" ".join(tokens[i : i + size])] += 1
    return grams


@dataclass(frozen=True)
class Prediction:
    topics: dict[str, float]  # every type, probabilities summing to 1 (``not_medication`` included)
    forms: dict[str, float]

    @property
    def topic(self) -> str:
        """The most likely question type about a medicine (``not_medication`` is never the topic)."""
        return max((k for k in self.topics if k != NOT_MEDICATION), key=self.topics.__getitem__)

    @property
    def form(self) -> str:
        return max(self.forms, key=self.forms.__getitem__)


class QuestionClassifier:
    def __init__(self, path: Path = MODEL_PATH):
        data = np.load(path, allow_pickle=False)
        self.topics = [str(t) for t in data["topic_classes"]]
        self.forms = [str(f) for f in data["form_classes"]]
        self.topic_w, self.topic_b = data["topic_w"], data["topic_b"]
        self.form_w, self.form_b = data["form_w"], data["form_b"]
        self.topic_t, self.form_t = float(data["topic_temperature"]), float(data["form_temperature"])
        self.vocab = {str(g): i for i, g in enumerate(data["tfidf_vocab"])}
        self.idf = data["tfidf_idf"]
        self.tfidf_scale = float(data["tfidf_scale"])
        dense = self.topic_w.shape[0]
        if self.form_w.shape[0] != dense + len(self.vocab):
            raise ValueError(f"{path}: form weights do not match the dense features and the vocabulary")
        unknown = set(self.topics) - set(INTENTS) - {NOT_MEDICATION}
        if unknown or set(self.forms) - set(FORMS):
            raise ValueError(f"{path}: unknown classes {sorted(unknown | (set(self.forms) - set(FORMS)))}")

    def dense_features(self, embeddings: np.ndarray, cues: np.ndarray) -> np.ndarray:
        return np.concatenate([embeddings[0], embeddings[1], cues])

    def tfidf(self, masked: str) -> tuple[np.ndarray, np.ndarray]:
        grams = [(self.vocab[g], c) for g, c in ngrams(masked).items() if g in self.vocab]
        if not grams:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        idx = np.array([i for i, _ in grams], dtype=np.int64)
        val = np.array([(1.0 + math.log(c)) for _, c in grams], dtype=np.float32) * self.idf[idx]
        val /= max(float(np.linalg.norm(val)), 1e-12)
        return idx, val * self.tfidf_scale

    @staticmethod
    def _softmax(z: np.ndarray, temperature: float) -> np.ndarray:
        z = z / temperature
        z = np.exp(z - z.max())
        return z / z.sum()

    def predict(self, dense: np.ndarray, masked: str) -> Prediction:
        topic = self._softmax(dense @ self.topic_w + self.topic_b, self.topic_t)
        dense_n = dense.shape[0]
        z = dense @ self.form_w[:dense_n] + self.form_b
        idx, val = self.tfidf(masked)
        if idx.size:
            z = z + val @ self.form_w[dense_n + idx]
        form = self._softmax(z, self.form_t)
        return Prediction(
            topics={t: float(p) for t, p in zip(self.topics, topic, strict=True)},
            forms={f: float(p) for f, p in zip(self.forms, form, strict=True)},
        )


@functools.cache
def question_classifier() -> QuestionClassifier:
    return QuestionClassifier()


def features_of(text: str, recognition) -> tuple[str, np.ndarray, np.ndarray]:
    """``(masked text, the two texts to embed, cue features)`` of a question's asking text."""
    masked = mask(text, recognition)
    return masked, [" ".join(text.split()), medicine_words(masked)], cue_features(masked, recognition)


def card() -> dict:
    return orjson.loads(CARD_PATH.read_bytes()) if CARD_PATH.exists() else {}
