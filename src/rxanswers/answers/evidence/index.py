"""A label version as evidence: every quotable sentence of every section (``sentences.py``), with its section,
position, content words and sentence vector, ready for ranking against a question.

Built once per label version and process (versions are immutable; an LRU keeps the recent ones), from the
shared vector cache (``vectors.py``).
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from rxanswers.answers import selectors
from rxanswers.answers.evidence import vectors
from rxanswers.answers.evidence.sentences import quotable_sentences
from rxanswers.answers.words import content_words

# Sections that never answer a patient's question (display panels, product data, references, study design).
SKIPPED_SECTIONS = frozenset(
    {
        "package_label_principal_display_panel",
        "spl_product_data_elements",
        "references",
        "spl_unclassified_section",
        "recent_major_changes",
        "recent_major_changes_table",
        "clinical_studies",
        "clinical_studies_table",
        "nonclinical_toxicology",
        "carcinogenesis_and_mutagenesis_and_impairment_of_fertility",
        "animal_pharmacology_and_or_toxicology",
        "microbiology",
        "questions",
    }
)
MAX_PASSAGES = 3000  # per label: memory stays bounded whatever a label holds
# Loaded label indexes are kept (least recently used dropped) up to this many passages in all, ~4 KB each with
# their vectors: ~150 MB. Was 64 labels whatever their size (up to 192,000 passages); on the bundled data a
# batch of 600 questions reads 104 labels (17k passages) and rebuilt 178 of them under that limit.
_CACHE_PASSAGES = 40_000


@dataclass(frozen=True, slots=True)
class Passage:
    text: str  # a clean label sentence (not yet in plain words)
    section: str  # openFDA section key
    position: int  # order within its section
    words: frozenset[str]  # stemmed content words


@dataclass
class LabelIndex:
    view: selectors.LabelView
    passages: list[Passage]
    vectors: np.ndarray  # (len(passages), 384), unit rows
    idf: dict[str, float] = field(default_factory=dict)  # word -> inverse document frequency in this label
    static: np.ndarray | None = None  # the ranker's question-independent features, computed on first use
    lowered: list[str] | None = None  # passage texts in lower case, on first use

    def section_of(self, i: int):
        return self.view.sections[self.passages[i].section]


@functools.cache
def builder_version() -> str:
    """A digest of the code that turns label text into sentences: stored sentences are rebuilt when it changes."""
    from rxanswers.answers import hygiene, lay
    from rxanswers.answers.evidence import sentences

    digest = hashlib.sha256()
    for module in (sentences, hygiene, lay):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(repr(sorted(SKIPPED_SECTIONS)).encode())
    return digest.hexdigest()[:16]


def _passages(view: selectors.LabelView) -> list[tuple[str, int, str]]:
    """(section key, position, sentence) of every quotable sentence, from the store when already built."""
    key = f"{view.version.content_hash}:{len(view.sections)}:{builder_version()}"
    stored = vectors.stored_passages(key)
    if stored is not None:
        return [tuple(p) for p in stored]
    out: list[tuple[str, int, str]] = []
    for section_key, section in view.sections.items():
        if section_key in SKIPPED_SECTIONS or section_key.endswith("_table"):
            continue
        for position, text in enumerate(quotable_sentences(section.text)):
            out.append((section_key, position, text))
        if len(out) >= MAX_PASSAGES:
            break
    vectors.store_passages(key, out[:MAX_PASSAGES])
    return out[:MAX_PASSAGES]


def build(view: selectors.LabelView) -> LabelIndex:
    passages = [
        Passage(text, section, position, frozenset(content_words(text, set())))
        for section, position, text in _passages(view)
    ]
    matrix = vectors.vectors([p.text for p in passages])
    df: dict[str, int] = {}
    for p in passages:
        for w in p.words:
            df[w] = df.get(w, 0) + 1
    n = max(1, len(passages))
    idf = {w: float(np.log((1 + n) / (1 + c)) + 1.0) for w, c in df.items()}
    return LabelIndex(view=view, passages=passages, vectors=matrix, idf=idf)


_LOCK = threading.Lock()
_CACHE: OrderedDict[int, LabelIndex] = OrderedDict()
_cached_passages = 0  # passages of the indexes in _CACHE


def label_index(view: selectors.LabelView) -> LabelIndex:
    global _cached_passages
    key = view.version.id
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            _CACHE.move_to_end(key)
            return cached
    index = build(view)
    with _LOCK:
        if key in _CACHE:  # another thread built the same label meanwhile: keep one
            _CACHE.move_to_end(key)
            return _CACHE[key]
        _CACHE[key] = index
        _cached_passages += len(index.passages)
        while len(_CACHE) > 1 and _cached_passages > _CACHE_PASSAGES:
            _cached_passages -= len(_CACHE.popitem(last=False)[1].passages)
    return index


def all_passage_texts(views) -> list[str]:
    """Every sentence the indexes of ``views`` would embed (for filling the vector cache at setup)."""
    out: list[str] = []
    for view in views:
        for key, section in view.sections.items():
            if key not in SKIPPED_SECTIONS and not key.endswith("_table"):
                out += quotable_sentences(section.text)[:MAX_PASSAGES]
    return out
