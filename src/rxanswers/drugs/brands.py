"""Which of a drug's product names are brand names a reader should see on its page (``not_brand_names``).

Sources list as "brand" many names that are not: the generic itself or a misspelling of it, another drug's
generic name, a kit's or a panel's name, and the descriptive names of store-brand over-the-counter products
("8 hour pain relief", "Topcare Pain Relief"). The rules are general (no per-drug list); the names stay in the
name dictionary, so they are still found by search; only the page's brand list skips them.
"""

from __future__ import annotations

import pickle
import re
import threading
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max

from rxanswers.core.text import normalize_name
from rxanswers.drugs.models import Drug, DrugName, NdcProduct

# A word of an over-the-counter product name is an everyday word when it is an English word ("pain", "relief",
# "infants", "cherry"), a number or a unit ("8", "hr"), or a store's product line: a word the NDC directory uses in
# the OTC product names of at least this many different medicines ("Topcare", "Sunmark", "CVS"). A real brand
# ("Tylenol", "Advil", "Mapap") is a coined word that names few medicines.
EVERYDAY_DRUGS = 20
# The English words come from the SCOWL list (size 50, via Debian wamerican) that question understanding ships and
# loads; drugs/ may not import answers/ (imports point down the layers), so the answers app registers that loader
# here when Django starts (``use_english_words`` in ``answers/apps.py``).
_ENGLISH_LOADER: list[Callable[[], frozenset[str]]] = []
_WORD = re.compile(r"[a-z0-9]+")
_LOCK = threading.Lock()
_HELD: dict[str, object] = {}


def not_brand_names(
    brands: set[str],
    generic_keys: set[str],
    drug: Drug,
    sources: dict[str, set[str]] | None = None,
    products: list[tuple[str, str, str]] | None = None,
) -> set[str]:
    """The normalized names among ``brands`` that are not brand names of ``drug``:

    - the generic name itself or a misspelling of it ("Fuosemide", "Metformin Hydrochoride"), a store brand or
      salt form named after it ("CVS Ibuprofen", "Metformin HCl ER");
    - another drug's generic name ("Dapagliflozin" under metformin, from a combination product);
    - a kit's name: listed under three or more ingredients, or, when only the NDC directory names it, every NDC
      product of the drug that carries it is a kit ("... Medicated Collection System");
    - a descriptive over-the-counter name: only the NDC directory names it, on an OTC product (or on none
      left in the directory loaded), and every word
      of it is an everyday word of product names (``everyday_words``): "8 hour pain relief", "Topcare Pain
      Relief". A name with one word of its own ("Mapap Arthritis Pain") stays.

    ``sources``: normalized name -> keys of the data sources that list it (names only an NDC listing gives are
    the ones the kit and description rules look at). ``products``: (proprietary name, dosage form, product type)
    of the drug's NDC products, when the caller has read them."""
    from rapidfuzz import fuzz

    words = {w for key in generic_keys for w in re.split(r"[\s/-]+", key) if len(w) >= 5}
    out = {
        name
        for name in brands
        if any(w in re.split(r"[\s/-]+", name) for w in words)
        or any(fuzz.ratio(part, w) >= 85 for part in re.split(r"[\s/-]+", name) for w in words)
    }
    others = DrugName.objects.filter(kind="generic", normalized__in=list(brands - out)).exclude(drug=drug)
    out |= set(others.values_list("normalized", flat=True))
    kits = (  # a name listed for three or more ingredients is a kit or panel
        DrugName.objects.filter(kind="brand", normalized__in=list(brands - out))
        .values("normalized")
        .annotate(drugs=Count("drug", distinct=True))
        .filter(drugs__gte=3)
    )
    out |= {row["normalized"] for row in kits}
    if sources is not None:
        out |= _ndc_only_non_brands(brands - out, drug, sources, products)
    return out


