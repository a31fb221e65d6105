"""Appliers for Drugs@FDA (applications, products, original approval dates) and the Orange Book (patents,
exclusivities, product approval dates). Idempotent: rows are upserted, so a batch can be replayed.
"""

from __future__ import annotations

from rxanswers.core.models import IngestRun
from rxanswers.core.text import normalize_name
from rxanswers.drugs.drug_services import _name_rows, bulk_create_counted, registry_for
from rxanswers.drugs.models import Application, DrugName, Exclusivity, Patent, Product
from rxanswers.drugs.naming import split_ingredients
from rxanswers.sources.records import (
    ApplicationRecord,
    ExclusivityRecord,
    OrangeBookProductRecord,
    PatentRecord,
    ProductRecord,
    SubmissionRecord,
)

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
        created += bulk_create_counted(
            Application,
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
        created += bulk_create_counted(
            Product,
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
        created += bulk_create_counted(
            Patent,
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
    if exclusivities:
        created += bulk_create_counted(
            Exclusivity,
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
