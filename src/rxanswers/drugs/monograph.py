"""A drug's monograph: names, classes, labels and their sections, approvals and generics, patents and
exclusivity, NDC products, prices and biologics, each fact with its source (``drug_monograph``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from rxanswers.drugs.brands import not_brand_names
from rxanswers.drugs.facts import (
    APPLICATION_TYPE_LABELS,
    CLASS_KIND_LABELS,
    CLASS_KIND_ORDER,
    GROUPED_KEYS,
    LOAD_LABEL_HINT,
    LOAD_PRICES_HINT,
    NADAC_EXPLANATION,
    NADAC_LABEL,
    NDC_ROWS_SHOWN,
    PRICE_ROWS_SHOWN,
    SECTION_GROUPS,
    ApplicationFact,
    BiologicFact,
    BiologicSummary,
    ClassFact,
    ExclusivityFact,
    GenericFacts,
    Monograph,
    NameFact,
    NdcFact,
    NdcSummary,
    PatentFact,
    PriceFact,
    PriceSummary,
    ProductFact,
    ResolvedDrug,
    SectionGroup,
    SectionView,
    SourceRef,
    _display_variant,
    _label_summary,
    _sources,
    label_rank,
    section_views,
)
from rxanswers.drugs.models import (
    BiologicProduct,
    Drug,
    DrugClass,
    DrugName,
    DrugPrice,
    Exclusivity,
    NdcProduct,
    Patent,
    Product,
)
from rxanswers.labels.models import LabelVersion

# --- the monograph ---------------------------------------------------------------------------------------


def _names(
    drug: Drug, sources: dict[int, SourceRef], ndc_rows: list[NdcProduct]
) -> tuple[list[NameFact], list[NameFact]]:
    by_kind: dict[str, dict[str, tuple[list[str], list[SourceRef]]]] = defaultdict(dict)
    for name, normalized, kind, source_id in DrugName.objects.filter(drug=drug).values_list(
        "name", "normalized", "kind", "source_id"
    ):
        variants, refs = by_kind[kind].setdefault(normalized, ([], []))
        variants.append(name)
        if sources[source_id] not in refs:
            refs.append(sources[source_id])
    generic_keys = set(by_kind.get("generic", {}))

    brand_sources = {key: {ref.key for ref in refs} for key, (_, refs) in by_kind.get("brand", {}).items()}
    products = [(r.proprietary_name, r.dosage_form, r.product_type) for r in ndc_rows]
    hidden = not_brand_names(set(brand_sources), generic_keys, drug, brand_sources, products)

    def facts(kind: str) -> list[NameFact]:
        out = []
        for normalized, (variants, refs) in sorted(by_kind.get(kind, {}).items()):
            if kind == "brand" and (normalized in generic_keys or normalized in hidden):
                continue
            out.append(NameFact(name=_display_variant(variants), sources=sorted(refs, key=lambda s: s.key)))
        return out

    return facts("generic"), facts("brand")


def _classes(drug: Drug, sources: dict[int, SourceRef]) -> list[ClassFact]:
    by_class: dict[int, ClassFact] = {}
    for link in DrugClass.objects.filter(drug=drug).select_related("pharm_class"):
        pc = link.pharm_class
        fact = by_class.setdefault(
            pc.id, ClassFact(name=pc.name, kind=pc.kind, kind_label=CLASS_KIND_LABELS.get(pc.kind, pc.kind))
        )
        if sources[link.source_id] not in fact.sources:
            fact.sources.append(sources[link.source_id])
    return sorted(by_class.values(), key=lambda c: (CLASS_KIND_ORDER.get(c.kind, 9), c.name.lower()))


def _labels(drug: Drug) -> list[tuple[LabelVersion, int]]:
    """Current versions of the drug's labels with their section counts, best first."""
    versions = list(
        LabelVersion.objects.filter(label__drugs=drug, is_current=True)
        .select_related("label", "source")
        .annotate(section_count=Count("sections"))
    )
    versions.sort(key=lambda v: label_rank(v, v.section_count), reverse=True)
    return [(v, v.section_count) for v in versions]


def page_label_version(drug: Drug) -> LabelVersion | None:
    """The label version a drug's page quotes (its leaflet too): the best current label with text, its
    ``label`` loaded; None when no label text of the drug is loaded. One query."""
    labels = _labels(drug)
    return labels[0][0] if labels and labels[0][1] > 0 else None


