"""The NCI Dictionary of Cancer Terms as a second, clearly labelled source (never presented as FDA text).

Used where a drug has no label text loaded: "NCI describes inotuzumab ozogamicin as ...", cited to the
dictionary entry. Loaded from the bundled file once per process.
"""

from __future__ import annotations

import functools
import json
import lzma
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.conf import settings

from rxanswers.core.text import normalize_name
from rxanswers.drugs.naming import strip_salt

NCI_SOURCE_KEY = "nci_thesaurus_glossary"
NCI_SEARCH_URL = "https://www.cancer.gov/publications/dictionaries/cancer-terms/search?searchText={term}"
_DRUG_DEFINITION = re.compile(
    r"^(?:A|An)\s+(?:[\w-]+\s+){0,4}?(?:drug|medicine|vaccine|monoclonal antibody|antibody-drug conjugate|"
    r"cell therapy|gene therapy|hormone|antibiotic|antiviral|antifungal|chemotherapy|substance used to treat|"
    r"immunotherapy|inhibitor|kinase inhibitor|conjugate)\b",
    re.I,
)
_ALSO_CALLED = re.compile(r"Also called ([^.]+)\.")
# Scraping lost the spaces around italic words ("theBCR::ABL1,PDGFR, orc-KIToncogene"): split lower->Upper.
_GLUED = re.compile(r"(?<=[a-z])(?=[A-Z]{2,})|(?<=[A-Z0-9])(?=[a-z]{3,}\b)")
_GLUED_WORD = re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-z]{3,})")  # "theCannabis" -> "the Cannabis"


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    definition: str
    aliases: tuple[str, ...]

    @property
    def url(self) -> str:
        return NCI_SEARCH_URL.format(term=quote(self.term))

    @property
    def key(self) -> str:
        return strip_salt(self.term)


def _clean(text: str) -> str:
    text = " ".join(text.split())
    text = _GLUED.sub(" ", text) if re.search(r"[a-z][A-Z]{2,}", text) else text
    return _GLUED_WORD.sub(" ", text)


def nci_glossary_path() -> Path:
    """The bundled NCI Dictionary of Cancer Terms file."""
    return Path(settings.DATA_DIR) / "glossary" / "nci_dictionary_of_cancer_terms.json.xz"


@functools.lru_cache(maxsize=1)
def _nci_rows() -> tuple[dict, ...]:
    """The bundled NCI dictionary, decompressed and parsed once per process."""
    path = nci_glossary_path()
    if not path.exists():
        return ()
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        return tuple(json.load(fh))


@functools.lru_cache(maxsize=1)
def nci_drug_entries() -> dict[str, GlossaryEntry]:
    """Drug entries of the NCI dictionary by normalised name (term and every 'Also called' alias)."""
    return _nci_entries()[0]


@functools.lru_cache(maxsize=1)
def nci_term_entries() -> dict[str, GlossaryEntry]:
    """Every NCI entry by its normalised term (no aliases): substances that are not defined as drugs
    ("vitamin D: a nutrient ...", "marijuana: the dried leaves ...")."""
    return _nci_entries()[1]


@functools.lru_cache(maxsize=1)
def _nci_entries() -> tuple[dict[str, GlossaryEntry], dict[str, GlossaryEntry]]:
    """Both NCI tables, built from the bundled file once and kept between processes (``stored``)."""
    from rxanswers.answers import stored

    return stored.cached(
        "nci-entries",
        [nci_glossary_path(), Path(__file__).read_bytes()],
        lambda: (_drug_table(), _term_table()),
    )


def _drug_table() -> dict[str, GlossaryEntry]:
    by_name: dict[str, GlossaryEntry] = {}
    for row in _nci_rows():
        term, definition = row.get("term", "").strip(), row.get("plain_alternative", "").strip()
        if not term or not definition or not _DRUG_DEFINITION.search(definition):
            continue
        aliases = []
        for match in _ALSO_CALLED.finditer(definition):
            aliases += [
                a.strip() for a in re.split(r",\s*(?:and\s+)?|\s+and\s+", match.group(1)) if a.strip()
            ]
        entry = GlossaryEntry(term=term, definition=_clean(definition), aliases=tuple(aliases))
        for name in (term, *aliases):
            by_name.setdefault(normalize_name(name), entry)
    return by_name


def _term_table() -> dict[str, GlossaryEntry]:
    out: dict[str, GlossaryEntry] = {}
    for row in _nci_rows():
        term, definition = row.get("term", "").strip(), row.get("plain_alternative", "").strip()
        if term and definition:
            out.setdefault(
                normalize_name(term), GlossaryEntry(term=term, definition=_clean(definition), aliases=())
            )
    return out


def nci_entry(*names: str) -> GlossaryEntry | None:
    """The NCI entry for a recognised drug: a drug entry by term or alias, else any entry whose term is
    exactly the drug's name (the question already named it as a medicine or supplement)."""
    entries = nci_drug_entries()
    for name in names:
        if not name:
            continue
        for candidate in (normalize_name(name), strip_salt(name)):
            if candidate in entries:
                return entries[candidate]
    terms = nci_term_entries()
    for name in names:
        if name and normalize_name(name) in terms:
            return terms[normalize_name(name)]
    return None


def first_sentences(text: str, limit: int = 2) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text)
    return [p.strip() for p in parts if p.strip()][:limit]


@functools.lru_cache(maxsize=1)
def medical_terms() -> tuple[str, ...]:
    """Condition and body words (NCI non-drug terms + the lay glossary), squashed: "hypo pigmentation" and
    "hypopigmentation" are the same key. Used to stop a brand name that is also a condition word
    ("Hyperpigmentation" creams) from being read as a drug in a question about the condition."""
    from rxanswers.answers.lay import load_lay_terms

    drugs = {normalize_name(e.term) for e in nci_drug_entries().values()}
    terms: set[str] = set()
    for row in _nci_rows():
        term = normalize_name(row.get("term", ""))
        if term and term not in drugs and len(term) >= 6:
            terms.add(term.replace(" ", ""))
    terms |= {normalize_name(t.term).replace(" ", "") for t in load_lay_terms() if len(t.term) >= 6}
    return tuple(sorted(terms))


def nearest_medical_term(text: str, cutoff: float = 88.0) -> str | None:
    """The medical-vocabulary term ``text`` spells (exactly or nearly), if any."""
    from rapidfuzz import fuzz, process

    key = normalize_name(text).replace(" ", "")
    if not key or len(key) < 6:
        return None
    found = process.extractOne(key, medical_terms(), scorer=fuzz.ratio, score_cutoff=cutoff)
    return found[0] if found is not None else None


def is_medical_term(text: str, cutoff: float = 88.0) -> bool:
    return nearest_medical_term(text, cutoff) is not None
