"""Which real questions are held out: fixed before any labelling, tuning or training.

Held out (never read while writing cues, never used to train or select a model; only scored, as a number):
- every Curai/HealthTap question (``mqp-*``): its licence allows evaluation only;
- a third of K-QA (``kqa-*``) and a third of MeQSum (``meqsum-*``), chosen by a hash of the question id.

Everything else (the other two thirds of K-QA and MeQSum, MedicationQA dev, LiveQA train, our own written
questions) may be read, labelled, trained on and tuned on.
"""

from __future__ import annotations

import hashlib


def _third(qid: str) -> int:
    return int(hashlib.sha256(qid.encode()).hexdigest(), 16) % 3


def is_held_out(qid: str) -> bool:
    if qid.startswith("mqp-"):
        return True
    if qid.startswith(("kqa-", "meqsum-")):
        return _third(qid) == 0
    return False


def answer_key_unseen(item_id: str) -> bool:
    """The third of the answer-key benchmark kept unseen while tuning (same hash rule)."""
    return _third(item_id) == 0