def _sections(version: LabelVersion, source: SourceRef) -> tuple[list[SectionGroup], list[SectionView]]:
    views = section_views(list(version.sections.all().order_by("order", "id")), version, source)
    by_key: dict[str, list[SectionView]] = defaultdict(list)
    for view in views:
        by_key[view.key].append(view)
    groups = []
    for key, heading, keys in SECTION_GROUPS:
        members = [view for k in keys for view in by_key.get(k, [])]
        if members:
            groups.append(SectionGroup(key=key, heading=heading, anchor=f"about-{key}", sections=members))
    other = [view for view in views if view.key not in GROUPED_KEYS]
    return groups, other


def _product_fact(product: Product, sources: dict[int, SourceRef]) -> ProductFact:
    return ProductFact(
        appl_no=product.application.appl_no,
        appl_type=product.application.appl_type,
        product_no=product.product_no,
        drug_name=product.drug_name,
        form=product.form,
        strength=product.strength,
        marketing_status=product.marketing_status,
        te_code=product.te_code,
        reference_drug=product.reference_drug,
        reference_standard=product.reference_standard,
        source=sources[product.source_id],
    )


def is_marketed(marketing_status: str) -> bool:
    """Prescription or OTC; not Discontinued and not a tentative approval ("None (Tentative Approval)")."""
    status = (marketing_status or "").lower()
    return bool(status) and not status.startswith("discontinued") and "tentative" not in status


def _applications(
    drug: Drug, sources: dict[int, SourceRef]
) -> tuple[list[ApplicationFact], GenericFacts, list[ProductFact]]:
    products = list(
        Product.objects.filter(drug=drug)
        .select_related("application")
        .order_by("application__appl_no", "product_no")
    )
    by_appl: dict[int, ApplicationFact] = {}
    facts = []
    for product in products:
        fact = _product_fact(product, sources)
        facts.append(fact)
        appl = product.application
        entry = by_appl.get(appl.id)
        if entry is None:
            entry = by_appl[appl.id] = ApplicationFact(
                appl_no=appl.appl_no,
                appl_type=appl.appl_type,
                appl_type_label=APPLICATION_TYPE_LABELS.get(
                    appl.appl_type, appl.appl_type or "type not given"
                ),
                sponsor=appl.sponsor,
                brand_names=[],
                marketed=False,
                products=[],
                source=sources[appl.source_id],
                approval_date=appl.approval_date,
            )
        entry.products.append(fact)
        entry.marketed = entry.marketed or is_marketed(product.marketing_status)
        display = product.drug_name.title() if appl.appl_type != "ANDA" else product.drug_name.lower()
        if display not in entry.brand_names:
            entry.brand_names.append(display)
    type_order = {"NDA": 0, "BLA": 1, "ANDA": 2}
    applications = sorted(
        by_appl.values(), key=lambda a: (type_order.get(a.appl_type, 3), not a.marketed, a.appl_no)
    )
    andas = [a for a in applications if a.appl_type == "ANDA"]
    marketed_andas = [a for a in andas if any(is_marketed(p.marketing_status) for p in a.products)]
    tentative = [a for a in andas if any("tentative" in p.marketing_status.lower() for p in a.products)]
    source = applications[0].source if applications else None
    if not applications:
        statement = f"No Drugs@FDA application for {drug.name} is loaded in this database."
    elif marketed_andas:
        statement = (
            f"Yes: {len(marketed_andas)} generic (ANDA) application"
            f"{'s' if len(marketed_andas) != 1 else ''} for {drug.name} "
            f"{'are' if len(marketed_andas) != 1 else 'is'} listed as marketed in Drugs@FDA."
        )
    elif andas:
        statement = (
            f"Generic (ANDA) applications for {drug.name} exist in Drugs@FDA, but none is listed as marketed "
            "(all discontinued or tentatively approved)."
        )
    else:
        statement = f"No generic (ANDA) application for {drug.name} is listed in Drugs@FDA."
    generics = GenericFacts(
        generic_available=bool(marketed_andas),
        anda_count=len(andas),
        marketed_anda_count=len(marketed_andas),
        anda_sponsors=sorted({a.sponsor for a in marketed_andas if a.sponsor}),
        te_codes=sorted({p.te_code for p in facts if p.te_code}),
        reference_listed=[p for p in facts if p.reference_drug],
        reference_standard=[p for p in facts if p.reference_standard],
        tentative_anda_count=len(tentative),
        source=source,
        statement=statement,
    )
    return applications, generics, facts


