"""Reads of the label store for other apps (no writes here: see ``services.py``)."""

from __future__ import annotations

import re

from django.db.models import F

from rxanswers.labels.models import Section

_LOWER_WORD = re.compile(r"\b[a-z]{5,}\b")


def lower_case_words() -> set[str]:
    """The words of five letters or more that the current versions of loaded labels use in lower case ("prolapse",
    "hypotonia"): ordinary and medical words, read once per name-index build (one pass over the section texts)."""
    words: set[str] = set()
    current = Section.objects.filter(version__label__current_version=F("version"))
    for text in current.values_list("text", flat=True).iterator(chunk_size=500):
        words.update(_LOWER_WORD.findall(text))
    return words
