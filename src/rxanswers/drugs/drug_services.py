"""Drugs, their names and pharmacologic classes, and their links to label versions.

``DrugRegistry`` (one per ingest run, ``registry_for``) finds or creates the drug of a list of active ingredients
and is shared by every applier; ``label_records_apply`` is the applier of the label readers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from rxanswers.core.drugnames import FORM_WORDS, SALT_WORDS
from rxanswers.core.models import DataSource, IngestRun
from rxanswers.core.text import normalize_name, slugify
from rxanswers.drugs.models import Drug, DrugClass, DrugLabel, DrugName, PharmClass
from rxanswers.drugs.naming import display_name, ingredients_key, split_ingredients
from rxanswers.labels.models import LabelVersion
from rxanswers.sources.records import LabelRecord

# Products with more ingredients than this (homeopathic mixtures, multi-vitamin kits) get no drug page.
MAX_INGREDIENTS_FOR_DRUG = 4


class DrugRegistry:
    """Per-batch cache of drugs by key and of pharmacologic classes; creates what is missing."""

    def __init__(self) -> None:
        self._by_key: dict[str, int] = {}
        self._classes: dict[tuple[str, str], int] = {}

    def drug_id(self, ingredients: Iterable[str], *, resolve: bool = False) -> int | None:
        """The drug of these active ingredients, created when missing. ``resolve``: the names come from a
        label's free-text generic name ("Ibutilide Injection", "olmesartan hydrochlorothiazide"); before a new
        drug is created, the drug they most likely name is looked for (``resolved_ingredients``)."""
        names = [i for i in ingredients if i and i.strip()]
        if not names or len(names) > MAX_INGREDIENTS_FOR_DRUG:
            return None
        key, cleaned = ingredients_key(names)
        if not key or len(key) > 500:
            return None
        if key in self._by_key:
            return self._by_key[key]
        drug = Drug.objects.filter(key=key).only("id").first()
        if drug is None and resolve:
            resolved = resolved_ingredients(cleaned)
            if resolved is not None:
                return self.drug_id(resolved)
        if drug is None:
            drug = Drug.objects.create(
                key=key,
                slug=_unique_slug(key),
                name=display_name(cleaned),
                ingredients=cleaned,
                is_combination=len(cleaned) > 1,
            )
        self._by_key[key] = drug.id
        return drug.id

    def class_id(self, name: str, kind: str) -> int:
        cache_key = (name, kind)
        if cache_key not in self._classes:
            pharm_class, _ = PharmClass.objects.get_or_create(
                name=name[:300], kind=kind, defaults={"slug": slugify(f"{name}-{kind}", 300)}
            )
            self._classes[cache_key] = pharm_class.id
        return self._classes[cache_key]


_DOSE_WORDS = re.compile(r"^(?:\d[\w.]*|mg|mcg|ml|for|usp|to|and)$")


def _misspelt(word: str, vocabulary: frozenset[str]) -> bool:
    """A word of six letters or more one or two letters away from a word of ``vocabulary``."""
    return (
        len(word) >= 6
        and process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=88) is not None
    )


def _form_or_dose(word: str) -> bool:
    return word in FORM_WORDS or bool(_DOSE_WORDS.match(word)) or _misspelt(word, FORM_WORDS)


def _known(key: str) -> bool:
    return Drug.objects.filter(key=key).exists()


def resolved_ingredients(ingredients: list[str]) -> list[str] | None:
    """The existing drug a label's free-text ingredient names stand for, or None: dosage-form and strength
    words dropped ("ibutilide injection" -> ibutilide, "capsaicin patch 8" -> capsaicin), a misspelt salt
    word dropped ("amiloride hydrocloride" -> amiloride), and a name made of known drugs split into them
    ("olmesartan hydrochlorothiazide" -> olmesartan / hydrochlorothiazide). Only an existing drug is named."""
    out: list[str] = []
    for ingredient in ingredients:
        words = [w for w in ingredient.split() if not _form_or_dose(w)]
        while len(words) > 1 and words[-1] not in SALT_WORDS and _misspelt(words[-1], SALT_WORDS):
            words = words[:-1]  # "hydrocloride": a salt word misspelt
        name = " ".join(words)
        if name and name != ingredient and _known(name):
            out.append(name)
        elif len(words) > 1 and (_known(" / ".join(sorted(words))) or all(_known(w) for w in words)):
            out.extend(words)  # "olmesartan hydrochlorothiazide": two drugs without "and"
        elif name and _known(name):
            out.append(name)
        else:
            return None
    resolved = sorted(set(out))
    return resolved if resolved and resolved != sorted(ingredients) else None


def registry_for(run: IngestRun) -> DrugRegistry:
    """One registry per ingest run (cached on the run object), so batches share the drug cache."""
    registry = getattr(run, "_drug_registry", None)
    if registry is None:
        registry = run._drug_registry = DrugRegistry()
    return registry


def _unique_slug(key: str) -> str:
    base = slugify(key.replace(" / ", " and "))
    slug, n = base, 2
    while Drug.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def bulk_create_counted(model, objects: list, **options) -> int:
    """``model.objects.bulk_create(objects, **options)``; returns how many rows are new (rows that update or
    ignore a conflict are not counted: the table's size before and after)."""
    before = model.objects.count()
    model.objects.bulk_create(objects, **options)
    return model.objects.count() - before


def name_values(drug_id: int, names: Iterable[tuple[str, str]], source: DataSource) -> list[dict]:
    """``DrugName`` rows as plain values (for ``core.bulk.insert_rows``); empty and over-long names are left out."""
    rows = []
    for name, kind in names:
        clean = " ".join((name or "").split())
        if not clean or len(clean) > 200:
            continue
        rows.append(
            {
                "drug_id": drug_id,
                "name": clean,
                "normalized": normalize_name(clean)[:500],
                "kind": kind,
                "source_id": source.pk,
            }
        )
    return rows


def class_values(
    registry: DrugRegistry, drug_id: int, classes: dict[str, list[str]], source: DataSource
) -> list[dict]:
    """``DrugClass`` rows as plain values: the drug's FDA established pharmacologic class, mechanism,
    physiologic effect and chemical structure classes."""
    return [
        {"drug_id": drug_id, "pharm_class_id": registry.class_id(name, kind), "source_id": source.pk}
        for kind, names in (classes or {}).items()
        if kind in {"epc", "moa", "pe", "cs"}
        for name in names
        if name
    ]


def _name_rows(drug_id: int, names: Iterable[tuple[str, str]], source: DataSource) -> list[DrugName]:
    return [DrugName(**row) for row in name_values(drug_id, names, source)]


def _class_rows(
    registry: DrugRegistry, drug_id: int, classes: dict[str, list[str]], source: DataSource
) -> list[DrugClass]:
    return [DrugClass(**row) for row in class_values(registry, drug_id, classes, source)]


def label_ingredients(record: LabelRecord | LabelVersion) -> list[str]:
    """Active ingredients of a label: substance names when given, else the generic name split."""
    if record.substance_names:
        return list(record.substance_names)
    for generic in record.generic_names:
        return split_ingredients(generic)
    return []


def drugs_link_label_versions(*, versions: list[LabelVersion], source: DataSource) -> None:
    """Attach label versions to drugs (creating drugs as needed) with their names and classes."""
    registry = DrugRegistry()
    links, names, classes = [], [], []
    for version in versions:
        drug_id = registry.drug_id(label_ingredients(version), resolve=True)
        if drug_id is None:
            continue
        links.append(DrugLabel(drug_id=drug_id, label_id=version.label_id))
        names += _name_rows(
            drug_id,
            [(n, DrugName.Kind.GENERIC) for n in version.generic_names]
            + [
                (n, DrugName.Kind.BRAND)
                for n in version.brand_names
                if n.lower() not in {g.lower() for g in version.generic_names}
            ],
            source,
        )
        classes += _class_rows(registry, drug_id, version.pharm_classes, source)
    DrugLabel.objects.bulk_create(links, ignore_conflicts=True)
    DrugName.objects.bulk_create(names, ignore_conflicts=True)
    DrugClass.objects.bulk_create(classes, ignore_conflicts=True)


def label_records_apply(records: list[LabelRecord], run: IngestRun) -> tuple[int, int]:
    """Batch applier for label readers: store new versions, then link them to drugs."""
    from rxanswers.labels.services import label_versions_ingest

    created, unchanged = label_versions_ingest(records=records, source=run.source, run=run)
    if created:
        drugs_link_label_versions(versions=created, source=run.source)
    return len(created), unchanged
