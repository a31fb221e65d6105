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

import bisect
import csv
import io
import json
import lzma
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from rapidfuzz import fuzz, process

from .text import FORM_WORDS, SALT_WORDS, normalise, squash, strip_salts, tokenise

Kind = Literal["generic", "brand", "synonym", "class", "term"]

DATA_DIR = Path(__file__).with_name("data")

# kind preference when one name maps to several targets
_KIND_RANK = {"generic": 3, "synonym": 2, "brand": 1, "class": 0}
_JOINERS = frozenset({"and", "with", "plus", "w"})
_DOSE_WORDS = frozenset({"dose", "doses", "dosage", "dosing", "dosed"})


@dataclass(frozen=True, slots=True)
class NameEntry:
    """One name in the dictionary. ``drug_key``: normalised generic (salt-free, ingredients sorted,
    joined with " / "); for ``kind == "class"`` ``name`` is a pharmacologic class and ``drug_key``
    one of its member drugs."""

    name: str
    drug_key: str
    generic: str
    kind: Kind
    source: str


@dataclass(slots=True)
class DrugMatch:
    matched: str  # exactly as written in the question
    drug_key: str
    generic: str
    brands: list[str]
    confidence: float
    start: int
    end: int
    kind: Kind
    method: str = "exact"  # exact | squashed | alias | fuzzy | combination
    components: list[str] = field(default_factory=list)  # drug keys of a combination's ingredients
    classes: list[str] = field(default_factory=list)  # EPC names of the drug


@dataclass(slots=True)
class ClassMatch:
    matched: str
    name: str  # lay name, e.g. "statin"
    classes: list[str]  # FDA EPC names, e.g. ["HMG-CoA Reductase Inhibitor"]
    start: int
    end: int
    members: list[str] = field(default_factory=list)  # drug keys in the index, most common first
    confidence: float = 1.0


@dataclass(slots=True)
class Recognition:
    drugs: list[DrugMatch] = field(default_factory=list)
    classes: list[ClassMatch] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    needs_clarification: bool = False
    unknown: list[str] = field(default_factory=list)  # name-like words that matched nothing

    @property
    def primary(self) -> DrugMatch | None:
        if not self.drugs:
            return None
        return max(self.drugs, key=lambda d: (d.confidence, -d.start))


BRAND_FUZZY_PENALTY = 4.0


_VOWELS = re.compile(r"[aeiouy]+")


def sound_key(word: str) -> str:
    """A crude English sound key for drug names: "xanex", "zanax" and "xanax" -> "sanaks"; "plavics" and
    "plavix" -> "plavaks"; "lasiks" and "lasix" -> "lasaks". Spelling variants of one sound (x/ks/cs, c/k/s,
    z/s, ph/f) and of vowels collapse; consonant order is kept."""
    w = word.lower()
    if w.startswith("x"):
        w = "z" + w[1:]
    w = w.replace("ph", "f").replace("qu", "kw").replace("ck", "k").replace("x", "ks").replace("cs", "ks")
    w = re.sub(r"c(?=[eiy])", "s", w).replace("c", "k").replace("q", "k").replace("z", "s")
    w = _VOWELS.sub("a", w)
    return re.sub(r"(.)\1+", r"\1", w)


def fuzzy_threshold(length: int) -> float:
    """Minimum fuzz.ratio for a fuzzy match of a query of ``length`` characters (tuned on RedMed
    misspellings vs. everyday words; see docs/understanding.md)."""
    if length < 5:
        return 101.0  # never
    if length <= 6:
        return 83.0
    if length <= 8:
        return 80.0
    return 76.0


@dataclass(slots=True)
class _DrugInfo:
    generic: Counter = field(default_factory=Counter)
    brands: Counter = field(default_factory=Counter)
    classes: set = field(default_factory=set)
    sources: set = field(default_factory=set)
    names: int = 0


@dataclass(slots=True)
class _Target:
    drug_key: str
    kind: Kind
    display: str


@lru_cache(maxsize=1)
def _load_words() -> tuple[frozenset[str], frozenset[str]]:
    def read(name: str) -> set[str]:
        path = DATA_DIR / name
        if not path.exists():
            return set()
        return {
            w.lower()
            for line in path.read_text(encoding="utf-8").splitlines()
            if not line.startswith("#")
            for w in line.split()
        }

    everyday = frozenset(read("everyday_words.txt"))
    common = frozenset(read("common_words.txt") | everyday)
    return everyday, common


# Function words never take part in joining question words into one name ("a cure" is not "Acure").
FUNCTION_WORDS = frozenset(
    """a an the my your his her its our their i me you he she it we they is are was were be am to of in on
    at by for with and or but if so as no not new after before this that these those some any all""".split()
)