def _patents(appl_nos: list[str], sources: dict[int, SourceRef], today: date) -> list[PatentFact]:
    grouped: dict[tuple[str, str], PatentFact] = {}
    for p in Patent.objects.filter(appl_no__in=appl_nos).order_by("expire_date", "patent_no"):
        fact = grouped.get((p.appl_no, p.patent_no))
        if fact is None:
            fact = grouped[(p.appl_no, p.patent_no)] = PatentFact(
                appl_no=p.appl_no,
                patent_no=p.patent_no,
                expire_date=p.expire_date,
                expired=bool(p.expire_date and p.expire_date < today),
                product_nos=[],
                use_codes=[],
                drug_substance=False,
                drug_product=False,
                delisted=False,
                source=sources[p.source_id],
            )
        if p.product_no not in fact.product_nos:
            fact.product_nos.append(p.product_no)
        if p.use_code and p.use_code not in fact.use_codes:
            fact.use_codes.append(p.use_code)
        fact.drug_substance |= p.drug_substance
        fact.drug_product |= p.drug_product
        fact.delisted |= p.delisted
    return sorted(grouped.values(), key=lambda f: (f.expire_date or date.max, f.appl_no, f.patent_no))


def _exclusivities(appl_nos: list[str], sources: dict[int, SourceRef], today: date) -> list[ExclusivityFact]:
    grouped: dict[tuple, ExclusivityFact] = {}
    for e in Exclusivity.objects.filter(appl_no__in=appl_nos):
        key = (e.appl_no, e.code, e.expire_date)
        fact = grouped.get(key)
        if fact is None:
            fact = grouped[key] = ExclusivityFact(
                appl_no=e.appl_no,
                code=e.code,
                expire_date=e.expire_date,
                expired=bool(e.expire_date and e.expire_date < today),
                product_nos=[],
                source=sources[e.source_id],
            )
        if e.product_no not in fact.product_nos:
            fact.product_nos.append(e.product_no)
    return sorted(grouped.values(), key=lambda f: (f.expire_date or date.max, f.appl_no, f.code))


def _ndc(rows: list[NdcProduct], sources: dict[int, SourceRef], today: date) -> NdcSummary:
    rows = list(rows)

    def listed(row: NdcProduct) -> bool:
        return row.end_date is None or row.end_date >= today

    rows.sort(key=lambda r: (not listed(r), r.proprietary_name.lower(), r.product_ndc))
    facts = [
        NdcFact(
            product_ndc=r.product_ndc,
            proprietary_name=" ".join(filter(None, [r.proprietary_name, r.proprietary_suffix])),
            nonproprietary_name=r.nonproprietary_name,
            labeler=r.labeler,
            dosage_form=r.dosage_form,
            route=r.route,
            strengths=[
                f"{s} {st}".strip() if len(r.substances) > 1 else st
                for s, st in zip(r.substances, r.strengths, strict=False)
            ]
            or list(r.strengths),
            marketing_category=r.marketing_category,
            application_number=r.application_number,
            dea_schedule=r.dea_schedule,
            start_date=r.start_date,
            end_date=r.end_date,
            source=sources[r.source_id],
        )
        for r in rows
    ]

    def distinct(values) -> list[str]:
        return sorted({v for v in values if v}, key=str.lower)

    return NdcSummary(
        product_count=len(rows),
        labelers=distinct(r.labeler for r in rows),
        dosage_forms=distinct(r.dosage_form for r in rows),
        routes=distinct(r.route for r in rows),
        strengths=distinct("; ".join(f.strengths) for f in facts),
        dea_schedules=distinct(r.dea_schedule for r in rows),
        products=facts[:NDC_ROWS_SHOWN],
        sources=sorted({f.source for f in facts}, key=lambda s: s.key),
    )


