"""Applier for the FDA Purple Book (licensed biological products): BLA applications and products, their Purple
Book listings, and 351(k) biosimilars linked to the application of their reference product.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from rxanswers.core.models import IngestRun
from rxanswers.core.text import normalize_name
from rxanswers.drugs.drug_services import _name_rows, bulk_create_counted, registry_for
from rxanswers.drugs.models import Application, BiologicProduct, DrugName, Product
from rxanswers.drugs.naming import split_ingredients
from rxanswers.sources.records import PurpleBookProductRecord

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
    created = bulk_create_counted(
        BiologicProduct,
        listings,
        update_conflicts=True,
        unique_fields=["application", "product_no"],
        update_fields=_BIOLOGIC_FIELDS,
    )
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
