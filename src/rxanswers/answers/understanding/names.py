"""Drug-name recognition over a name dictionary (pure Python + rapidfuzz, no database).

The dictionary is a flat list of :class:`NameEntry` (generic, brand, synonym and class names, each
pointing at a ``drug_key``). :meth:`NameIndex.build` turns it into hash maps for exact n-gram lookup
plus first-letter/length blocks for fuzzy lookup, so :meth:`NameIndex.recognise` costs a few hash
probes per token and a handful of small rapidfuzz scans.

Recognition, in order:

1. **Exact n-grams** (longest first, left to right) of the normalised question against every name,
   also with spaces squashed ("hydro chlorothiazide" -> "hydrochlorothiazide").
2. **Salt tails**: a salt word, or the first >= 3 letters of one, right after a match joins it
   ("metoprolol tar" -> metoprolol tartrate); the drug key is salt-free either way.
3. **Fuzzy** matching of the words left over (single words and adjacent pairs joined, for split words
   such as "level iracetam") with :func:`rapidfuzz.fuzz.ratio` and a length-aware threshold
   (:func:`fuzzy_threshold`). A misspelling is attributed to its *nearest* vocabulary item: if an
   ordinary English/medical word is at least as close (e.g. "afffect" -> "affect"), it is not a drug.
4. **Classes**: lay class words ("statins", "blood thinners") from ``data/lay_classes.json`` and
   literal FDA Established Pharmacologic Class names.
5. **Combinations**: two recognised ingredients joined by "and", "/", "+", "with", "-" or nothing, for
   which a combination product exists, become one match with ``components``.

False positives from ordinary English. Many NDC proprietary names are ordinary words ("Today",
"Care", "Relief", "Pain", "Allergy Relief"). The rule (see :meth:`NameIndex._is_blocked`):

* a **brand or synonym** name all of whose words are *common words* is never matched. Common words are
  the union of ``data/everyday_words.txt`` (hand-written everyday English and lay health words) and
  ``data/common_words.txt`` (words used in >= 3 NCI plain-language definitions that are not
  themselves drug names; regenerate with ``build_data.py``);
* a **generic** name is blocked only when it is in the hand-written everyday list (e.g. "water",
  "sugar"), so "magnesium", "iron" or "nicotine" are still recognised;
* names shorter than 3 characters are never matched, and 3-letter names only exactly;
* fuzzy matching never starts from a common word, and needs the length-aware threshold.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

from .name_data import (  # re-exported: the module other code imports names from
    _DISEASE_SUFFIXES,
    _JOINERS,
    _KIND_RANK,
    DATA_DIR,
    FUNCTION_WORDS,
    ClassMatch,
    DrugMatch,
    Kind,
    NameEntry,
    Recognition,
    _DrugInfo,
    _english_words,
    _lay_medical_terms,
    _load_words,
    _Target,
    fuzzy_threshold,
    load_lay_classes,
    load_synonyms,
    sound_key,
)
from .name_sources import drug_key_for, entries_from_files
from .recognise import Recogniser
from .text import FORM_WORDS, SALT_WORDS, normalise, squash, strip_salts


def _family(name: str, names: set[str]) -> int:
    """How many of a drug's names extend ``name`` ("pepto" -> "pepto bismol", "pepto-bismol"): a short brand
    belongs to the family of products named after it."""
    return sum(1 for n in names if n.startswith((name + " ", name + "-")))


class NameIndex(Recogniser):
    """Immutable lookup structure built once from :class:`NameEntry` rows."""

    def __init__(self) -> None:
        self._targets: dict[str, list[_Target]] = {}
        self._squashed: dict[str, str] = {}
        self._drugs: dict[str, _DrugInfo] = {}
        self._blocked: set[str] = set()
        self._sounds: dict[str, list[str]] = defaultdict(list)  # sound key -> names with that sound
        self._lay_list: list[str] | None = None
        self._max_tokens = 1
        self._fuzzy_names: dict[str, list[str]] = {}
        self._fuzzy_lens: dict[str, list[int]] = {}
        self._vocab_names: dict[str, list[str]] = {}
        self._vocab_lens: dict[str, list[int]] = {}
        self._class_members: dict[str, list[str]] = {}
        self._class_display: dict[str, str] = {}
        self._lay: dict[str, tuple[str, list[str]]] = {}
        self._combos: dict[frozenset[str], str] = {}
        self._aliases: set[str] = set()
        self._lay_reviewed: set[str] = set()
        self._max_lay = 1
        self.everyday: frozenset[str] = frozenset()
        self.common: frozenset[str] = frozenset()
        self.medical: set[str] = set()  # medical vocabulary (conditions, symptoms): never a brand name
        self._approved: set[str] = set()  # names that appear on Drugs@FDA applications
        self.english, self.proper = _english_words()
        # words FDA label text uses in lower case ("prolapse", "hypotonia", "dysphoria"): known words, never a
        # misspelt name (set from the loaded labels when the index is built; see ``selectors.name_index``)
        self.label_words: frozenset[str] = frozenset()

    # ------------------------------------------------------------------ build
    @classmethod
    def build(
        cls,
        entries: Iterable[NameEntry],
        *,
        common_words: Iterable[str] | None = None,
        everyday_words: Iterable[str] | None = None,
        lay_classes: dict | None = None,
        consumer_synonyms: dict | None = None,
        label_words: Iterable[str] = (),
    ) -> NameIndex:
        self = cls()
        self.label_words = frozenset(label_words)
        everyday, common = _load_words()
        if everyday_words is not None:
            everyday = frozenset(w.lower() for w in everyday_words)
        if common_words is not None:
            common = frozenset(w.lower() for w in common_words) | everyday
        self.everyday, self.common = everyday, common

        raw: dict[str, dict[tuple[str, str], str]] = defaultdict(dict)
        listings: Counter = Counter()  # (name, drug key) -> entries naming that drug by that name
        names_of: dict[str, set[str]] = defaultdict(set)  # drug key -> its names
        class_members: dict[str, Counter] = defaultdict(Counter)
        self.medical = set(_lay_medical_terms())
        for e in entries:
            norm = normalise(e.name)
            if e.kind == "term":  # a medical word (CDC thesaurus, NCI non-drug term), not a drug name
                if norm:
                    self.medical.add(norm)
                continue
            if not norm or not e.drug_key:
                continue
            info = self._drugs.get(e.drug_key)
            if info is None:
                info = self._drugs[e.drug_key] = _DrugInfo()
            if e.kind == "class":
                info.classes.add(e.name)
                class_members[norm][e.drug_key] += 1
                self._class_display.setdefault(norm, e.name)
                continue
            info.names += 1
            info.sources.add(e.source.split(":")[0])
            if e.source.startswith("drugsatfda"):
                self._approved.add(norm)  # a name on an FDA application: a real product name
            if e.generic:
                info.generic[e.generic] += 1
            if e.kind == "brand":
                info.brands[e.name] += 1
            raw[norm].setdefault((e.drug_key, e.kind), e.name)
            listings[(norm, e.drug_key)] += 1
            names_of[e.drug_key].add(norm)

        for norm, targets in raw.items():
            best: dict[str, _Target] = {}
            for (key, kind), display in targets.items():
                cur = best.get(key)
                if cur is None or _KIND_RANK[kind] > _KIND_RANK[cur.kind]:
                    best[key] = _Target(key, kind, display)
            stripped = strip_salts(norm)
            ranked = sorted(
                best.values(),
                key=lambda t: (
                    t.drug_key == stripped,  # the generic the user named
                    _KIND_RANK[t.kind],
                    " / " not in t.drug_key,  # a single ingredient over a combination
                    listings[(norm, t.drug_key)],  # the drug most products of this very name are made of
                    _family(norm, names_of[t.drug_key])
                    if len(best) > 1
                    else 0,  # "Pepto": Pepto-Bismol's drug
                    self._drugs[t.drug_key].names,
                ),
                reverse=True,
            )
            self._targets[norm] = ranked
        for norm, ranked in self._targets.items():
            ntok = norm.count(" ") + 1
            self._max_tokens = max(self._max_tokens, min(ntok, 8))
            if self._is_blocked(norm, ranked[0].kind):
                self._blocked.add(norm)
            elif ntok > 1 and len(norm) >= 7:
                self._squashed.setdefault(squash(norm), norm)
        self._blocked |= self._family_words()
        # sound keys of one-word names (>= 5 letters), for misspellings by ear
        for norm in self._targets:
            if len(norm) >= 5 and norm.isalpha() and norm not in self._blocked:
                self._sounds[sound_key(norm)].append(norm)

        self._add_aliases()
        self._add_consumer_synonyms(consumer_synonyms if consumer_synonyms is not None else load_synonyms())
        for key in self._drugs:
            if " / " in key:
                parts = frozenset(key.split(" / "))
                if len(parts) > 1:
                    self._combos.setdefault(parts, key)

        # fuzzy blocks: first letter -> names sorted by length (1-2 word names, not blocked)
        fuzzy: dict[str, list[str]] = defaultdict(list)
        for norm in self._targets:
            if norm in self._blocked or len(norm) < 5 or norm.count(" ") > 1:
                continue
            if not norm.replace(" ", "").isalpha():
                continue
            fuzzy[norm[0]].append(norm)
            sq = squash(norm)
            if sq != norm:
                fuzzy[sq[0]].append(sq)
        for letter, names in fuzzy.items():
            names = sorted(set(names), key=len)
            self._fuzzy_names[letter] = names
            self._fuzzy_lens[letter] = [len(n) for n in names]
        vocab: dict[str, list[str]] = defaultdict(list)
        for w in self.common:
            if len(w) >= 4 and w.isalpha() and (w not in self._targets or w in self._blocked):
                vocab[w[0]].append(w)
        for letter, names in vocab.items():
            names.sort(key=len)
            self._vocab_names[letter] = names
            self._vocab_lens[letter] = [len(n) for n in names]

        # classes
        for norm, members in class_members.items():
            self._class_members[norm] = [k for k, _ in members.most_common()]
        lay = lay_classes if lay_classes is not None else load_lay_classes()
        for item in lay.get("classes", []):
            epcs = [c for c in item["epc"]]
            for term in item["terms"]:
                t = normalise(term)
                self._lay[t] = (item["name"], epcs)
                self._lay_reviewed.add(t)
                if not t.endswith("s"):
                    self._lay.setdefault(t + "s", (item["name"], epcs))
                    self._lay_reviewed.add(t + "s")
        for norm, display in self._class_display.items():
            self._lay.setdefault(norm, (display, [display]))
            self._lay.setdefault(norm + "s", (display, [display]))
        self._max_lay = max((t.count(" ") + 1 for t in self._lay), default=1)
        return self

    def _is_blocked(self, norm: str, kind: str) -> bool:
        words = norm.split()
        if len(norm) < 3 or all(w.isdigit() for w in words):
            return True
        if kind == "generic":
            return all(w in self.everyday or w.isdigit() or w in FORM_WORDS for w in words)
        if (
            kind in ("brand", "synonym")
            and norm not in self._approved
            and " " not in norm
            and norm in self.english
            and all(t.kind == "brand" or t.drug_key != strip_salts(norm) for t in self._targets.get(norm, ()))
        ):
            return True  # an OTC/cosmetic product named with an everyday word ("Hello", "Aim", "Bliss")
        if (
            kind == "brand"
            and norm not in self._approved
            and " " not in norm
            and len(norm) <= 6
            and (norm + "e" in self.english or norm + "e" in self.medical)
            and all(t.kind == "brand" for t in self._targets.get(norm, ()))
        ):
            return True  # "Urin": a clipped everyday word ("how long does X stay in urin"), not a name
        if self.is_medical(norm) and all(
            t.kind == "brand" or (t.kind == "synonym" and t.drug_key != strip_salts(norm))
            for t in self._targets.get(norm, ())
        ):
            # a product named after a condition ("Inflammation", "Sinus"), unless it names a drug
            # ("nicotine gum") or is a substance's own name
            if not any(t.kind in ("generic", "synonym") for w in words for t in self._targets.get(w, ())):
                return True
        return all(w in self.common or w.isdigit() or w in FORM_WORDS for w in words)

    def _family_words(self, min_keys: int = 3) -> set[str]:
        """One-word brand names that are really a product-line word: "Thera" (one hydrocortisone cream)
        also starts "Thera Derm", "THERA Antifungal Body", "Thera Wise Natural Acne" ... with unrelated
        ingredients, so "thera tab" must not be read as hydrocortisone. A word counts as a family word
        when it is a brand-only name outside Drugs@FDA and heads at least ``min_keys`` other products
        of which at most a third share an ingredient with its own. "Tylenol" (Tylenol PM, Tylenol Cold
        ... all contain acetaminophen) stays a name."""
        family: dict[str, set[str]] = defaultdict(set)
        for norm, ranked in self._targets.items():
            if " " in norm and ranked[0].kind == "brand":
                family[norm.split(" ", 1)[0]].add(ranked[0].drug_key)
        out: set[str] = set()
        for head, keys in family.items():
            ranked = self._targets.get(head)
            if not ranked or head in self._blocked or head in self._approved:
                continue
            if any(t.kind != "brand" for t in ranked):
                continue
            own = {p for t in ranked for p in t.drug_key.split(" / ")}
            others = keys - {t.drug_key for t in ranked}
            if len(others) < min_keys:
                continue
            sharing = sum(1 for k in others if own & set(k.split(" / ")))
            if sharing * 3 > len(others):
                continue
            # a coherent product line ("Humulin R/N/70-30": insulin; "Sudafed"/"Sudafed PE": decongestants
            # in most) is still a name: some ingredient word runs through at least half of its products
            words = Counter(w for k in others for w in set(k.replace(" / ", " ").split()) if len(w) >= 5)
            if words and words.most_common(1)[0][1] * 2 >= len(others):
                continue
            out.add(head)
        return out

    def _add_aliases(self) -> None:
        """Head-word aliases: "nicoderm" for "NicoDerm CQ", "qvar" for "QVAR 40", when distinctive."""
        heads: dict[str, Counter] = defaultdict(Counter)
        displays: dict[str, str] = {}
        for norm, ranked in self._targets.items():
            if norm in self._blocked or " " not in norm:
                continue
            head, rest = norm.split(" ", 1)
            t = ranked[0]
            if t.kind != "brand" or len(head) < 4 or not head.isalpha() or head in self.common:
                continue
            if head in self.medical or head in self.english or head in self.proper:
                continue  # "Inflammation Relief ...", "Midnight ...", "California ...", "Pylori-Chek ..." (germ
                # words are medical): not a drug by themselves
            if head in self._targets or head in SALT_WORDS or head in FORM_WORDS:
                continue
            heads[head][t.drug_key] += 1
            displays.setdefault(head, t.display.split()[0])
        generic_heads: set[str] = set()
        # "penicillin" for "penicillin g" / "penicillin v" (a long head, a 1-2 character qualifier), and
        # "ibritumomab" for "ibritumomab tiuxetan": people drop the second word of an ester/conjugate name
        for norm, ranked in list(self._targets.items()):
            parts = norm.split()
            if not 2 <= len(parts) <= 3 or ranked[0].kind != "generic" or not norm.replace(" ", "").isalpha():
                continue
            head = parts[0]
            short_qualifier = len(parts) == 2 and len(parts[1]) <= 2
            if len(head) < (8 if short_qualifier else 7) or head in self._targets or head in self.common:
                continue
            if head in self.medical or head in self.english or head in self.proper:
                continue
            if head in SALT_WORDS or head in FORM_WORDS or any(w in _JOINERS for w in parts):
                continue
            heads[head][ranked[0].drug_key] += 1
            displays.setdefault(head, head)
            generic_heads.add(head)
        for head, keys in heads.items():
            ranked = [
                _Target(k, "generic" if head in generic_heads else "brand", displays[head])
                for k, _ in sorted(keys.items(), key=lambda kv: (-kv[1], " / " in kv[0], kv[0]))
            ]
            self._targets[head] = ranked
            self._aliases.add(head)

    def _add_consumer_synonyms(self, table: dict) -> None:
        """Everyday names and abbreviations ("tdap", "flu shot") from ``data/consumer_synonyms.json``,
        each pointing at the drugs of its listed product names; never overrides a name the data has."""
        for row in table.get("synonyms", []):
            targets: list[_Target] = []
            for name in row["names"]:
                for t in self._targets.get(normalise(name), [])[:1]:
                    if all(t.drug_key != o.drug_key for o in targets):
                        targets.append(_Target(t.drug_key, "synonym", t.display))
            if not targets:
                continue
            for term in row["terms"]:
                norm = normalise(term)
                for form in (norm, norm + "s") if norm and not norm.endswith("s") else (norm,):
                    # a curated term wins over a name blocked as everyday words ("plan b", "fish oil")
                    if form and (form not in self._targets or form in self._blocked):
                        self._blocked.discard(form)
                        self._targets[form] = list(targets)
                        self._max_tokens = max(self._max_tokens, form.count(" ") + 1)

    def _two_names_joined(self, words: list[str]) -> bool:
        """A name like "X with Y" / "X and Y" whose two sides are names themselves."""
        for k, w in enumerate(words[1:-1], 1):
            if w in _JOINERS:
                left, right = " ".join(words[:k]), " ".join(words[k + 1 :])
                if left in self._targets and right in self._targets:
                    return left not in self._blocked and right not in self._blocked
        return False

    def _glued_words(self, word: str) -> bool:
        """An English word run together with a function word ("therapyof", "ofthe", "isfine")."""
        for fw in FUNCTION_WORDS:
            if len(fw) < 2:
                continue
            if word.endswith(fw) and (word[: -len(fw)] in self.english or word[: -len(fw)] in FUNCTION_WORDS):
                if len(word) - len(fw) >= 3:
                    return True
            if word.startswith(fw) and (word[len(fw) :] in self.english) and len(word) - len(fw) >= 4:
                return True
        return False

    def is_medical(self, norm: str) -> bool:
        """A condition/symptom/anatomy word: in the medical vocabulary, a hypo-/hyper-/dys- form of one
        ("hypopigmentation"), or a single word with a disease suffix ("gastritis", "neuralgia")."""
        if norm in self.medical:
            return True
        if " " in norm or len(norm) < 7:
            return False
        for prefix in ("hypo", "hyper", "dys", "poly", "brady", "tachy"):
            if norm.startswith(prefix) and norm[len(prefix) :] in self.medical:
                return True
        return norm.endswith(_DISEASE_SUFFIXES)

    # ------------------------------------------------------------------ lookups
    def __len__(self) -> int:
        return len(self._targets)

    def __contains__(self, name: str) -> bool:
        return normalise(name) in self._targets

    def lookup(self, name: str) -> list[str]:
        """Drug keys for an exact name (normalised), best first."""
        return [t.drug_key for t in self._targets.get(normalise(name), [])]

    def drug_keys(self) -> Iterator[str]:
        return iter(self._drugs)

    def brands_of(self, drug_key: str, limit: int = 10) -> list[str]:
        info = self._drugs.get(drug_key)
        if info is None:
            return []
        out: list[str] = []
        seen: set[str] = set()
        generic_words = {w for w in drug_key.replace(" / ", " ").split()}
        for name, _ in sorted(info.brands.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0])):
            n = normalise(name)
            if n in seen or n in self._blocked or strip_salts(n) == drug_key:
                continue
            if generic_words & set(n.split()):  # store-brand generics: "Basic Care Lansoprazole"
                continue
            seen.add(n)
            out.append(name)
            if len(out) >= limit:
                break
        return out

    def generic_of(self, drug_key: str) -> str:
        info = self._drugs.get(drug_key)
        if info is None or not info.generic:
            return drug_key
        return info.generic.most_common(1)[0][0]

    def classes_of(self, drug_key: str) -> list[str]:
        info = self._drugs.get(drug_key)
        return sorted(info.classes) if info else []

    def is_english(self, word: str) -> bool:
        """An ordinary English word (word lists in ``data/``), in any case."""
        w = word.lower()
        return w in self.english or w in self.common

    def is_common_word(self, word: str) -> bool:
        return word.lower() in self.common


__all__ = [
    "DATA_DIR",
    "ClassMatch",
    "DrugMatch",
    "Kind",
    "NameEntry",
    "NameIndex",
    "Recognition",
    "drug_key_for",
    "entries_from_files",
    "fuzzy_threshold",
    "load_lay_classes",
    "load_synonyms",
    "sound_key",
]
