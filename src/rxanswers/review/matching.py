"""Find the reviewed answer to a question asked in other words: the same medicines and a question that means
the same, by the sentence encoder (cosine of the two questions' vectors).

"metformin side effects?" finds the published "What are the side effects of metformin?" (0.93), while "does
metformin cause diarrhea?" (0.68), "What is metformin used for?" (0.59) and "What are the side effects of
lisinopril?" (another medicine) do not. Candidates are only published questions about exactly the medicines the
asked question names, so a similar sentence about another drug never matches.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

SIMILARITY = 0.82
_HELD: dict[str, tuple] = {}


def _published_by_drugs(stamp: tuple) -> dict[frozenset[str], tuple[list[int], list[str]]]:
    """Medicines (slugs) -> ids and texts of the published questions about exactly them; re-read when ``stamp``
    (``selectors.questions_stamp``) changes."""
    from rxanswers.review.selectors import public_questions

    held = _HELD.get("questions")
    if held is None or held[0] != stamp:
        groups: dict[frozenset[str], tuple[list[int], list[str]]] = {}
        for question in public_questions().prefetch_related("drugs").only("id", "text"):
            key = frozenset(d.slug for d in question.drugs.all())
            ids, texts = groups.setdefault(key, ([], []))
            ids.append(question.pk)
            texts.append(question.text)
        held = _HELD["questions"] = (stamp, groups, {})
    return held[1]


def _vectors(key: frozenset[str], texts: list[str]) -> np.ndarray:
    from rxanswers.answers.encoders import encode

    cache = _HELD["questions"][2]
    if key not in cache:
        cache[key] = encode(texts)
    return cache[key]


def similar_published_question(
    text: str, drug_slugs: Iterable[str], *, stamp: tuple | None = None
) -> int | None:
    """The id of the published question about the same medicines that means the same, or None. ``stamp``: the
    caller's ``selectors.questions_stamp()``, when it has one (saves the query)."""
    key = frozenset(slug for slug in drug_slugs if slug)
    if not key or not text.strip():
        return None
    if stamp is None:
        from rxanswers.review.selectors import questions_stamp

        stamp = questions_stamp()
    group = _published_by_drugs(stamp).get(key)
    if not group:
        return None
    from rxanswers.answers.encoders import EncoderUnavailable, encode

    try:
        vectors = _vectors(key, group[1])
        scores = vectors @ encode([text])[0]
    except EncoderUnavailable:
        return None
    best = int(np.argmax(scores))
    return group[0][best] if float(scores[best]) >= SIMILARITY else None
