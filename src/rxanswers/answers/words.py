"""Question and label words: stopwords, tokens and the crude stem both sides share (pure Python)."""

from __future__ import annotations

import re

STOPWORDS = frozenset(
    """a an the is are was were be been being am do does did doing have has had having i me my we our you your
    he she it its they them their what which who whom this that these those of at by for with about against
    between into through during before after above below to from up down in out on off over under again then
    once here there when where why how all any both each few more most other some such no nor not only own same
    so than too very can will just should now could would may might must shall take taking taken use using used
    drug drugs medicine medication medications pill pills tablet tablets get got okay ok safe safely
    """.split()
)
WORD = re.compile(r"[a-z][a-z0-9'-]+")


def stem(word: str) -> str:
    """Crude stem shared by question and label words: "adults"/"adult", "infections"/"infection"."""
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word[:6] if len(word) > 6 else word


def content_words(text: str, exclude: set[str]) -> set[str]:
    return {
        stem(w) for w in WORD.findall(text.lower()) if w not in STOPWORDS and w not in exclude and len(w) > 2
    }
