"""Recognition: finding drug names, classes and combinations in a question with a built :class:`NameIndex`
(the steps are described in ``names.py``). A mixin holding the index's lookup algorithms; the index data
stays in ``names.NameIndex``."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict

from rapidfuzz import fuzz, process

from .name_data import (
    _DOSE_WORDS,
    _JOINERS,
    _KIND_RANK,
    BRAND_FUZZY_PENALTY,
    FUNCTION_WORDS,
    ClassMatch,
    DrugMatch,
    Recognition,
    fuzzy_threshold,
    sound_key,
)
from .text import FORM_WORDS, SALT_WORDS, normalise, squash, tokenise

UNKNOWN_WORD_SUGGEST_MIN = 80.0  # how close an unrecognised word must be to a name to be offered as one


SWAP_SCORE = 92.0  # a name with two adjacent letters swapped: as sure as a close fuzzy match


LABEL_WORD_MIN_SCORE = 88.0  # a word label text uses is read as a name only this close to it


def close_in_length(query: str, name: str) -> bool:
    """Whether ``query`` is near enough in length to ``name`` to be a misspelling of it. People drop letters
    from long names ("testerone", "sulfamethozle"), but seldom add more than two: a word three or four letters
    longer than a name ("supernuclear" / "Sunclear", "acellular" / "Acular") is another word, however high its
    ratio."""
    name_len = len(name.replace(" ", ""))
    if len(query) > name_len:
        return len(query) - name_len <= max(2, len(query) // 5)
    return name_len - len(query) <= max(3, name_len // 4)


_TWO_TAKEN = re.compile(
    r"\b(?:together|at the same time|same time|alternat\w*|both|interact\w*|mix(?:ed|ing)?|combin\w*|apart|"
    r"one after the other)\b",
    re.I,
)


class Recogniser:
    """The lookup algorithms of :class:`~rxanswers.answers.understanding.names.NameIndex`."""

    # ------------------------------------------------------------------ fuzzy helpers
    def _fuzzy(self, query: str, cutoff: float, limit: int = 1) -> list[tuple[str, float]]:
        names = self._fuzzy_names.get(query[0])
        if not names or cutoff > 100.0:
            return []
        lens = self._fuzzy_lens[query[0]]
        n = len(query)
        # the longest length difference that can still reach ``cutoff`` with fuzz.ratio
        slack = max(2, int(2 * n * (100.0 / max(cutoff, 50.0) - 1.0)) + 1)
        lo = bisect.bisect_left(lens, n - slack)
        hi = bisect.bisect_right(lens, n + slack)
        if lo >= hi:
            return []
        window = names[lo:hi]
        if limit == 1:
            hit = process.extractOne(query, window, scorer=fuzz.ratio, score_cutoff=cutoff)
            return [(hit[0], hit[1])] if hit else []
        return [
            (h[0], h[1])
            for h in process.extract(query, window, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
        ]

    def _best_fuzzy(self, query: str, threshold: float) -> list[tuple[str, float]]:
        """Best fuzzy name for ``query``: brand names (arbitrary words, many of them) need
        ``BRAND_FUZZY_PENALTY`` more similarity than generic names; ties go to generics."""
        if threshold > 100.0:
            return []
        best: tuple[float, int, str] | None = None
        for name, score in self._fuzzy(query, threshold, limit=5):
            if not close_in_length(query, name):
                continue
            norm = name if name in self._targets else self._squashed.get(name, "")
            ranked = self._targets.get(norm)
            if not ranked:
                continue
            adj = score - (BRAND_FUZZY_PENALTY if ranked[0].kind == "brand" else 0.0)
            if adj < threshold:
                continue
            cand = (adj, _KIND_RANK[ranked[0].kind], name)
            if best is None or cand[:2] > best[:2]:
                best = cand
        return [(best[2], best[0])] if best else []

    def _swapped(self, word: str) -> str | None:
        """The drug name ``word`` spells with two adjacent letters swapped back, if exactly one does."""
        found = {
            variant
            for j in range(len(word) - 1)
            if word[j] != word[j + 1]
            and (variant := word[:j] + word[j + 1] + word[j] + word[j + 2 :]) in self._targets
            and variant not in self._blocked
        }
        return found.pop() if len(found) == 1 else None

    def _by_sound(self, word: str) -> str | None:
        """The name that sounds like ``word`` and is clearly the closest in spelling of those that do."""
        scored = sorted(
            ((fuzz.ratio(word, n), n) for n in self._sounds.get(sound_key(word), ())), reverse=True
        )
        if not scored or scored[0][0] < 66:
            return None
        best, name = scored[0]
        rivals = [n for r, n in scored[1:] if r > best - 10]
        if any(self._targets[n][0].drug_key != self._targets[name][0].drug_key for n in rivals):
            return None
        # Spelling by ear is trusted for names on an FDA application ("plavix", "lasix"); for other names the
        # spelling must be close too, and never closer to an everyday word ("prier", "dailey") or to a class
        # word ("atibiotic" is "antibiotic", not "Otobiotic")
        vocab = self._vocab_score(word)
        if vocab >= 90 or not ((name in self._approved and best >= 70) or (best >= 80 and vocab < 80)):
            return None
        if self._lay_rival(word, "", min(85, best)):
            return None  # as close to a lay word as to the name ("anabiotic": antibiotic, not amniotic fluid)
        return name

    def _lay_terms(self) -> list[str]:
        if self._lay_list is None:
            self._lay_list = list(self._lay)
        return self._lay_list

    def _lay_rival(self, query: str, name: str, score: float) -> bool:
        """A lay word other than the name itself is at least as close to ``query`` as the name."""
        hit = process.extractOne(query, self._lay_terms(), scorer=fuzz.ratio, score_cutoff=score)
        return hit is not None and hit[0] != name

    def _vocab_score(self, query: str) -> float:
        names = self._vocab_names.get(query[0])
        if not names:
            return 0.0
        lens = self._vocab_lens[query[0]]
        n = len(query)
        lo = bisect.bisect_left(lens, n - 3)
        hi = bisect.bisect_right(lens, n + 3)
        hit = process.extractOne(query, names[lo:hi], scorer=fuzz.ratio) if lo < hi else None
        return hit[1] if hit else 0.0

    def suggest(self, text: str, limit: int = 5, cutoff: float = 65.0) -> list[str]:
        """Close dictionary names for a word or phrase, best first (display forms)."""
        q = squash(normalise(text))
        if len(q) < 3:
            return []
        out: list[str] = []
        for name, _score in self._fuzzy(q, cutoff, limit=limit * 3):
            target = self._targets.get(name) or self._targets.get(self._squashed.get(name, ""))
            if not target:
                continue
            disp = target[0].display
            if disp.lower() not in {o.lower() for o in out}:
                out.append(disp)
            if len(out) >= limit:
                break
        return out

    # ------------------------------------------------------------------ recognise
    def recognise(self, question: str) -> Recognition:
        toks = tokenise(question)
        words = [t[0] for t in toks]
        n = len(words)
        covered = [False] * n
        found: list[tuple[int, int, str, str, float]] = []  # (i, j, norm name, method, score)

        # 1. exact n-grams (drug names and class words), longest first, left to right
        class_hits: list[tuple[int, int, str]] = []
        i = 0
        while i < n:
            hit = None
            for size in range(min(self._max_tokens, n - i), 0, -1):
                key = " ".join(words[i : i + size])
                if key in self._targets:
                    if key in self._blocked:
                        continue
                    if size > 2 and self._two_names_joined(words[i : i + size]):
                        continue  # "tylenol with ibuprofen": two products; the combination step decides
                    if len(key) == 3 and (size > 1 or key in self.common):
                        continue
                    hit = (i, i + size, key, "alias" if key in self._aliases else "exact", 100.0)
                    break
                parts = words[i : i + size]
                if (
                    size > 1
                    and not any(w in FUNCTION_WORDS for w in parts)
                    and not all(w in self.english for w in parts)
                ):
                    sq = self._squashed.get(squash(key))
                    if sq is None and squash(key) in self._targets and squash(key) not in self._blocked:
                        sq = squash(key)  # "hydro chlorothiazide" -> "hydrochlorothiazide"
                    if sq is not None:
                        hit = (i, i + size, sq, "squashed", 97.0)
                        break
            chit = None
            for size in range(min(self._max_lay, n - i), 0, -1):
                key = " ".join(words[i : i + size])
                if key in self._lay:
                    chit = (i, i + size, key)
                    break
            if chit and (
                hit is None or chit[1] > hit[1] or (chit[1] == hit[1] and chit[2] in self._lay_reviewed)
            ):
                class_hits.append(chit)
                for k in range(chit[0], chit[1]):
                    covered[k] = True
                i = chit[1]
            elif hit:
                found.append(hit)
                for k in range(hit[0], hit[1]):
                    covered[k] = True
                i = hit[1]
            else:
                i += 1

        # 2. fuzzy over the leftovers
        candidates: list[tuple[float, int, int, str]] = []
        unknown: list[int] = []
        for i, w in enumerate(words):
            if covered[i] or not w.isalpha():
                continue
            name_like = (
                len(w) >= 4 and w not in self.common and w not in FORM_WORDS and not self.is_medical(w)
            )
            name_like = name_like and w not in self.english and w not in self.proper  # "vegas" is no typo
            name_like = name_like and not self._glued_words(w)  # "therapyof" is "therapy of"
            if name_like:
                unknown.append(i)
                thr = fuzzy_threshold(len(w))
                # a word labels use ("prolapse", "hypotonia") is itself, not a misspelt "ProLaser" or
                # "Hottonia"; only a near-identical name is read in it (labels misspell names too: "propanolol")
                in_labels = w in self.label_words
                if in_labels:
                    thr = max(thr, LABEL_WORD_MIN_SCORE)
                swapped = self._swapped(w) if len(w) >= 5 else None
                if swapped is not None and self._vocab_score(w) < SWAP_SCORE:
                    # "zrytec", "tylneol": two letters typed the wrong way round, one edit (a ratio counts two)
                    candidates.append((SWAP_SCORE, i, i + 1, swapped))
                    continue
                fuzzy_hits = self._best_fuzzy(w, thr)
                # never nearer an everyday or lay word ("anabiotic": antibiotic)
                for name, score in fuzzy_hits:
                    if self._vocab_score(w) < score and not self._lay_rival(w, name, score):
                        candidates.append((score, i, i + 1, name))
                sound = self._by_sound(w) if not fuzzy_hits and len(w) >= 5 and not in_labels else None
                if sound is not None:
                    # "xanex", "plavics", "lasiks": spelt as heard; scored like a fair fuzzy match
                    candidates.append((thr + 0.4 * (100.0 - thr), i, i + 1, sound))
            if i + 1 < n and not covered[i + 1] and words[i + 1].isalpha():
                w2 = words[i + 1]
                if (w in self.common and w2 in self.common) or w2 in _JOINERS or w in _JOINERS:
                    continue
                if w2 in SALT_WORDS or any(s.startswith(w2) for s in _SALT_PREFIX.get(w2[:3], ())):
                    continue
                if w2 in _DOSE_WORDS or w in _DOSE_WORDS:
                    continue  # "prier dose" is not one misspelt name
                joined = w + w2
                if f"{w} {w2}" in self.medical or self.is_medical(joined):
                    continue
                if w in FUNCTION_WORDS or w2 in FUNCTION_WORDS or (w in self.english and w2 in self.english):
                    continue
                if len(joined) >= 7 and min(len(w), len(w2)) >= 2:
                    thr = fuzzy_threshold(len(joined)) + 4
                    for name, score in self._best_fuzzy(joined, thr):
                        if self._vocab_score(joined) < score:
                            candidates.append((score + 0.5, i, i + 2, name))
        candidates.sort(key=lambda c: (-c[0], c[1]))
        for score, a, b, name in candidates:
            if any(covered[k] for k in range(a, b)):
                continue
            norm = name if name in self._targets else self._squashed.get(name)
            if norm is None or norm in self._blocked:
                continue
            found.append((a, b, norm, "fuzzy", min(score, 99.0)))
            for k in range(a, b):
                covered[k] = True

        found.sort()
        drugs: list[DrugMatch] = []
        for a, b, norm, method, score in found:
            # salt tail ("metoprolol tartrate", "metopol tar")
            salt = ""
            while b < n and not covered[b] and words[b].isalpha() and len(words[b]) >= 3:
                w = words[b]
                full = (
                    w
                    if w in SALT_WORDS
                    else ""
                    if w in FUNCTION_WORDS
                    else next((s for s in _SALT_PREFIX.get(w[:3], ()) if s.startswith(w)), "")
                )  # a cut salt ("metopol tar"), never a function word ("amitriptyline but")
                if not full:
                    break
                salt = (salt + " " + full).strip()
                covered[b] = True
                b += 1
            target = self._targets[norm][0]
            key = target.drug_key
            conf = _confidence(method, score, target.kind, len(norm))
            if not (self._drugs[key].sources - {"nci"}):  # known only from the NCI glossary
                conf = round(min(conf, 0.85), 3)
            generic = self.generic_of(key)
            if salt and " / " not in key:
                generic = f"{key} {salt}"
            drugs.append(
                DrugMatch(
                    matched=question[toks[a][1] : toks[b - 1][2]],
                    drug_key=key,
                    generic=generic,
                    brands=self.brands_of(key),
                    confidence=conf,
                    start=toks[a][1],
                    end=toks[b - 1][2],
                    kind=target.kind,
                    method=method,
                    components=key.split(" / ") if " / " in key else [],
                    classes=self.classes_of(key),
                )
            )
        drugs = self._merge_combinations(question, self._absorb_modifiers(question, drugs))
        drugs = [self._codeine_number(question, d) for d in drugs]

        # 3. classes
        classes: list[ClassMatch] = []
        for i, j, key in class_hits:
            lay_name, epcs = self._lay[key]
            members: list[str] = []
            for epc in epcs:
                members.extend(m for m in self._class_members.get(normalise(epc), []) if m not in members)
            classes.append(
                ClassMatch(
                    matched=question[toks[i][1] : toks[j - 1][2]],
                    name=lay_name,
                    classes=list(epcs),
                    start=toks[i][1],
                    end=toks[j - 1][2],
                    members=members[:50],
                )
            )

        # 4. suggestions / clarification
        suggestions: list[str] = []
        unknown_words = [words[k] for k in unknown if not covered[k]]
        for d in drugs:
            if d.confidence < 0.8:
                for s in self.suggest(d.matched, limit=3):
                    if s not in suggestions:
                        suggestions.append(s)
        if not drugs:  # a word close to a name ("amox", "corozone"), not any rare word ("ataxia")
            for w in unknown_words[:3]:
                for s in self.suggest(w, limit=3, cutoff=UNKNOWN_WORD_SUGGEST_MIN):
                    if s not in suggestions:
                        suggestions.append(s)
        needs = (not drugs and not classes) or any(d.confidence < 0.75 for d in drugs)
        return Recognition(
            drugs=drugs,
            classes=classes,
            suggestions=suggestions[:5],
            needs_clarification=needs,
            unknown=unknown_words,
        )

    def _codeine_number(self, question: str, d: DrugMatch) -> DrugMatch:
        """ "Tylenol #3", "Tylenol No. 4", "tylenol 3": the numbered strengths of a product "with codeine" (No. 2
        to 4), when the index knows "<name> with codeine"."""
        m = _CODEINE_NUMBER.match(question, d.end)
        keys = self.lookup(f"{d.matched} with codeine") if m else []
        if not keys:
            return d
        key = keys[0]
        return DrugMatch(
            matched=question[d.start : m.end()],
            drug_key=key,
            generic=self.generic_of(key),
            brands=self.brands_of(key),
            confidence=d.confidence,
            start=d.start,
            end=m.end(),
            kind="brand",
            method=d.method,
            components=key.split(" / ") if " / " in key else [],
            classes=self.classes_of(key),
        )

    @staticmethod
    def _absorb_modifiers(question: str, drugs: list[DrugMatch]) -> list[DrugMatch]:
        """A head-word alias right before an exact drug name is a modifier of that name, not a second
        drug: "nano silver" is silver (not "Nano ..." brand + silver)."""
        out: list[DrugMatch] = []
        for d in drugs:
            prev = out[-1] if out else None
            if (
                prev is not None
                and prev.method == "alias"
                and prev.kind == "brand"
                and d.method in ("exact", "squashed")
                and d.kind in ("generic", "synonym")
                and question[prev.end : d.start].strip() in ("", "-")
            ):
                d.matched = question[prev.start : d.end]
                d.start = prev.start
                out[-1] = d
                continue
            out.append(d)
        return out

    def _merge_combinations(self, question: str, drugs: list[DrugMatch]) -> list[DrugMatch]:
        if len(drugs) < 2 or not self._combos:
            return drugs
        out: list[DrugMatch] = []
        k = 0
        while k < len(drugs):
            d = drugs[k]
            if k + 1 < len(drugs):
                e = drugs[k + 1]
                between = _without_strengths(normalise(question[d.end : e.start]))
                raw_between = question[d.end : e.start].strip()
                parts = frozenset((d.components or [d.drug_key]) + (e.components or [e.drug_key]))
                combo = self._combos.get(parts)
                # Two brand names ("tylenol with advil") are two products taken together, not the
                # combination product; generic names joined ("acetaminophen and codeine") name the combination.
                both_brands = d.kind == "brand" and e.kind == "brand"
                # "can I take tylenol with ibuprofen": taking one with the other, not the combination product
                taken_with = between in ("with", "plus") and re.search(
                    r"\b(take|taking|use|using|mix|mixing|combine|have|drink)\s+$",
                    question[: d.start].lower(),
                )
                # "tylenol and ibuprofen at the same time / together / alternating": two medicines, not one product
                taken_apart = between in ("and", "with", "plus", "&") and _TWO_TAKEN.search(question)
                if (
                    combo
                    and not both_brands
                    and not taken_with
                    and not taken_apart
                    and (between in ("", "and", "with", "plus", "w") or raw_between in ("/", "+", "-", "&"))
                ):
                    out.append(
                        DrugMatch(
                            matched=question[d.start : e.end],
                            drug_key=combo,
                            generic=self.generic_of(combo),
                            brands=self.brands_of(combo),
                            confidence=min(d.confidence, e.confidence),
                            start=d.start,
                            end=e.end,
                            kind="generic",
                            method="combination",
                            components=sorted(parts),
                            classes=self.classes_of(combo),
                        )
                    )
                    k += 2
                    continue
            out.append(d)
            k += 1
        return out


# "#3", "No. 3", "number 3" or a bare 3 (not "3 mg", "3 tablets", "3 times") after a name
_CODEINE_NUMBER = re.compile(
    r"(?:\s*(?:#|no\.?|number)\s*|\s+)[2-4]\b(?!\s*(?:mg|mcg|ml|g\b|tabs?|tablets?|pills?|caps|capsules?|"
    r"times|x\b|days?|hours?|weeks?|%|or\b|to\b|-))",
    re.I,
)
_STRENGTH = re.compile(r"^\d+(?:\.\d+)?(?:mg|mcg|g|ml)?$|^(?:mg|mcg|g|ml|#\d+)$")


def _without_strengths(between: str) -> str:
    """ "300 mg and", "and 8mg phosphate": the joining words once strengths and salt words are left out, so
    "acetaminophen 300 mg and codeine" names the combination as "acetaminophen and codeine" does."""
    words = between.split()
    kept = [w for w in words if not _STRENGTH.match(w) and w not in SALT_WORDS]
    return " ".join(kept) if len(kept) < len(words) else between


_SALT_PREFIX: dict[str, tuple[str, ...]] = defaultdict(tuple)
for _s in sorted(SALT_WORDS):
    _SALT_PREFIX[_s[:3]] = _SALT_PREFIX[_s[:3]] + (_s,)


def _confidence(method: str, score: float, kind: str, length: int) -> float:
    if method in ("exact", "combination"):
        return 1.0 if kind in ("generic", "synonym") else 0.95
    if method == "alias":
        return 0.9
    if method == "squashed":
        return 0.92
    # fuzzy: map [threshold, 100] onto roughly [0.6, 0.95]
    thr = fuzzy_threshold(length)
    span = max(1.0, 100.0 - thr)
    return round(0.6 + 0.35 * max(0.0, min(1.0, (score - thr) / span)), 3)
