"""Appliers for the NDC directory (products and packages, with their drugs, names and classes) and for CMS NADAC
prices (linked to drugs through the NDC directory; history kept, never re-priced).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from rxanswers.core.bulk import insert_rows
from rxanswers.core.models import IngestRun
from rxanswers.core.text import normalize_name
from rxanswers.drugs.drug_services import class_values, name_values, registry_for
from rxanswers.drugs.models import DrugClass, DrugName, DrugPrice, NdcPackage, NdcProduct
from rxanswers.drugs.naming import split_ingredients
from rxanswers.sources.records import NadacPriceRecord, NdcPackageRecord, NdcProductRecord

# --- NDC directory ----------------------------------------------------------------------------------

NDC_CATEGORIES_WITHOUT_DRUG = {
    "UNAPPROVED HOMEOPATHIC",
    "BULK INGREDIENT",
    "UNAPPROVED DRUG FOR USE IN DRUG SHORTAGE",
}


_NDC_PRODUCT_UPDATED = [
    "product_ndc",
    "product_type",
    "proprietary_name",
    "proprietary_suffix",
    "nonproprietary_name",
    "dosage_form",
    "route",
    "start_date",
    "end_date",
    "marketing_category",
    "application_number",
    "labeler",
    "substances",
    "strengths",
    "pharm_classes",
    "dea_schedule",
    "drug_id",
    "source_id",
]


def ndc_apply(records: list, run: IngestRun) -> tuple[int, int]:
    """Applier for the NDC directory: products (updated in place when listed again), packages (kept as first
    stored), and for human drugs the drug, its generic and brand names and its pharmacologic classes. Rows go in
    as plain values (``core.bulk.insert_rows``): the directory is the largest bundled source."""
    source = run.source
    products = [r for r in records if isinstance(r, NdcProductRecord)]
    packages = [r for r in records if isinstance(r, NdcPackageRecord)]
    created = 0
    if products:
        registry = registry_for(run)
        rows, names, classes = [], [], []
        for p in products:
            drug_id = None
            if (
                p.marketing_category.upper() not in NDC_CATEGORIES_WITHOUT_DRUG
                and p.product_type.upper().startswith("HUMAN")
            ):
                drug_id = registry.drug_id(p.substances or split_ingredients(p.nonproprietary_name))
            rows.append(
                {
                    "product_id": p.product_id[:100],
                    "product_ndc": p.product_ndc[:20],
                    "product_type": p.product_type[:100],
                    "proprietary_name": p.proprietary_name[:500],
                    "proprietary_suffix": p.proprietary_suffix[:300],
                    "nonproprietary_name": p.nonproprietary_name[:1000],
                    "dosage_form": p.dosage_form[:200],
                    "route": p.route[:300],
                    "start_date": p.start_date,
                    "end_date": p.end_date,
                    "marketing_category": p.marketing_category[:100],
                    "application_number": p.application_number[:30],
                    "labeler": p.labeler[:300],
                    "substances": p.substances,
                    "strengths": p.strengths,
                    "pharm_classes": p.pharm_classes,
                    "dea_schedule": p.dea_schedule[:10],
                    "drug_id": drug_id,
                    "source_id": source.pk,
                }
            )
            if drug_id:
                generic = p.nonproprietary_name
                brand = p.proprietary_name
                pairs = [(generic.lower(), DrugName.Kind.GENERIC)] if generic else []
                if brand and normalize_name(brand) != normalize_name(generic):
                    pairs.append((brand, DrugName.Kind.BRAND))
                names += name_values(drug_id, pairs, source)
                classes += class_values(registry, drug_id, p.pharm_classes, source)
        created += insert_rows(
            NdcProduct,
            rows,
            conflict="update",
            unique_fields=["product_id"],
            update_fields=_NDC_PRODUCT_UPDATED,
            count_new=True,
        )
        insert_rows(DrugName, names)
        insert_rows(DrugClass, classes)
    if packages:
        created += insert_rows(
            NdcPackage,
            [
                {
                    "package_ndc": k.package_ndc[:20],
                    "product_id": k.product_id[:100],
                    "product_ndc": k.product_ndc[:20],
                    "description": k.description,
                    "start_date": k.start_date,
                    "end_date": k.end_date,
                    "sample": k.sample,
                    "source_id": source.pk,
                }
                for k in packages
            ],
            count_new=True,
        )
    return created, len(records) - created


# --- CMS NADAC prices -------------------------------------------------------------------------------

_NADAC_UNLINKED = re.compile(r"^(\d+) NADAC price rows? not linked")
_IN_CHUNK = 900  # parameters per IN (...) query: well under SQLite's limit


def ndc11(package_ndc: str) -> str | None:
    """A dashed NDC directory package code as the 11-digit 5-4-2 NDC that CMS uses: ``"0093-1048-10"`` ->
    ``"00093104810"``, ``"10544-058-30"`` -> ``"10544005830"``, ``"48792-7861-1"`` -> ``"48792786101"``."""
    parts = package_ndc.strip().split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    labeler, product, package = parts
    if len(labeler) > 5 or len(product) > 4 or len(package) > 2:
        return None
    return labeler.zfill(5) + product.zfill(4) + package.zfill(2)


def _dashed_forms(ndc: str) -> list[str]:
    """The 10-digit dashed package codes (4-4-2, 5-3-2, 5-4-1) and 5-4-2 that normalise to an 11-digit NDC."""
    forms = [f"{ndc[:5]}-{ndc[5:9]}-{ndc[9:]}"]
    if ndc[0] == "0":
        forms.append(f"{ndc[1:5]}-{ndc[5:9]}-{ndc[9:]}")
    if ndc[5] == "0":
        forms.append(f"{ndc[:5]}-{ndc[6:9]}-{ndc[9:]}")
    if ndc[9] == "0":
        forms.append(f"{ndc[:5]}-{ndc[5:9]}-{ndc[10]}")
    return forms


def nadac_drug_ids(ndcs: Iterable[str]) -> dict[str, int]:
    """Drugs of 11-digit package NDCs through the NDC directory (package -> product -> drug); unknown NDCs
    are left out."""
    candidates = {form: ndc for ndc in set(ndcs) for form in _dashed_forms(ndc)}
    forms = sorted(candidates)
    products: dict[str, set[str]] = {}
    for start in range(0, len(forms), _IN_CHUNK):
        rows = NdcPackage.objects.filter(package_ndc__in=forms[start : start + _IN_CHUNK]).values_list(
            "package_ndc", "product_id"
        )
        for package_ndc, product_id in rows:
            if ndc11(package_ndc) == candidates[package_ndc]:
                products.setdefault(candidates[package_ndc], set()).add(product_id)
    product_ids = sorted({p for ids in products.values() for p in ids})
    drug_of_product: dict[str, int] = {}
    for start in range(0, len(product_ids), _IN_CHUNK):
        drug_of_product.update(
            NdcProduct.objects.filter(
                product_id__in=product_ids[start : start + _IN_CHUNK], drug__isnull=False
            ).values_list("product_id", "drug_id")
        )
    linked = {}
    for ndc, ids in products.items():
        drug_ids = sorted({drug_of_product[p] for p in ids if p in drug_of_product})
        if drug_ids:
            linked[ndc] = drug_ids[0]  # one package NDC is one product; relisted copies share the drug
    return linked


def nadac_unlinked_count(run: IngestRun) -> int:
    """How many price rows of a NADAC ingest run matched no NDC directory package (kept with no drug)."""
    match = _NADAC_UNLINKED.match(run.message or "")
    return int(match.group(1)) if match else 0


def nadac_apply(records: list, run: IngestRun) -> tuple[int, int]:
    """Applier for CMS NADAC prices: one row per (NDC, effective date), history kept, never re-priced.

    A new effective date adds a row. A row already stored keeps its price; only a newer ``as_of_date`` (the same
    price listed again in a later weekly file) and a drug link that was missing are recorded. Rows whose NDC is
    not in the NDC directory are stored with no drug and counted on the run (``nadac_unlinked_count``).
    """
    source = run.source
    latest: dict[tuple[str, object], NadacPriceRecord] = {}
    for r in records:
        if not isinstance(r, NadacPriceRecord):
            continue
        key = (r.ndc, r.effective_date)
        seen = latest.get(key)
        if seen is None or (r.as_of_date or date.min) > (seen.as_of_date or date.min):
            latest[key] = r
    if not latest:
        return 0, len(records)
    drug_ids = nadac_drug_ids(r.ndc for r in latest.values())
    ndcs, dates = sorted({k[0] for k in latest}), sorted({k[1] for k in latest})
    existing: dict[tuple[str, object], DrugPrice] = {}
    for start in range(0, len(ndcs), _IN_CHUNK):
        chunk = DrugPrice.objects.filter(ndc__in=ndcs[start : start + _IN_CHUNK], effective_date__in=dates)
        existing.update(((p.ndc, p.effective_date), p) for p in chunk)
    new, changed = [], []
    for key, r in latest.items():
        drug_id = drug_ids.get(r.ndc)
        stored = existing.get(key)
        if stored is None:
            new.append(
                DrugPrice(
                    ndc=r.ndc,
                    drug_id=drug_id,
                    description=r.description[:300],
                    price_per_unit=r.price_per_unit,
                    unit=r.pricing_unit,
                    effective_date=r.effective_date,
                    as_of_date=r.as_of_date,
                    brand_or_generic=r.brand_or_generic,
                    classification=r.classification[:10],
                    otc=r.otc,
                    pharmacy_type=r.pharmacy_type[:10],
                    explanation_code=r.explanation_code[:50],
                    source=source,
                )
            )
            continue
        dirty = False
        if r.as_of_date and (stored.as_of_date is None or r.as_of_date > stored.as_of_date):
            stored.as_of_date, dirty = r.as_of_date, True
        if drug_id and stored.drug_id is None:
            stored.drug_id, dirty = drug_id, True
        if dirty:
            changed.append(stored)
    DrugPrice.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    DrugPrice.objects.bulk_update(changed, ["as_of_date", "drug"], batch_size=500)

    unlinked = sum(1 for r in records if isinstance(r, NadacPriceRecord) and r.ndc not in drug_ids)
    if unlinked:
        total = nadac_unlinked_count(run) + unlinked
        run.message = (
            f"{total} NADAC price row{'s' if total != 1 else ''} not linked to a drug "
            "(NDC not in the loaded NDC directory); stored without a drug"
        )
        run.save(update_fields=["message"])
    newest = max((r.as_of_date for r in latest.values() if r.as_of_date), default=None)
    if newest and (source.snapshot_date is None or newest > source.snapshot_date):
        source.snapshot_date = newest  # the newest NADAC weekly file loaded
        source.save(update_fields=["snapshot_date"])
    return len(new), len(records) - len(new)