@lru_cache(maxsize=1)
def _english_words() -> tuple[frozenset[str], frozenset[str]]:
    """SCOWL English words (``data/english_words.txt.xz``) and capitalised names of people and places
    (``data/english_proper_nouns.txt.xz``), lowercased."""

    def read(name: str) -> frozenset[str]:
        path = DATA_DIR / name
        if not path.exists():
            return frozenset()
        with lzma.open(path, "rt", encoding="utf-8") as fh:
            return frozenset(line.strip() for line in fh if line.strip() and not line.startswith("#"))

    return read("english_words.txt.xz"), read("english_proper_nouns.txt.xz")


_DISEASE_SUFFIXES = (
    "itis",
    "algia",
    "emia",
    "aemia",
    "penia",
    "pathy",
    "plasia",
    "rrhea",
    "rrhoea",
    "cytosis",
)


@lru_cache(maxsize=1)
def _lay_medical_terms() -> frozenset[str]:
    """Medical terms of the shipped lay glossary (``answers/lay/lay_terms.tsv``) and their plain wording."""
    from rxanswers.answers.lay import load_lay_terms

    return frozenset(
        n
        for row in load_lay_terms()
        if row.kind != "other"
        for n in (normalise(row.term), normalise(row.plain))
        if n
    )


@lru_cache(maxsize=1)
def load_synonyms() -> dict:
    return json.loads((DATA_DIR / "consumer_synonyms.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def load_lay_classes() -> dict:
    return json.loads((DATA_DIR / "lay_classes.json").read_text(encoding="utf-8"))


class NameIndex:
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
    ) -> NameIndex:
        self = cls()
        everyday, common = _load_words()
        if everyday_words is not None:
            everyday = frozenset(w.lower() for w in everyday_words)
        if common_words is not None:
            common = frozenset(w.lower() for w in common_words) | everyday
        self.everyday, self.common = everyday, common

        raw: dict[str, dict[tuple[str, str], str]] = defaultdict(dict)
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
                continue  # "Inflammation Relief ...", "Midnight ...", "California ...": not a drug by themselves
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
        if process.extractOne(word, self._lay_terms(), scorer=fuzz.ratio, score_cutoff=85) is not None:
            return None
        return name

    def _lay_terms(self) -> list[str]:
        if self._lay_list is None:
            self._lay_list = list(self._lay)
        return self._lay_list

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
                fuzzy_hits = self._best_fuzzy(w, thr)
                for name, score in fuzzy_hits:
                    if self._vocab_score(w) < score:
                        candidates.append((score, i, i + 1, name))
                sound = self._by_sound(w) if not fuzzy_hits and len(w) >= 5 else None
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
        if not drugs:
            for w in unknown_words[:3]:
                for s in self.suggest(w, limit=3):
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
                between = normalise(question[d.end : e.start])
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
                if (
                    combo
                    and not both_brands
                    and not taken_with
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


# ---------------------------------------------------------------------- dictionary from bundled files
# An NCI definition that mentions any of these describes something one can take or be given, or a
# brand: such a term is never used as medical vocabulary that blocks a product name.
_NCI_SUBSTANCE = re.compile(
    r"\b(drugs?|medicines?|medications?|brand|substances?|vaccines?|antibod\w*|compounds?|chemicals?|products?|"
    r"used to treat|supplements?|therap\w*|regimens?|combinations?|minerals?|vitamins?|nutrients?|agents?|"
    r"sugars?|solutions?|bacteria|fluids?|gases|gas|mixtures?|formula|oxygen|hormones?|proteins?|enzymes?|"
    r"inhibitors?|extracts?|plants?|herbs?|foods?|oils?)\b",
    re.I,
)
_NCI_DRUG_START = re.compile(
    r"^(?:A|An|The)\s+(?:[\w,-]+\s+){0,4}?(?:drugs?|medicines?|vaccines?|nutrients?|vitamins?|minerals?|hormones?|"
    r"monoclonal antibody|substance|chemical|antibiotic|antiviral|supplements?|herbs?|plant|dried leaves)\b(?!-)",
    re.I,
)
# first sentences that describe body chemistry, conditions or tests rather than something one takes
_NCI_NOT_DRUG = re.compile(
    r"^(?:A|An|The)\s+(?:condition|disease|disorder|procedure|test|gene|protein|enzyme|cell|type of cancer|"
    r"branch of medicine|field of medicine|(?:medical )?specialty|specialist|doctor|physician|organism|"
    r"measure|method|group of (?:cells|diseases|symptoms))\b|"
    r"^(?:A|An|Any)\s+(?:of a )?(?:type|class|kind|group|family) of (?:drugs?|medicines?|substances?)\b|"
    r"^A (?:drug|substance) or other\b|\b(?:made|produced|found|released) (?:by|in) (?:the )?"
    r"(?:body|cells|tumor|immune|blood|liver)|\bin the body\b|\bprotein\b|\bwhen the body\b|\bbreaks? down\b",
    re.I,
)
_ALSO_CALLED = re.compile(r"Also called ([^.]+)\.")


def _split_ingredients(text: str) -> list[str]:
    parts = re.split(r";|,\s*and\s+|\s+and\s+|,", text)
    return [p.strip() for p in parts if p.strip()]


def drug_key_for(ingredients: Iterable[str]) -> str:
    """Normalised generic: lowercase, salt-stripped, ingredients sorted and joined with " / "."""
    keys = sorted({strip_salts(i) for i in ingredients if normalise(i)})
    return " / ".join(keys)


def _acid_synonyms(key: str) -> list[str]:
    """Chemical naming equivalence: "valproate" <-> "valproic acid", "clavulanate" <-> "clavulanic acid"."""
    if " " not in key and key.endswith("ate") and len(key) > 6:
        return [key[:-3] + "ic acid"]
    if key.endswith("ic acid") and key.count(" ") == 1:
        return [key[: -len("ic acid")] + "ate"]
    return []


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".xz":
        return lzma.open(path, "rt", encoding="utf-8", errors="replace")
    return path.open(encoding="utf-8", errors="replace")


def _find(base: Path, name: str) -> Path | None:
    for cand in (base / name, base / (name + ".xz")):
        if cand.exists():
            return cand
    return None


def entries_from_files(data_dir: str | Path) -> list[NameEntry]:
    """Build the name dictionary from the bundled FDA NDC products, Drugs@FDA Products and the NCI
    Dictionary of Cancer Terms (drug entries and their "Also called" names). Deduplicated."""
    base = Path(data_dir)
    seen: set[tuple[str, str, str, str]] = set()
    out: list[NameEntry] = []

    def add(name: str, key: str, generic: str, kind: Kind, source: str) -> None:
        name = " ".join(name.split())
        if not name or not key:
            return
        sig = (name.lower(), key, kind, source)
        if sig in seen:
            return
        seen.add(sig)
        out.append(NameEntry(name, key, generic, kind, source))

    def add_product(
        brand: str, generic_name: str, ingredients: list[str], source: str, epcs: list[str]
    ) -> None:
        ingredients = [i for i in ingredients if normalise(i)]
        if not ingredients:
            return
        key = drug_key_for(ingredients)
        generic_disp = " ".join(generic_name.split()) or " and ".join(ingredients)
        ing_words = {w for i in ingredients for w in normalise(i).split() if w not in SALT_WORDS}
        disp_words = set(normalise(generic_disp).split())
        if ing_words <= disp_words:
            add(generic_disp, key, generic_disp, "generic", source)
        else:  # labeler put a brand or an abbreviation in the generic field ("LYRICA", "AMOXICILLIN CLAV/POT")
            add(generic_disp, key, generic_disp, "synonym" if ing_words & disp_words else "brand", source)
            generic_disp = " and ".join(i.lower() for i in ingredients)
        stripped = strip_salts(generic_disp)
        if stripped != normalise(generic_disp):
            add(stripped, key, generic_disp, "generic", source)
        comps = key.split(" / ")
        if len(comps) > 1:
            add(" and ".join(comps), key, generic_disp, "generic", source)
        for ing in ingredients:
            ik = strip_salts(ing)
            add(ing.title() if ing.isupper() else ing, ik, ing.lower(), "generic", source)
            add(ik, ik, ing.lower(), "generic", source)
            for syn in _acid_synonyms(ik):
                add(syn, ik, ing.lower(), "synonym", source + ":rule")
        b = normalise(brand)
        if b and b not in (normalise(generic_disp), stripped, key, *(normalise(i) for i in ingredients)):
            add(brand, key, generic_disp, "brand", source)
        for epc in epcs:
            add(epc, key, generic_disp, "class", source + ":epc")

    ndc = _find(base / "ndc_directory", "product.txt")
    if ndc:
        with _open_text(ndc) as fh:
            reader = csv.reader(fh, delimiter="\t")
            header = next(reader)
            col = {name: i for i, name in enumerate(header)}
            c_type, c_prop, c_non = col["PRODUCTTYPENAME"], col["PROPRIETARYNAME"], col["NONPROPRIETARYNAME"]
            c_sub, c_cls = col["SUBSTANCENAME"], col["PHARM_CLASSES"]
            c_cat = col["MARKETINGCATEGORYNAME"]
            done: set[tuple[str, ...]] = set()
            for row in reader:
                if len(row) <= c_cls or "ALLERGENIC" in row[c_type]:
                    continue
                sig = (row[c_prop], row[c_non], row[c_sub], row[c_cls], row[c_cat])
                if sig in done:
                    continue
                done.add(sig)
                subs = row[c_sub].split(";")
                nonprop = row[c_non]
                if not any(s.strip() for s in subs):
                    subs = _split_ingredients(nonprop)
                epcs = [p.strip()[:-6].strip() for p in row[c_cls].split(",") if p.strip().endswith("[EPC]")]
                # homeopathic "brand" and non-proprietary names are mostly symptom words ("Strep Throat",
                # "Sinus", "Poison ivy"): not names; only their substances are
                homeopathic = "HOMEOPATHIC" in row[c_cat]
                brand = "" if homeopathic else row[c_prop]
                add_product(brand, "" if homeopathic else nonprop, [s.strip() for s in subs], "ndc", epcs)

    fda = _find(base / "drugsatfda", "Products.txt")
    if fda:
        with _open_text(fda) as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                ai = row.get("ActiveIngredient") or ""
                ings = [s.strip() for s in ai.split(";") if s.strip()]
                add_product(
                    row.get("DrugName") or "", " and ".join(i.lower() for i in ings), ings, "drugsatfda", []
                )

    cdc = _find(base / "glossary", "cdc_plain_language_thesaurus.json")
    if cdc:
        with _open_text(cdc) as fh:
            for item in json.load(fh):
                if item.get("term", "").strip():
                    out.append(NameEntry(item["term"].strip(), "", "", "term", "cdc"))

    nci = _find(base / "glossary", "nci_dictionary_of_cancer_terms.json")
    if nci:
        with _open_text(nci) as fh:
            terms = json.load(fh)
        known = {e.drug_key for e in out if e.kind == "generic"}
        brand_keys: dict[str, str] = {}
        for e in out:
            if e.kind == "brand":
                brand_keys.setdefault(normalise(e.name), e.drug_key)
        for item in terms:
            term = item.get("term", "").strip()
            definition = item.get("plain_alternative", "")
            first = definition.split(". ")[0]
            is_drug = bool(_NCI_DRUG_START.match(first)) and not _NCI_NOT_DRUG.search(first)
            named = normalise(term) in brand_keys or strip_salts(term) in known  # "Botox" stays a name
            if term and (not _NCI_SUBSTANCE.search(definition) or not (is_drug or named)):
                # a condition/anatomy/procedure word, or body chemistry NCI does not describe as something one
                # takes ("creatinine", "bilirubin"): medical vocabulary, never fuzzy-matched to a drug name
                out.append(NameEntry(term, "", "", "term", "nci"))
            if not term or not _NCI_DRUG_START.match(first) or _NCI_NOT_DRUG.search(first):
                continue
            names = [term]
            m = _ALSO_CALLED.search(definition)
            if m:
                also = re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group(1))
                names += [a.strip() for a in also if a.strip() and len(a.strip()) <= 60]
            key = ""
            for nm in names:  # prefer a name FDA already knows as a generic, then as a brand
                k = strip_salts(nm)
                if k in known:
                    key = k
                    break
            if not key:
                key = next((brand_keys[normalise(nm)] for nm in names if normalise(nm) in brand_keys), "")
            if not key:
                key = strip_salts(term)
            for nm in names:
                nn = normalise(nm)
                if not nn:
                    continue
                if nn in brand_keys:
                    kind: Kind = "brand"
                elif strip_salts(nm) == key:
                    kind = "generic"
                elif nm[:1].isupper() and not nm.isupper() and " " not in nm and nm[1:].islower():
                    kind = "brand"
                else:
                    kind = "synonym"
                add(nm, key, key, kind, "nci")
    return _canonicalise_keys(out)


def _canonicalise_keys(entries: list[NameEntry]) -> list[NameEntry]:
    """Merge keys that name the same moiety as acid and as anion ("clavulanic acid" / "clavulanate"):
    the form with more names wins. Applied inside combination keys too."""
    counts: Counter[str] = Counter(e.drug_key for e in entries if " / " not in e.drug_key)
    remap: dict[str, str] = {}
    for key in counts:
        for alt in _acid_synonyms(key):
            if alt in counts and key not in remap and alt not in remap:
                winner, loser = (key, alt) if counts[key] >= counts[alt] else (alt, key)
                remap[loser] = winner
    if not remap:
        return entries

    def fix(key: str) -> str:
        if " / " not in key:
            return remap.get(key, key)
        return " / ".join(sorted({remap.get(p, p) for p in key.split(" / ")}))

    out: list[NameEntry] = []
    seen: set[tuple[str, str, str, str]] = set()
    for e in entries:
        k = fix(e.drug_key)
        sig = (e.name.lower(), k, e.kind, e.source)
        if sig in seen:
            continue
        seen.add(sig)
        out.append(e if k == e.drug_key else NameEntry(e.name, k, e.generic, e.kind, e.source))
    return out
