"""Writes to the drug knowledge graph: drugs and their names, classes, products, patents and NDC listings.

Appliers take a batch of reader records and are idempotent (unique constraints + upserts), so the ingest
runner can replay a batch after a crash. Tabular facts are upserted: a newer snapshot of Drugs@FDA updates
the row and its source (and so the date shown). Label text is never edited here: it lives in ``labels``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date

from django.db import transaction

from rxanswers.core.models import DataSource, IngestRun
from rxanswers.core.text import normalize_name, slugify
from rxanswers.drugs.models import (
    Application,
    BiologicProduct,
    Drug,
    DrugClass,
    DrugLabel,
    DrugName,
    DrugPrice,
    Exclusivity,
    NdcPackage,
    NdcProduct,
    Patent,
    PharmClass,
    Product,
)
from rxanswers.drugs.naming import display_name, ingredients_key, split_ingredients
from rxanswers.labels.models import LabelVersion
from rxanswers.sources.records import (
    ApplicationRecord,
    ExclusivityRecord,
    LabelRecord,
    NadacPriceRecord,
    NdcPackageRecord,
    NdcProductRecord,
    OrangeBookProductRecord,
    PatentRecord,
    ProductRecord,
    PurpleBookProductRecord,
    SubmissionRecord,
)

# Products with more ingredients than this (homeopathic mixtures, multi-vitamin kits) get no drug page.
MAX_INGREDIENTS_FOR_DRUG = 4
NDC_CATEGORIES_WITHOUT_DRUG = {
    "UNAPPROVED HOMEOPATHIC",
    "BULK INGREDIENT",
    "UNAPPROVED DRUG FOR USE IN DRUG SHORTAGE",
}


class DrugRegistry:
    """Per-batch cache of drugs by key and of pharmacologic classes; creates what is missing."""

    def __init__(self) -> None:
        self._by_key: dict[str, int] = {}
        self._classes: dict[tuple[str, str], int] = {}

    def drug_id(self, ingredients: Iterable[str]) -> int | None:
        names = [i for i in ingredients if i and i.strip()]
        if not names or len(names) > MAX_INGREDIENTS_FOR_DRUG:
            return None
        key, cleaned = ingredients_key(names)
        if not key or len(key) > 500:
            return None
        if key in self._by_key:
            return self._by_key[key]
        drug = Drug.objects.filter(key=key).only("id").first()
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


def _name_rows(drug_id: int, names: Iterable[tuple[str, str]], source: DataSource) -> list[DrugName]:
    rows = []
    for name, kind in names:
        clean = " ".join((name or "").split())
        if not clean or len(clean) > 200:
            continue
        rows.append(
            DrugName(
                drug_id=drug_id, name=clean, normalized=normalize_name(clean)[:500], kind=kind, source=source
            )
        )
    return rows


def _class_rows(
    registry: DrugRegistry, drug_id: int, classes: dict[str, list[str]], source: DataSource
) -> list[DrugClass]:
    return [
        DrugClass(drug_id=drug_id, pharm_class_id=registry.class_id(name, kind), source=source)
        for kind, names in (classes or {}).items()
        if kind in {"epc", "moa", "pe", "cs"}
        for name in names
        if name
    ]


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
        drug_id = registry.drug_id(label_ingredients(version))
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


# --- Drugs@FDA --------------------------------------------------------------------------------------


def _apply_submissions(submissions: list[SubmissionRecord]) -> None:
    """Original approval dates: the earliest approved (AP) ORIG submission of each application. Submissions
    of applications not in the database are left alone (Applications.txt comes first in the same file)."""
    dates: dict[str, object] = {}
    for s in submissions:
        if s.submission_type == "ORIG" and s.status == "AP" and s.status_date is not None:
            if s.appl_no not in dates or s.status_date < dates[s.appl_no]:
                dates[s.appl_no] = s.status_date
    apps = list(Application.objects.filter(appl_no__in=list(dates)).only("id", "appl_no", "approval_date"))
    for app in apps:
        app.approval_date = dates[app.appl_no]
    Application.objects.bulk_update(apps, ["approval_date"], batch_size=1000)


def drugsatfda_apply(records: list, run: IngestRun) -> tuple[int, int]:
    """Applier for Drugs@FDA: ApplicationRecord and ProductRecord rows (applications first in a file), and
    SubmissionRecord rows (the original approval date of each application)."""
    source = run.source
    apps = [r for r in records if isinstance(r, ApplicationRecord)]
    products = [r for r in records if isinstance(r, ProductRecord)]
    created = 0
    if apps:
        before = Application.objects.count()
        Application.objects.bulk_create(
            [
                Application(
                    appl_no=a.appl_no,
                    appl_type=a.appl_type,
                    sponsor=a.sponsor[:300],
                    public_notes=a.public_notes,
                    source=source,
                )
                for a in apps
            ],
            update_conflicts=True,
            unique_fields=["appl_no"],
            update_fields=["appl_type", "sponsor", "public_notes", "source"],
        )
        created += Application.objects.count() - before
    if products:
        appl_ids = dict(
            Application.objects.filter(appl_no__in={p.appl_no for p in products}).values_list("appl_no", "id")
        )
        missing = {p.appl_no for p in products} - set(appl_ids)
        if missing:  # a product whose application row is absent: keep it, with an unknown application type
            Application.objects.bulk_create(
                [Application(appl_no=n, appl_type="", source=source) for n in missing], ignore_conflicts=True
            )
            appl_ids.update(Application.objects.filter(appl_no__in=missing).values_list("appl_no", "id"))
        registry = registry_for(run)
        rows, names = [], []
        for p in products:
            drug_id = registry.drug_id(split_ingredients(p.active_ingredient))
            rows.append(
                Product(
                    application_id=appl_ids[p.appl_no],
                    product_no=p.product_no,
                    form=p.form[:200],
                    strength=p.strength[:500],
                    drug_name=p.drug_name[:300],
                    active_ingredient=p.active_ingredient[:500],
                    reference_drug=p.reference_drug,
                    reference_standard=p.reference_standard,
                    marketing_status=p.marketing_status[:200],
                    te_code=p.te_code[:200],
                    drug_id=drug_id,
                    source=source,
                )
            )
            if drug_id:
                kind = (
                    DrugName.Kind.GENERIC
                    if normalize_name(p.drug_name) == normalize_name(p.active_ingredient)
                    else DrugName.Kind.BRAND
                )
                names += _name_rows(
                    drug_id, [(p.drug_name.title() if kind == "brand" else p.drug_name.lower(), kind)], source
                )
                names += _name_rows(drug_id, [(p.active_ingredient.lower(), DrugName.Kind.GENERIC)], source)
        before = Product.objects.count()
        Product.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["application", "product_no"],
            update_fields=[
                "form",
                "strength",
                "drug_name",
                "active_ingredient",
                "reference_drug",
                "reference_standard",
                "marketing_status",
                "te_code",
                "drug",
                "source",
            ],
        )
        created += Product.objects.count() - before
        DrugName.objects.bulk_create(names, ignore_conflicts=True)
    _apply_submissions(
        [r for r in records if isinstance(r, SubmissionRecord)]
    )  # after this batch's applications
    return created, len(records) - created


# --- Orange Book ------------------------------------------------------------------------------------


def orangebook_apply(records: list, run: IngestRun) -> tuple[int, int]:
    """Patents and exclusivities; products.txt rows add approval dates (and missing products) to Product."""
    source = run.source
    products = [r for r in records if isinstance(r, OrangeBookProductRecord)]
    created = _orangebook_products(products, run) if products else 0
    patents = [r for r in records if isinstance(r, PatentRecord)]
    exclusivities = [r for r in records if isinstance(r, ExclusivityRecord)]
    if patents:
        before = Patent.objects.count()
        Patent.objects.bulk_create(
            [
                Patent(
                    appl_type=p.appl_type,
                    appl_no=p.appl_no,
                    product_no=p.product_no,
                    patent_no=p.patent_no,
                    expire_date=p.expire_date,
                    drug_substance=p.drug_substance,
                    drug_product=p.drug_product,
                    use_code=p.use_code,
                    delisted=p.delisted,
                    submission_date=p.submission_date,
                    source=source,
                )
                for p in patents
            ],
            update_conflicts=True,
            unique_fields=["appl_type", "appl_no", "product_no", "patent_no", "use_code"],
            update_fields=[
                "expire_date",
                "drug_substance",
                "drug_product",
                "delisted",
                "submission_date",
                "source",
            ],
        )
        created += Patent.objects.count() - before
    if exclusivities:
        before = Exclusivity.objects.count()
        Exclusivity.objects.bulk_create(
            [
                Exclusivity(
                    appl_type=e.appl_type,
                    appl_no=e.appl_no,
                    product_no=e.product_no,
                    code=e.code,
                    expire_date=e.expire_date,
                    source=source,
                )
                for e in exclusivities
            ],
            ignore_conflicts=True,
        )
        created += Exclusivity.objects.count() - before
    return created, len(records) - created


def _orangebook_products(rows: list[OrangeBookProductRecord], run: IngestRun) -> int:
    """Approval dates onto existing products; products Drugs@FDA lacks are created from the Orange Book."""
    source = run.source
    appl_type = {"N": "NDA", "A": "ANDA"}
    Application.objects.bulk_create(
        [
            Application(
                appl_no=r.appl_no,
                appl_type=appl_type.get(r.appl_type, r.appl_type),
                sponsor=r.applicant_full_name[:300],
                source=source,
            )
            for r in rows
        ],
        ignore_conflicts=True,
    )
    appl_ids = dict(
        Application.objects.filter(appl_no__in={r.appl_no for r in rows}).values_list("appl_no", "id")
    )
    existing = {
        (p.application_id, p.product_no): p
        for p in Product.objects.filter(application_id__in=appl_ids.values())
    }
    registry = registry_for(run)
    new, changed = [], []
    for r in rows:
        key = (appl_ids[r.appl_no], r.product_no)
        product = existing.get(key)
        if product is None:
            status = {"RX": "Prescription", "OTC": "Over-the-counter", "DISCN": "Discontinued"}.get(
                r.market_type, ""
            )
            new.append(
                Product(
                    application_id=key[0],
                    product_no=r.product_no,
                    form=r.dosage_form_route[:200],
                    strength=r.strength[:500],
                    drug_name=r.trade_name[:300],
                    active_ingredient=r.ingredient[:500],
                    reference_drug=r.reference_drug,
                    reference_standard=r.reference_standard,
                    marketing_status=status,
                    te_code=r.te_code[:200],
                    drug_id=registry.drug_id(split_ingredients(r.ingredient)),
                    source=source,
                    approval_date=r.approval_date,
                    approved_before_1982=r.approved_before_1982,
                    approval_source=source,
                )
            )
        elif (product.approval_date, product.approved_before_1982, product.approval_source_id) != (
            r.approval_date,
            r.approved_before_1982,
            source.id,
        ):
            product.approval_date, product.approved_before_1982 = r.approval_date, r.approved_before_1982
            product.approval_source = source
            changed.append(product)
    Product.objects.bulk_create(new, ignore_conflicts=True)
    Product.objects.bulk_update(
        changed, ["approval_date", "approved_before_1982", "approval_source"], batch_size=500
    )
    return len(new)


# --- NDC directory ----------------------------------------------------------------------------------


def ndc_apply(records: list, run: IngestRun) -> tuple[int, int]:
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
                NdcProduct(
                    product_id=p.product_id[:100],
                    product_ndc=p.product_ndc[:20],
                    product_type=p.product_type[:100],
                    proprietary_name=p.proprietary_name[:500],
                    proprietary_suffix=p.proprietary_suffix[:300],
                    nonproprietary_name=p.nonproprietary_name[:1000],
                    dosage_form=p.dosage_form[:200],
                    route=p.route[:300],
                    start_date=p.start_date,
                    end_date=p.end_date,
                    marketing_category=p.marketing_category[:100],
                    application_number=p.application_number[:30],
                    labeler=p.labeler[:300],
                    substances=p.substances,
                    strengths=p.strengths,
                    pharm_classes=p.pharm_classes,
                    dea_schedule=p.dea_schedule[:10],
                    drug_id=drug_id,
                    source=source,
                )
            )
            if drug_id:
                generic = p.nonproprietary_name
                brand = p.proprietary_name
                pairs = [(generic.lower(), DrugName.Kind.GENERIC)] if generic else []
                if brand and normalize_name(brand) != normalize_name(generic):
                    pairs.append((brand, DrugName.Kind.BRAND))
                names += _name_rows(drug_id, pairs, source)
                classes += _class_rows(registry, drug_id, p.pharm_classes, source)
        before = NdcProduct.objects.count()
        NdcProduct.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["product_id"],
            update_fields=[
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
                "drug",
                "source",
            ],
        )
        created += NdcProduct.objects.count() - before
        DrugName.objects.bulk_create(names, ignore_conflicts=True)
        DrugClass.objects.bulk_create(classes, ignore_conflicts=True)
    if packages:
        before = NdcPackage.objects.count()
        NdcPackage.objects.bulk_create(
            [
                NdcPackage(
                    package_ndc=k.package_ndc[:20],
                    product_id=k.product_id[:100],
                    product_ndc=k.product_ndc[:20],
                    description=k.description,
                    start_date=k.start_date,
                    end_date=k.end_date,
                    sample=k.sample,
                    source=source,
                )
                for k in packages
            ],
            ignore_conflicts=True,
        )
        created += NdcPackage.objects.count() - before
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


# --- FDA Purple Book (licensed biological products) ---------------------------------------------------

_BIOSIMILAR_SUFFIX = re.compile(r"^(?P<core>.+)-[a-z]{4}$")
PURPLEBOOK_MARKETING = {"RX": "Prescription", "OTC": "Over-the-counter", "DISC": "Discontinued"}
_BIOLOGIC_FIELDS = [
    "product",
    "drug",
    "applicant",
    "proprietary_name",
    "proper_name",
    "license_type",
    "pathway",
    "interchangeable",
    "strength",
    "dosage_form",
    "route",
    "product_presentation",
    "marketing_status",
    "licensure",
    "approval_date",
    "interchangeable_approval_date",
    "ref_proper_name",
    "ref_proprietary_name",
    "supplement_number",
    "submission_type",
    "license_number",
    "center",
    "first_licensure_date",
    "exclusivity_expiration_date",
    "first_interchangeable_exclusivity_date",
    "first_interchangeable_exclusivity_tbd",
    "ref_product_exclusivity_date",
    "orphan_exclusivity_date",
    "patent_list_provided",
    "change_code",
    "source",
]


def biologic_drug_name(proper_name: str, pathway: str, ref_proper_name: str) -> str:
    """The name a Purple Book product's drug is keyed by: its proper name, except that a 351(k) biosimilar
    named as its reference product plus FDA's four-letter suffix belongs to the reference's drug
    (``"adalimumab-atto"`` referencing ``"adalimumab"`` -> ``"adalimumab"``)."""
    proper = " ".join(proper_name.split())
    ref = " ".join(ref_proper_name.split())
    if pathway == "351(k)" and ref:
        match = _BIOSIMILAR_SUFFIX.match(proper.lower())
        if proper.lower() == ref.lower() or (match and match.group("core") == ref.lower()):
            return ref
    return proper


_ONE_WORD = re.compile(r"[a-z0-9-]+")


def biologic_ingredients(name: str) -> list[str]:
    """Ingredients of a Purple Book proper name. Only a list of one-word names is a combination
    ("pertuzumab, trastuzumab, and hyaluronidase-zzxf"); commas and "and" inside longer biologic names
    ("Coagulation Factor IX (Recombinant), Fc Fusion Protein", "Diphtheria and Tetanus Toxoids ...") are part
    of the one name."""
    parts = [re.sub(r"^and\s+", "", p.strip(" ,"), flags=re.IGNORECASE) for p in split_ingredients(name)]
    parts = [p for p in parts if p]
    if len(parts) > 1 and all(_ONE_WORD.fullmatch(p.lower()) for p in parts):
        return parts
    return [name]


def purplebook_marketing_status(status: str) -> str:
    """Purple Book "Rx" / "OTC" / "Disc" (or "Disc*") in the words Drugs@FDA products use."""
    return PURPLEBOOK_MARKETING.get(status.strip().upper().rstrip("*"), status)


def _link_references(listings: Iterable[BiologicProduct]) -> None:
    """Point 351(k) listings at the application of the 351(a) listing they name as reference product."""
    pending = [b for b in listings if b.pathway == "351(k)" and b.ref_proper_name]
    if not pending:
        return
    candidates = BiologicProduct.objects.filter(
        pathway="351(a)", proper_name__in={b.ref_proper_name for b in pending}
    ).values_list("proper_name", "proprietary_name", "application_id")
    by_names: dict[tuple[str, str], set[int]] = defaultdict(set)
    by_proper: dict[str, set[int]] = defaultdict(set)
    for proper, proprietary, application_id in candidates:
        by_names[(proper.lower(), proprietary.lower())].add(application_id)
        by_proper[proper.lower()].add(application_id)
    changed = []
    for b in pending:
        ids = by_names.get((b.ref_proper_name.lower(), b.ref_proprietary_name.lower())) or by_proper.get(
            b.ref_proper_name.lower(), set()
        )
        target = min(ids) if len(ids) == 1 else None  # ambiguous (several reference BLAs): left unlinked
        if target != b.reference_application_id:
            b.reference_application_id = target
            changed.append(b)
    BiologicProduct.objects.bulk_update(changed, ["reference_application"], batch_size=500)


def purplebook_apply(records: list, run: IngestRun) -> tuple[int, int]:
    """Applier for the FDA Purple Book: BLA applications, products and their Purple Book listings.

    Creates the BLA ``Application`` and ``Product`` rows Drugs@FDA lacks (with approval date and marketing
    status); an existing product of the same BLA and product number gets the Purple Book approval date when its
    name matches and no other source dated it. Each row's listing (``BiologicProduct``) is upserted on (BLA,
    product number) and linked to its drug, its product and, for 351(k) products, the reference application.
    Proper and proprietary names become the drug's names. The source's snapshot date is the newest report month.
    """
    source = run.source
    rows = [r for r in records if isinstance(r, PurpleBookProductRecord)]
    if not rows:
        return 0, len(records)
    registry = registry_for(run)
    Application.objects.bulk_create(
        [
            Application(appl_no=r.bla_number, appl_type="BLA", sponsor=r.applicant[:300], source=source)
            for r in rows
        ],
        ignore_conflicts=True,
    )
    appl_ids = dict(
        Application.objects.filter(appl_no__in={r.bla_number for r in rows}).values_list("appl_no", "id")
    )
    drug_ids: dict[tuple[str, str], int | None] = {}
    names: list[DrugName] = []
    for r in rows:
        drug_name = biologic_drug_name(r.proper_name, r.pathway, r.ref_proper_name)
        drug_id = registry.drug_id(biologic_ingredients(drug_name))
        drug_ids[(r.bla_number, r.product_no)] = drug_id
        if drug_id:
            # a biosimilar's suffixed proper name is another name of the reference's drug, not its generic name
            proper_kind = DrugName.Kind.GENERIC if drug_name == r.proper_name else DrugName.Kind.SYNONYM
            pairs = [(r.proper_name, proper_kind)]
            if r.proprietary_name and normalize_name(r.proprietary_name) != normalize_name(r.proper_name):
                pairs.append((r.proprietary_name, DrugName.Kind.BRAND))
            names += _name_rows(drug_id, pairs, source)
    existing = {
        (p.application_id, p.product_no): p
        for p in Product.objects.filter(application_id__in=appl_ids.values())
    }
    new_products, dated = [], []
    for r in rows:
        key = (appl_ids[r.bla_number], r.product_no)
        product = existing.get(key)
        if product is None:
            new_products.append(
                Product(
                    application_id=key[0],
                    product_no=r.product_no,
                    form=";".join(filter(None, [r.dosage_form, r.route]))[:200],
                    strength=r.strength[:500],
                    drug_name=(r.proprietary_name or r.proper_name)[:300],
                    active_ingredient=r.proper_name[:500],
                    marketing_status=purplebook_marketing_status(r.marketing_status)[:200],
                    drug_id=drug_ids[(r.bla_number, r.product_no)],
                    source=source,
                    approval_date=r.approval_date,
                    approval_source=source if r.approval_date else None,
                )
            )
        elif (
            product.drug_name.strip().lower() == r.proprietary_name.lower()
            and product.approval_source_id in (None, source.id)
            and r.approval_date
            and (product.approval_date, product.approval_source_id) != (r.approval_date, source.id)
        ):
            product.approval_date, product.approval_source = r.approval_date, source
            dated.append(product)
    Product.objects.bulk_create(new_products, ignore_conflicts=True)
    Product.objects.bulk_update(dated, ["approval_date", "approval_source"], batch_size=500)
    products = {
        (p.application_id, p.product_no): p
        for p in Product.objects.filter(application_id__in=appl_ids.values())
    }
    listings = []
    for r in rows:
        key = (appl_ids[r.bla_number], r.product_no)
        product = products.get(key)
        if (
            product is not None
            and product.drug_name.strip().lower() != (r.proprietary_name or r.proper_name).lower()
        ):
            product = None  # same numbers, another product name: not knowingly the same product
        listings.append(
            BiologicProduct(
                application_id=key[0],
                product_no=r.product_no,
                product=product,
                drug_id=drug_ids[(r.bla_number, r.product_no)],
                applicant=r.applicant[:300],
                proprietary_name=r.proprietary_name[:300],
                proper_name=r.proper_name[:500],
                license_type=r.license_type[:40],
                pathway=r.pathway,
                interchangeable=r.interchangeable,
                strength=r.strength[:500],
                dosage_form=r.dosage_form[:200],
                route=r.route[:200],
                product_presentation=r.product_presentation[:300],
                marketing_status=r.marketing_status[:40],
                licensure=r.licensure[:40],
                approval_date=r.approval_date,
                interchangeable_approval_date=r.interchangeable_approval_date,
                ref_proper_name=r.ref_proper_name[:500],
                ref_proprietary_name=r.ref_proprietary_name[:300],
                supplement_number=r.supplement_number[:40],
                submission_type=r.submission_type[:100],
                license_number=r.license_number[:40],
                center=r.center[:10],
                first_licensure_date=r.first_licensure_date,
                exclusivity_expiration_date=r.exclusivity_expiration_date,
                first_interchangeable_exclusivity_date=r.first_interchangeable_exclusivity_date,
                first_interchangeable_exclusivity_tbd=r.first_interchangeable_exclusivity_tbd,
                ref_product_exclusivity_date=r.ref_product_exclusivity_date,
                orphan_exclusivity_date=r.orphan_exclusivity_date,
                patent_list_provided=r.patent_list_provided,
                change_code=r.change_code[:4],
                source=source,
            )
        )
    before = BiologicProduct.objects.count()
    BiologicProduct.objects.bulk_create(
        listings,
        update_conflicts=True,
        unique_fields=["application", "product_no"],
        update_fields=_BIOLOGIC_FIELDS,
    )
    created = BiologicProduct.objects.count() - before
    DrugName.objects.bulk_create(names, ignore_conflicts=True)
    stored = list(BiologicProduct.objects.filter(application_id__in=appl_ids.values()))
    _link_references(stored)
    references = {(b.proper_name, b.application_id) for b in stored if b.pathway == "351(a)"}
    if references:  # biosimilars read in earlier batches that name this batch's 351(a) products
        _link_references(
            BiologicProduct.objects.filter(
                pathway="351(k)", ref_proper_name__in={name for name, _ in references}
            ).exclude(application_id__in=appl_ids.values())
        )
    newest = max((r.report_month for r in rows if r.report_month), default=None)
    if newest and (source.snapshot_date is None or newest > source.snapshot_date):
        source.snapshot_date = newest  # the Purple Book month loaded (first day of that month)
        source.save(update_fields=["snapshot_date"])
    return created, len(records) - created


# --- compiled label indications (MedRecPro) ---------------------------------------------------------------


def _drug_ids_for_names(names: list[str]) -> list[int]:
    """The stored drugs a compiled block is about: its names as ingredient keys first ("Penicillamine"), else as
    stored names (brand or generic). A block no stored drug matches is left unlinked (counted, not an error)."""
    from rxanswers.core.text import normalize_name
    from rxanswers.drugs.naming import ingredients_key

    keys = {ingredients_key([normalize_name(n)])[0] for n in names if normalize_name(n)}
    ids = list(Drug.objects.filter(key__in=keys).values_list("id", flat=True))
    if ids:
        return ids
    normalized = {normalize_name(n) for n in names if normalize_name(n)}
    return sorted(set(DrugName.objects.filter(normalized__in=normalized).values_list("drug_id", flat=True)))[
        :3
    ]


@transaction.atomic
def indications_apply(records: list, run: IngestRun) -> tuple[int, int]:
    """Applier for compiled label indications: one ``IndicationText`` per (drug, source, record), replaced when
    the text changes."""
    from rxanswers.drugs.models import IndicationText

    created = unchanged = 0
    for record in records:
        for drug_id in _drug_ids_for_names(record.product_names):
            written = _upsert(
                IndicationText,
                {"drug_id": drug_id, "source": run.source, "record": record.record},
                {"text": record.text, "product_names": ", ".join(record.product_names)[:1000]},
                compared=("text",),
            )
            created, unchanged = created + written, unchanged + (not written)
    return created, unchanged


def _upsert(
    model, lookup: dict, values: dict, *, compared: tuple[str, ...], also: tuple[str, ...] = ()
) -> bool:
    """Create the row, or update its ``compared`` fields (and ``also``) when a compared one differs; True when
    anything was written (an idempotent applier's "new or changed")."""
    row, made = model.objects.get_or_create(**lookup, defaults=values)
    if made:
        return True
    if all(getattr(row, name) == values[name] for name in compared):
        return False
    for name in (*compared, *also):
        setattr(row, name, values[name])
    row.save(update_fields=[*compared, *also])
    return True


@transaction.atomic
def interaction_pairs_apply(records: list, run: IngestRun) -> tuple[int, int]:
    """Applier for interaction pair lists: one ``InteractionPair`` per (first drug, second drug, list); a name
    no stored drug matches leaves the pair out (counted as unchanged: it is not an error of the file)."""
    from rxanswers.drugs.models import InteractionPair

    created = unchanged = 0
    ids: dict[str, list[int]] = {}
    for record in records:
        for name in (record.object_name, record.precipitant_name):
            if name not in ids:
                ids[name] = _drug_ids_for_names([name])[:1]
        firsts, seconds = ids[record.object_name], ids[record.precipitant_name]
        if not firsts or not seconds or firsts[0] == seconds[0]:
            unchanged += 1
            continue
        written = _upsert(
            InteractionPair,
            {"first_id": firsts[0], "second_id": seconds[0], "list_name": record.list_name},
            {"severity": record.severity, "record": record.record, "source": run.source},
            compared=("severity", "record"),
        )
        created, unchanged = created + written, unchanged + (not written)
    return created, unchanged


@transaction.atomic
def unii_names_apply(records: list, run: IngestRun) -> tuple[int, int]:
    """Applier for FDA substance names: a registered brand name becomes a name (kind ``synonym``) of the stored
    drug made of that substance (``TECARTUS`` -> brexucabtagene autoleucel), so search and lookups find it. Not
    kind ``brand``: the registry holds foreign and historical brands too, and brand lists show US products only.
    A substance no stored drug is made of is left out (counted unchanged: the drug list grows from products
    and labels, not from every registered name)."""
    created = unchanged = 0
    for record in records:
        key, _ = ingredients_key([record.substance])
        drug_id = Drug.objects.filter(key=key).values_list("id", flat=True).first() if key else None
        if drug_id is None:
            unchanged += 1
            continue
        name = brand_display(record.name)
        _, made = DrugName.objects.get_or_create(
            drug_id=drug_id,
            normalized=normalize_name(name)[:500],
            kind=DrugName.Kind.SYNONYM,
            source=run.source,
            defaults={"name": name},
        )
        created, unchanged = created + made, unchanged + (not made)
    return created, unchanged


def brand_display(name: str) -> str:
    """FDA registers brand names in capitals: "TECARTUS" -> "Tecartus" (short all-capital names such as "NS-218"
    stay as they are)."""
    return name.title() if name.isupper() and len(name) > 4 and not any(c.isdigit() for c in name) else name


@transaction.atomic
def drug_for_substance_name(name: str, *, names_file, source: Callable[[], DataSource]) -> Drug | None:
    """The stored drug a brand or substance name names, creating it from the FDA substance names file
    (``names_file``) when no stored drug is made of that substance yet (an editor entering the list price of a
    cell therapy no bundled product file lists). ``source()`` gives the names' ``DataSource`` (called only when
    the name is found). None when the file does not know the name."""
    from pathlib import Path

    from rxanswers.sources import read_unii_names
    from rxanswers.sources.records import SubstanceNameRecord

    wanted = normalize_name(name)
    path = Path(names_file)
    if not wanted or not path.exists():
        return None
    for record in read_unii_names(path):
        if not isinstance(record, SubstanceNameRecord):
            continue
        if wanted not in (normalize_name(record.name), normalize_name(record.substance)):
            continue
        data_source = source()
        key, cleaned = ingredients_key([record.substance])
        drug = Drug.objects.filter(key=key).first()
        if drug is None:
            drug = Drug.objects.create(
                key=key,
                slug=_unique_slug(key),
                name=display_name(cleaned),
                ingredients=cleaned,
                is_combination=False,
            )
        for display, kind in (
            (brand_display(record.name), DrugName.Kind.SYNONYM),
            (drug.name, DrugName.Kind.GENERIC),
        ):
            DrugName.objects.get_or_create(
                drug=drug,
                normalized=normalize_name(display)[:500],
                kind=kind,
                source=data_source,
                defaults={"name": display},
            )
        return drug
    return None


@transaction.atomic
def patent_use_codes_apply(records: list, run: IngestRun) -> tuple[int, int]:
    """Applier for patent use codes: one ``PatentUseCode`` per code; a changed definition is updated."""
    from rxanswers.drugs.models import PatentUseCode

    created = unchanged = 0
    for record in records:
        written = _upsert(
            PatentUseCode,
            {"code": record.code},
            {"definition": record.definition, "source": run.source},
            compared=("definition",),
            also=("source",),
        )
        created, unchanged = created + written, unchanged + (not written)
    return created, unchanged
