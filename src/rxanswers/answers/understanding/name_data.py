"""Names data shared by the recogniser and the dictionary builder: the entry and match types, word lists
(``data/``: English words, everyday and common words, consumer synonyms, lay drug classes) and the fuzzy-match
thresholds. Pure Python, no database."""

from __future__ import annotations

import json
import lzma
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from .text import normalise

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


@lru_cache(maxsize=1)
def pathogens() -> tuple[str, ...]:
    """Germs that label indications name ("escherichia coli"; ``data/pathogens.txt``, derived by ``build_data.py
    pathogens``), lowercased. Validated when loaded: a capitalised genus and a species word per line."""
    path = DATA_DIR / "pathogens.txt"
    found = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if not re.fullmatch(r"[A-Z][a-z]{3,} [a-z]{4,}", line.strip()):
            raise ValueError(f"{path.name} line {n}: {line!r} is not a genus and species")
        found.append(line.strip().lower())
    return tuple(found)


def pathogen_genera() -> frozenset[str]:
    return frozenset(g.split()[0] for g in pathogens())


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
    """Medical terms of the shipped lay glossary (``answers/lay/lay_terms.tsv``) and their plain wording, and
    the words people use for conditions and effects (``answers/resources/consumer_terms.tsv``: "jock itch",
    "athletes foot"), so a product named after one is not read as that product, and the words of germs' names."""
    from rxanswers.answers.lay import load_lay_terms

    lay = {normalise(n) for row in load_lay_terms() if row.kind != "other" for n in (row.term, row.plain)}
    germ_words = {w for germ in pathogens() for w in germ.split()}  # "Serratia" is no misspelt "swertia"
    return frozenset(n for n in lay | _consumer_condition_words() | germ_words if n)


def _consumer_condition_words() -> set[str]:
    """The consumer wordings of conditions and effects (not populations, routes or kinds of medicine)."""
    from rxanswers.answers.consumer_terms import consumer_terms

    return {normalise(said) for said, row in consumer_terms().by_said.items() if row.kind != "other"}


@lru_cache(maxsize=1)
def load_synonyms() -> dict:
    return json.loads((DATA_DIR / "consumer_synonyms.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def load_lay_classes() -> dict:
    return json.loads((DATA_DIR / "lay_classes.json").read_text(encoding="utf-8"))


def lay_class(name: str) -> dict:
    """The row of ``lay_classes.json`` for a lay class name ({} when none)."""
    return next((c for c in load_lay_classes()["classes"] if c["name"] == name), {})