def _ndc_only_non_brands(
    brands: set[str], drug: Drug, sources: dict[str, set[str]], products: list[tuple[str, str, str]] | None
) -> set[str]:
    ndc_only = {name for name in brands if sources.get(name) == {"ndc"}}
    if not ndc_only:
        return set()
    forms: dict[str, set[str]] = defaultdict(set)
    types: dict[str, set[str]] = defaultdict(set)
    if products is None:
        products = list(
            NdcProduct.objects.filter(drug=drug).values_list(
                "proprietary_name", "dosage_form", "product_type"
            )
        )
    keys = {name: normalize_name(name) for name in {p[0] for p in products}}
    for name, form, product_type in products:
        key = keys[name]
        if key in ndc_only:
            forms[key].add(form.upper())
            types[key].add(product_type.upper())
    kits = {name for name in ndc_only if forms.get(name) == {"KIT"}}
    # on an OTC product, or on none left in the directory loaded (an older listing named it): the words decide
    otc = {name for name in ndc_only - kits if not types.get(name) or any("OTC" in t for t in types[name])}
    everyday = everyday_words() if otc else frozenset()
    descriptive = {name for name in otc if all(_everyday(w, everyday) for w in _WORD.findall(name))}
    return kits | descriptive


def _everyday(word: str, everyday: frozenset[str]) -> bool:
    if len(word) <= 2 or any(c.isdigit() for c in word) or word in everyday:
        return True
    # plurals and agent nouns of English words: "reliefs", "reducer" (reduce), "cleanser" (cleanse)
    return (word.endswith("s") and word[:-1] in everyday) or (word.endswith("er") and word[:-1] in everyday)


def use_english_words(loader: Callable[[], frozenset[str]]) -> None:
    """Register the loader of the English word list (lowercase words; called once, only when first needed)."""
    _ENGLISH_LOADER[:] = [loader]
    _HELD.pop("english", None)
    _HELD.pop("key", None)


def english_words() -> frozenset[str]:
    """The English word list (lowercase), from the registered loader; empty when none is registered (then only
    store lines count)."""
    held = _HELD.get("english")
    if held is None:
        held = _ENGLISH_LOADER[0]() if _ENGLISH_LOADER else frozenset()
        _HELD["english"] = held
    return held


def everyday_words() -> frozenset[str]:
    """English words and the store-line words of OTC product names in the NDC directory (the latter counted once
    per NDC data, kept in memory and under ``var/cache/``; a new NDC ingest makes a new set)."""
    from rxanswers.core.models import IngestRun

    # primary-key maxima only (a COUNT scans the table): a new NDC ingest adds or updates rows in a new run
    stamp = (
        NdcProduct.objects.aggregate(last=Max("id"))["last"],
        IngestRun.objects.aggregate(last=Max("id"))["last"],
    )
    key = f"{settings.DATABASES['default']['NAME']}:{stamp}:{EVERYDAY_DRUGS}"
    with _LOCK:
        if _HELD.get("key") == key:
            return _HELD["words"]
        import hashlib

        path = (
            Path(settings.VAR_DIR)
            / "cache"
            / f"everyday-words-{hashlib.sha256(key.encode()).hexdigest()[:16]}.pickle"
        )
        words = None
        try:
            words = pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError):
            pass
        if not isinstance(words, frozenset):
            words = _count_everyday_words()
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(pickle.dumps(words))
            except OSError:
                pass  # a read-only var/: counted again by the next process
        words = words | english_words()
        _HELD.update(key=key, words=words)
        return words


def _count_everyday_words() -> frozenset[str]:
    """Store-line words: used in the OTC product names of at least ``EVERYDAY_DRUGS`` medicines."""
    drugs: dict[str, set[int]] = defaultdict(set)
    rows = NdcProduct.objects.filter(product_type__icontains="OTC", drug__isnull=False).exclude(
        proprietary_name=""
    )
    for name, drug_id in rows.values_list("proprietary_name", "drug_id").iterator(chunk_size=5000):
        for word in set(_WORD.findall(name.lower())):
            drugs[word].add(drug_id)
    return frozenset(w for w, ids in drugs.items() if len(ids) >= EVERYDAY_DRUGS)
