"""Name search: an in-memory dictionary of every ``DrugName`` (built once per process, rebuilt when the name table
changes), looked up with typos, sound-alikes and spacing forgiven (rapidfuzz).
"""

from __future__ import annotations

import math
import re
import threading
import time

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from rxanswers.core.text import normalize_name
from rxanswers.drugs.models import Drug, DrugName
from rxanswers.search.results import MAX_QUERY_LENGTH, NameHit

KIND_PRIORITY = {"generic": 0, "brand": 1, "synonym": 2}

_PHONETIC_RULES = [
    (re.compile(r"ph"), "f"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"qu"), "kw"),
    (re.compile(r"q"), "k"),
    (re.compile(r"^x"), "z"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c"), "k"),
    (re.compile(r"z"), "s"),
    (re.compile(r"th"), "t"),
    (re.compile(r"(?<=[^aeiou])h"), ""),
    (re.compile(r"^(?:kn|gn|pn|wr)"), lambda m: m.group(0)[1]),
    (re.compile(r"y"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),
]
_VOWEL_RUN = re.compile(r"[aeiou]+")
_NOT_LETTER = re.compile(r"[^a-z]+")


def phonetic_keys(text: str) -> tuple[str, str]:
    """Two sound-alike keys for a (normalised) name: spelling-normalised with vowel runs as "a",
    and the consonant skeleton ("xannax" and "xanax" -> ("sanaks", "snks")). Empty for short names."""
    s = _NOT_LETTER.sub("", text)
    if len(s) < 4:
        return "", ""
    for pattern, repl in _PHONETIC_RULES:
        s = pattern.sub(repl, s)
    head, tail = s[:1], s[1:]
    vowels = head + _VOWEL_RUN.sub("a", tail)
    skeleton = head + _VOWEL_RUN.sub("", tail)
    return vowels, (skeleton if len(skeleton) >= 3 else "")


def _edit_score(distance: int, length: int) -> float:
    """Score (0-100) for a whole-name match at a Damerau-Levenshtein ``distance``: one typo in a
    9-letter name scores 92, two score 85; shorter names lose more per typo."""
    return max(0.0, 100.0 * (1.0 - distance / (length + 4)))


class NameDictionary:
    """Every drug name, normalised, with the drug it belongs to. Thread-safe lazy build.

    Lookup: exact name, then the name without spaces, then fuzzy candidates from three indexes -- whole
    names by edit distance, sound-alike keys (``phonetic_keys``), and single words of longer names --
    scored by Damerau-Levenshtein distance on the whole name (a word of a longer name scores lower), with
    small preferences for generic names, single-ingredient drugs and drugs known under many names.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        self.keys: list[str] = []
        self.entries: list[list[tuple[int, str, str]]] = []  # per key: [(drug_id, display name, kind)]
        self.drugs: dict[int, tuple[str, str]] = {}  # drug_id -> (slug, name)

    def _current_stamp(self) -> tuple:
        last = DrugName.objects.order_by("-id").values_list("id", flat=True).first()
        return (DrugName.objects.count(), last, Drug.objects.count())

    STAMP_CHECK_SECONDS = 5.0  # names change only when data is ingested: check for that at most this often

    def ensure_built(self) -> None:
        now = time.monotonic()
        if self._stamp is not None and now - getattr(self, "_checked_at", 0.0) < self.STAMP_CHECK_SECONDS:
            return
        self._checked_at = now
        stamp = self._current_stamp()
        if stamp == self._stamp:
            return
        with self._lock:
            if stamp == self._stamp:
                return
            by_key: dict[str, dict[int, tuple[str, str]]] = {}
            name_counts: dict[int, int] = {}
            for drug_id, name, normalized, kind in DrugName.objects.values_list(
                "drug_id", "name", "normalized", "kind"
            ).iterator(chunk_size=5000):
                slot = by_key.setdefault(normalized, {})
                prior = slot.get(drug_id)
                if prior is None or KIND_PRIORITY[kind] < KIND_PRIORITY[prior[1]]:
                    slot[drug_id] = (name, kind)
                name_counts[drug_id] = name_counts.get(drug_id, 0) + 1
            drugs: dict[int, tuple[str, str]] = {}
            for drug_id, slug, name in Drug.objects.values_list("id", "slug", "name").iterator(
                chunk_size=5000
            ):
                drugs[drug_id] = (slug, name)
                slot = by_key.setdefault(normalize_name(name), {})
                slot.setdefault(drug_id, (name, "generic"))
            keys = list(by_key)
            phonetic: dict[str, list[int]] = {}
            skeleton: dict[str, list[int]] = {}
            words: dict[str, list[int]] = {}
            for index, key in enumerate(keys):
                vowels, skel = phonetic_keys(key)
                if vowels:
                    phonetic.setdefault(vowels, []).append(index)
                if skel:
                    skeleton.setdefault(skel, []).append(index)
                tokens = key.split()
                if len(tokens) > 1:
                    for token in set(tokens):
                        if len(token) >= 4 and token.isalpha():
                            words.setdefault(token, []).append(index)
            self.keys = keys
            self.entries = [[(d, n, k) for d, (n, k) in by_key[key].items()] for key in keys]
            self.drugs = drugs
            self._index = {key: i for i, key in enumerate(keys)}
            # Keys bucketed by length: a fuzzy match of a q-letter query only looks at keys of similar length.
            by_len: dict[int, tuple[list[str], list[int]]] = {}
            for i, key in enumerate(keys):
                bucket = by_len.setdefault(len(key), ([], []))
                bucket[0].append(key)
                bucket[1].append(i)
            self._by_len = by_len
            self._compact = {}
            for i, key in enumerate(keys):
                self._compact.setdefault(key.replace(" ", ""), i)
            self._phonetic = phonetic
            self._skeleton = skeleton
            self._word_keys = words
            self._words = list(words)
            self._words_by_len: dict[int, list[str]] = {}
            for word in self._words:
                self._words_by_len.setdefault(len(word), []).append(word)
            # Drugs known under many names (many products/labels) win near-ties: a mild popularity prior.
            self._prior = {d: min(1.0, math.log1p(n) / 6) for d, n in name_counts.items()}
            self._stamp = stamp

    def _candidates(self, q: str, limit: int) -> dict[int, float]:
        """Fuzzy candidates: key index -> score (0-100) before drug-level preferences."""
        compact = q.replace(" ", "")
        out: dict[int, float] = {}

        def offer(index: int, score: float) -> None:
            if score > out.get(index, -1.0):
                out[index] = score

        def whole(index: int) -> float:
            key = self.keys[index]
            a, b = (compact, key.replace(" ", "")) if " " not in q else (q, key)
            distance = DamerauLevenshtein.distance(a, b)
            return _edit_score(distance, max(len(a), len(b)))

        # Whole names within a few edits: their length differs from the query's by at most the edit count,
        # so a +-25 % length window (at least 2) holds every match that can score well on the edit-distance
        # scale below; fuzz.ratio >= 60 prefilters inside it (rapidfuzz skips hopeless pairs early).
        window = max(2, int(len(q) * 0.25))
        best: list[tuple[float, int]] = []
        for length in range(max(1, len(q) - window), len(q) + window + 1):
            bucket = self._by_len.get(length)
            if not bucket:
                continue
            for _, score, pos in process.extract(
                q, bucket[0], scorer=fuzz.ratio, limit=max(20, limit * 3), score_cutoff=60, processor=None
            ):
                best.append((score, bucket[1][pos]))
        for _, index in sorted(best, reverse=True)[: max(20, limit * 3)]:
            offer(index, whole(index))
        vowels, skel = phonetic_keys(compact)
        for index in self._phonetic.get(vowels, []) if vowels else []:
            offer(index, min(93.0, whole(index) + 6.0))  # sound-alike: a bonus, not a floor
        for index in self._skeleton.get(skel, [])[:50] if skel else []:
            offer(index, min(90.0, whole(index) + 3.0))
        # A word of a longer name ("hydrocodone" in "hydrocodone and ibuprofen"): scored on the word,
        # minus a penalty for the rest of the name, so whole-name matches come first.
        tokens = [t for t in q.split() if len(t) >= 4]
        for token in tokens[:4]:
            # ratio >= 75 between a word and the token needs lengths within about 40 % of each other
            span = max(2, int(len(token) * 0.4))
            nearby = [
                w
                for n in range(len(token) - span, len(token) + span + 1)
                for w in self._words_by_len.get(n, ())
            ]
            for word, _, _ in process.extract(
                token, nearby, scorer=fuzz.ratio, limit=5, score_cutoff=75, processor=None
            ):
                distance = DamerauLevenshtein.distance(token, word)
                base = _edit_score(distance, max(len(token), len(word)))
                for index in self._word_keys[word][:200]:
                    extra = max(0, len(self.keys[index]) - len(q))
                    offer(index, base - 8.0 - min(20.0, extra * 0.5))
        return out

    def lookup(self, query: str, limit: int = 10) -> list[NameHit]:
        """Best drugs for a name query, exact matches first, then fuzzy (typos, sound-alikes, spacing)."""
        self.ensure_built()
        q = normalize_name(query)[:MAX_QUERY_LENGTH]
        if not q:
            return []
        scored: dict[int, tuple[float, str, str]] = {}

        def offer(index: int, score: float) -> None:
            for drug_id, name, kind in self.entries[index]:
                # prefer generic names, single-ingredient drugs and well-known drugs on near-equal scores
                adj = (
                    score
                    - 0.3 * KIND_PRIORITY[kind]
                    - (1.0 if " / " in self.drugs[drug_id][1] or " and " in self.drugs[drug_id][1] else 0)
                    + self._prior.get(drug_id, 0.0)
                )
                if drug_id not in scored or adj > scored[drug_id][0]:
                    scored[drug_id] = (adj, name, kind)

        exact = self._index.get(q)
        if exact is not None:
            offer(exact, 100.0 + 5)  # exact names always outrank fuzzy ones
            # the rest of the list: names that contain the query as a word ("metformin and glipizide");
            # no fuzzy search for a name the dictionary has (typo look-alikes add nothing there)
            for index in self._word_keys.get(q, [])[:200]:
                offer(index, 90.0 - min(20.0, max(0, len(self.keys[index]) - len(q)) * 0.5))
        compact = q.replace(" ", "")
        if compact in self._compact and self._compact[compact] != exact:  # "metfor min" -> "metformin"
            offer(self._compact[compact], 99.0)
        if exact is None:
            for index, score in self._candidates(q, limit).items():
                offer(index, min(score, 98.0))
        ranked = sorted(scored.items(), key=lambda item: -item[1][0])[:limit]
        return [
            NameHit(
                drug_id=drug_id,
                drug_slug=self.drugs[drug_id][0],
                drug_name=self.drugs[drug_id][1],
                matched_name=name,
                kind=kind,
                score=round(max(0.0, min(100.0, score)), 1),
            )
            for drug_id, (score, name, kind) in ranked
        ]


NAME_DICTIONARY = NameDictionary()