def drug_price_summary(drug: Drug, *, sources: dict[int, SourceRef] | None = None) -> PriceSummary:
    """The latest NADAC price per package NDC of ``drug`` (with its effective date, pricing unit, source and
    snapshot), labelled as pharmacy acquisition cost; says plainly when no price data is loaded."""
    sources = sources if sources is not None else _sources()
    latest: dict[str, DrugPrice] = {}
    for price in DrugPrice.objects.filter(drug=drug).order_by("ndc", "-effective_date"):
        latest.setdefault(price.ndc, price)
    newest = max((p.as_of_date for p in latest.values() if p.as_of_date), default=None)
    kinds = {DrugPrice.Kind.BRAND: "brand", DrugPrice.Kind.GENERIC: "generic"}
    facts = sorted(
        (
            PriceFact(
                ndc=p.ndc,
                description=p.description,
                price_per_unit=p.price_per_unit,
                pricing_unit=p.unit,
                effective_date=p.effective_date,
                as_of_date=p.as_of_date,
                brand_or_generic=kinds.get(p.brand_or_generic, ""),
                in_newest_file=newest is None or p.as_of_date == newest,
                source=sources[p.source_id],
            )
            for p in latest.values()
        ),
        key=lambda f: (not f.in_newest_file, f.description.lower(), f.ndc),
    )
    if facts:
        statement = (
            f"Latest NADAC price per unit for {len(facts)} package NDC{'s' if len(facts) != 1 else ''} of "
            f"{drug.name}. {NADAC_LABEL}."
        )
        hint = ""
    elif DrugPrice.objects.exists():
        statement = f"No NADAC price for {drug.name} is loaded: none of its package NDCs is in the NADAC files loaded."
        hint = ""
    else:
        statement = "No price data is loaded in this database."
        hint = LOAD_PRICES_HINT
    return PriceSummary(
        label=NADAC_LABEL,
        explanation=NADAC_EXPLANATION,
        statement=statement,
        ndc_count=len(facts),
        prices=facts[:PRICE_ROWS_SHOWN],
        newest_file_date=newest,
        sources=sorted({f.source for f in facts}, key=lambda s: s.key),
        load_hint=hint,
    )


def _biologic_fact(b: BiologicProduct, sources: dict[int, SourceRef]) -> BiologicFact:
    return BiologicFact(
        bla_number=b.application.appl_no,
        product_no=b.product_no,
        proprietary_name=b.proprietary_name,
        proper_name=b.proper_name,
        applicant=b.applicant,
        license_type=b.license_type,
        pathway=b.pathway,
        interchangeable=b.interchangeable,
        strength=b.strength,
        dosage_form=b.dosage_form,
        route=b.route,
        marketing_status=b.marketing_status,
        licensure=b.licensure,
        approval_date=b.approval_date,
        ref_proper_name=b.ref_proper_name,
        ref_proprietary_name=b.ref_proprietary_name,
        reference_bla=b.reference_application.appl_no if b.reference_application else "",
        ref_product_exclusivity_date=b.ref_product_exclusivity_date,
        orphan_exclusivity_date=b.orphan_exclusivity_date,
        first_interchangeable_exclusivity_date=b.first_interchangeable_exclusivity_date,
        source=sources[b.source_id],
    )


def drug_biologics(drug: Drug, *, sources: dict[int, SourceRef] | None = None) -> BiologicSummary:
    """Purple Book listings of ``drug``: is it a licensed biologic, and which biosimilars (and interchangeable
    biosimilars) reference it. Only what the loaded Purple Book lists; nothing is inferred."""
    sources = sources if sources is not None else _sources()
    rows = list(
        BiologicProduct.objects.filter(drug=drug)
        .select_related("application", "reference_application")
        .order_by("application__appl_no", "product_no")
    )
    facts = [_biologic_fact(b, sources) for b in rows]
    reference = [f for f in facts if f.pathway == "351(a)"]
    biosimilars = [f for f in facts if f.pathway == "351(k)" and not f.interchangeable]
    interchangeables = [f for f in facts if f.pathway == "351(k)" and f.interchangeable]
    similar = biosimilars + interchangeables
    names = sorted({f.proprietary_name or f.proper_name for f in similar}, key=str.lower)
    interchangeable_names = sorted(
        {f.proprietary_name or f.proper_name for f in interchangeables}, key=str.lower
    )
    blas = {f.bla_number for f in similar}
    if not facts:
        statement = f"No FDA Purple Book listing for {drug.name} is loaded in this database."
    elif similar:
        statement = (
            f"Yes: the FDA Purple Book lists {len(blas)} biosimilar application{'s' if len(blas) != 1 else ''} "
            f"for {drug.name} ({', '.join(names)})"
            + (
                f", of which {', '.join(interchangeable_names)} "
                f"{'is' if len(interchangeable_names) == 1 else 'are'} interchangeable"
                if interchangeable_names
                else ""
            )
            + ". Biologics have biosimilars rather than generics."
        )
    else:
        statement = f"No biosimilar for {drug.name} is listed in the FDA Purple Book loaded."
    return BiologicSummary(
        listed=bool(facts),
        reference_products=reference,
        biosimilars=biosimilars,
        interchangeables=interchangeables,
        biosimilar_names=names,
        statement=statement,
        source=facts[0].source if facts else None,
    )


def drug_monograph(drug: Drug | ResolvedDrug, *, today: date | None = None) -> Monograph:
    """Everything the database knows about one drug, each fact with its source and date."""
    resolved = (
        drug
        if isinstance(drug, ResolvedDrug)
        else ResolvedDrug(drug=drug, matched_name=drug.name, via="slug")
    )
    drug = resolved.drug
    today = today or timezone.localdate()
    sources = _sources()
    ndc_rows = list(NdcProduct.objects.filter(drug=drug).defer("pharm_classes"))
    generic_names, brand_names = _names(drug, sources, ndc_rows)
    classes = _classes(drug, sources)
    labels = _labels(drug)
    label = None
    groups: list[SectionGroup] = []
    other_sections: list[SectionView] = []
    other_labels = []
    no_label_text = ""
    if labels and labels[0][1] > 0:
        version, count = labels[0]
        label = _label_summary(version, sources, count)
        groups, other_sections = _sections(version, sources[version.source_id])
        other_labels = [_label_summary(v, sources, n) for v, n in labels[1:]]
    else:
        no_label_text = f"No FDA label text for {drug.name} is loaded in this database."
        other_labels = [_label_summary(v, sources, n) for v, n in labels]
    applications, generics, _ = _applications(drug, sources)
    appl_nos = [a.appl_no for a in applications if a.appl_type in {"NDA", "BLA", ""}]
    patents = _patents(appl_nos, sources, today)
    exclusivities = _exclusivities(appl_nos, sources, today)
    ndc = _ndc(ndc_rows, sources, today)
    prices = drug_price_summary(drug, sources=sources)
    biologics = drug_biologics(drug, sources=sources)
    used = {ref.key: ref for fact in [*generic_names, *brand_names, *classes] for ref in fact.sources}
    fact_sources = [lbl.source for lbl in ([label] if label else []) + other_labels]
    fact_sources += [a.source for a in applications] + [p.source for p in patents]
    fact_sources += [e.source for e in exclusivities] + ndc.sources + prices.sources
    fact_sources += [biologics.source] if biologics.source else []
    used.update((ref.key, ref) for ref in fact_sources)
    return Monograph(
        slug=drug.slug,
        name=drug.name,
        ingredients=list(drug.ingredients or []),
        is_combination=drug.is_combination,
        matched_name=resolved.matched_name,
        via_brand=resolved.via_brand,
        generic_names=generic_names,
        brand_names=brand_names,
        classes=classes,
        label=label,
        other_labels=other_labels,
        groups=groups,
        other_sections=other_sections,
        no_label_text=no_label_text,
        load_label_hint=LOAD_LABEL_HINT if no_label_text else "",
        applications=applications,
        generics=generics,
        patents=patents,
        exclusivities=exclusivities,
        ndc=ndc,
        prices=prices,
        biologics=biologics,
        sources=sorted(used.values(), key=lambda s: s.key),
        as_of=today,
    )


def _jsonable(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def monograph_as_dict(monograph: Monograph) -> dict:
    """The monograph as plain JSON-ready data (dates as ISO strings), for the API and ``drug --json``."""
    data = asdict(monograph)
    data["has_label_text"] = monograph.has_label_text
    for group, group_data in zip(monograph.groups, data["groups"], strict=True):
        for view, view_data in zip(group.sections, group_data["sections"], strict=True):
            view_data["is_long"] = view.is_long
    return _jsonable(data)
