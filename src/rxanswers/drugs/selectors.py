"""Reads for drug pages, the JSON API and the CLI: resolve a drug, list drugs A-Z, assemble a monograph,
list label versions and diff two of them.

Every fact in a ``Monograph`` carries the ``SourceRef`` (data source name and snapshot date) it came from;
every label section carries a ``Citation`` (set id, version, effective date, section, URL). Nothing here
writes, and nothing here invents text: a drug without label text says so.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from rxanswers.core.models import DataSource
from rxanswers.core.text import normalize_name
from rxanswers.drugs.models import (
    Application,
    BiologicProduct,
    Drug,
    DrugClass,
    DrugLabel,
    DrugName,
    DrugPrice,
    Exclusivity,
    NdcProduct,
    Patent,
    Product,
)
from rxanswers.labels.models import Label, LabelVersion, Section

INDEX_PAGE_SIZE = 100
LONG_SECTION_CHARS = 1500  # sections longer than this are collapsed behind <details> on pages
PREVIEW_CHARS = 600
NDC_ROWS_SHOWN = 60
PRICE_ROWS_SHOWN = 60
NADAC_LABEL = "NADAC (what pharmacies pay), not the price you pay"
NADAC_EXPLANATION = (
    "NADAC is the U.S. National Average Drug Acquisition Cost: a weekly CMS survey of what retail pharmacies "
    "pay to buy a drug, per unit (tablet, mL or gram) of one package NDC. It is not a retail price, a copay or "
    "what you will be charged."
)
LOAD_PRICES_HINT = (
    "An operator can load CMS NADAC prices with `rxanswers download nadac` or `rxanswers ingest nadac.csv`."
)
NON_ALPHA_LETTER = "0-9"  # index bucket for names that do not start with a letter
LOAD_LABEL_HINT = (
    "Load FDA label text with `rxanswers download openfda_label` (the official openFDA bulk download), "
    "or ingest a label file you have with `rxanswers ingest FILE`."
)
CLASS_KIND_ORDER = {"epc": 0, "moa": 1, "pe": 2, "cs": 3}
CLASS_KIND_LABELS = {
    "epc": "Established pharmacologic class",
    "moa": "Mechanism of action",
    "pe": "Physiologic effect",
    "cs": "Chemical structure",
}
APPLICATION_TYPE_LABELS = {
    "NDA": "New Drug Application (brand)",
    "ANDA": "Abbreviated New Drug Application (generic)",
    "BLA": "Biologics License Application",
}
# Page groups, in page order: (group key, heading, section keys in the order they are shown).
SECTION_GROUPS: list[tuple[str, str, tuple[str, ...]]] = [
    ("boxed-warning", "Boxed warning", ("boxed_warning",)),
    ("uses", "What it is used for", ("indications_and_usage",)),
    ("how-it-works", "How it works", ("mechanism_of_action", "clinical_pharmacology")),
    ("how-it-is-given", "How it is given", ("dosage_and_administration", "dosage_forms_and_strengths")),
    ("contraindications", "Who should not take it", ("contraindications",)),
    ("warnings", "Warnings and precautions", ("warnings_and_cautions", "warnings", "precautions")),
    ("side-effects", "Side effects", ("adverse_reactions",)),
    ("interactions", "Interactions", ("drug_interactions",)),
    (
        "pregnancy",
        "Pregnancy and specific populations",
        (
            "pregnancy",
            "use_in_specific_populations",
            "lactation",
            "nursing_mothers",
            "pregnancy_or_breast_feeding",
        ),
    ),
    ("overdosage", "Overdose", ("overdosage",)),
    ("storage", "How it is supplied and stored", ("how_supplied", "storage_and_handling")),
]
GROUPED_KEYS = frozenset(key for _, _, keys in SECTION_GROUPS for key in keys)


# --- value objects --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceRef:
    """Where a fact came from: the data source and the date of the snapshot it was read from."""

    key: str
    name: str
    snapshot_date: date | None
    publisher: str = ""
    is_official: bool = False
    url: str = ""

    @classmethod
    def of(cls, source: DataSource) -> SourceRef:
        return cls(
            key=source.key,
            name=source.name,
            snapshot_date=source.snapshot_date,
            publisher=source.publisher,
            is_official=source.is_official,
            url=source.url,
        )


@dataclass(frozen=True)
class Citation:
    """A label citation: ``{source, set_id, version, effective_date, section, url}``."""

    set_id: str
    version_pk: int
    version: int | None
    effective_date: date | None
    section: str
    section_title: str
    url: str
    source: SourceRef


@dataclass(frozen=True)
class ResolvedDrug:
    drug: Drug
    matched_name: str  # the name the request used, as stored ("Gleevec")
    via: str  # "slug", "generic", "brand" or "synonym"

    @property
    def via_brand(self) -> bool:
        return self.via == "brand"


@dataclass
class NameFact:
    name: str
    sources: list[SourceRef] = field(default_factory=list)


@dataclass
class ClassFact:
    name: str
    kind: str
    kind_label: str
    sources: list[SourceRef] = field(default_factory=list)


@dataclass
class LabelSummary:
    set_id: str
    version_pk: int
    version: int | None
    version_display: str
    effective_date: date | None
    title: str
    manufacturer: str
    product_type: str
    routes: list[str]
    dosage_forms: list[str]
    application_numbers: list[str]
    section_count: int
    ingested_at: datetime
    source: SourceRef
    notes: list[str]
    url: str
    dailymed_url: str


@dataclass
class SectionView:
    key: str
    title: str
    anchor: str
    text: str
    citation: Citation

    @property
    def is_long(self) -> bool:
        return len(self.text) > LONG_SECTION_CHARS

    @property
    def preview(self) -> str:
        if not self.is_long:
            return self.text
        cut = self.text[:PREVIEW_CHARS].rsplit(" ", 1)[0]
        return cut.rstrip(" ,;:") + " …"


@dataclass
class SectionGroup:
    key: str
    heading: str
    anchor: str
    sections: list[SectionView]


@dataclass
class ProductFact:
    appl_no: str
    appl_type: str
    product_no: str
    drug_name: str
    form: str
    strength: str
    marketing_status: str
    te_code: str
    reference_drug: bool
    reference_standard: bool
    source: SourceRef


@dataclass
class ApplicationFact:
    appl_no: str
    appl_type: str
    appl_type_label: str
    sponsor: str
    brand_names: list[str]
    marketed: bool
    products: list[ProductFact]
    source: SourceRef
    approval_date: date | None = None  # original approval (Drugs@FDA Submissions.txt), when loaded


@dataclass
class GenericFacts:
    """Is there a generic? From Drugs@FDA: an ANDA product that is not discontinued."""

    generic_available: bool
    anda_count: int  # applications
    marketed_anda_count: int
    anda_sponsors: list[str]
    te_codes: list[str]
    reference_listed: list[ProductFact]
    reference_standard: list[ProductFact]
    tentative_anda_count: int
    source: SourceRef | None
    statement: str


@dataclass
class PatentFact:
    appl_no: str
    patent_no: str
    expire_date: date | None
    expired: bool
    product_nos: list[str]
    use_codes: list[str]
    drug_substance: bool
    drug_product: bool
    delisted: bool
    source: SourceRef


@dataclass
class ExclusivityFact:
    appl_no: str
    code: str
    expire_date: date | None
    expired: bool
    product_nos: list[str]
    source: SourceRef


@dataclass
class NdcFact:
    product_ndc: str
    proprietary_name: str
    nonproprietary_name: str
    labeler: str
    dosage_form: str
    route: str
    strengths: list[str]
    marketing_category: str
    application_number: str
    dea_schedule: str
    start_date: date | None
    end_date: date | None
    source: SourceRef


@dataclass
class NdcSummary:
    product_count: int
    labelers: list[str]
    dosage_forms: list[str]
    routes: list[str]
    strengths: list[str]
    dea_schedules: list[str]
    products: list[NdcFact]  # the first NDC_ROWS_SHOWN, marketed first
    sources: list[SourceRef]


@dataclass
class PriceFact:
    """The latest NADAC price of one package NDC (its newest effective date loaded)."""

    ndc: str
    description: str
    price_per_unit: Decimal  # US dollars per pricing unit
    pricing_unit: str  # EA / ML / GM
    effective_date: date
    as_of_date: date | None  # the newest weekly NADAC file that listed this price
    brand_or_generic: str  # "brand" / "generic" / "" (NADAC's classification for rate setting)
    in_newest_file: bool  # listed in the newest NADAC file loaded for this drug
    source: SourceRef


@dataclass
class PriceSummary:
    """NADAC prices of a drug's package NDCs: what pharmacies pay, never what a patient pays."""

    label: str
    explanation: str
    statement: str  # says plainly when no price data is loaded
    ndc_count: int
    prices: list[PriceFact]  # the first PRICE_ROWS_SHOWN, by description then NDC
    newest_file_date: date | None
    sources: list[SourceRef]
    load_hint: str  # "" when prices are loaded


@dataclass
class BiologicFact:
    """One FDA Purple Book listing (a licensed biological product)."""

    bla_number: str
    product_no: str
    proprietary_name: str
    proper_name: str
    applicant: str
    license_type: str  # as published: "351(a)", "351(k) Biosimilar", "351(k) Interchangeable"
    pathway: str  # "351(a)" / "351(k)"
    interchangeable: bool
    strength: str
    dosage_form: str
    route: str
    marketing_status: str
    licensure: str
    approval_date: date | None
    ref_proper_name: str
    ref_proprietary_name: str
    reference_bla: str  # the reference product's BLA once its listing is loaded, else ""
    ref_product_exclusivity_date: date | None
    orphan_exclusivity_date: date | None
    first_interchangeable_exclusivity_date: date | None
    source: SourceRef


@dataclass
class BiologicSummary:
    """Purple Book facts of a drug: its stand-alone (351(a)) products and its biosimilars (351(k))."""

    listed: bool
    reference_products: list[BiologicFact]
    biosimilars: list[BiologicFact]  # 351(k), not interchangeable
    interchangeables: list[BiologicFact]  # 351(k) interchangeable
    biosimilar_names: list[str]  # distinct proprietary names of the 351(k) products
    statement: str
    source: SourceRef | None


@dataclass
class Monograph:
    slug: str
    name: str
    ingredients: list[str]
    is_combination: bool
    matched_name: str  # the name used to reach the drug
    via_brand: bool
    generic_names: list[NameFact]
    brand_names: list[NameFact]
    classes: list[ClassFact]
    label: LabelSummary | None
    other_labels: list[LabelSummary]
    groups: list[SectionGroup]
    other_sections: list[SectionView]
    no_label_text: str  # "" when label text is loaded
    load_label_hint: str
    applications: list[ApplicationFact]
    generics: GenericFacts
    patents: list[PatentFact]
    exclusivities: list[ExclusivityFact]
    ndc: NdcSummary
    prices: PriceSummary
    biologics: BiologicSummary
    sources: list[SourceRef]
    as_of: date

    @property
    def has_label_text(self) -> bool:
        return self.label is not None and not self.no_label_text

    def as_dict(self) -> dict:
        """JSON-ready form (dates stay ``date``; serialise with DjangoJSONEncoder or orjson)."""
        return monograph_as_dict(self)


@dataclass
class VersionInfo:
    pk: int
    set_id: str
    version: int | None
    version_display: str
    effective_date: date | None
    spl_id: str
    title: str
    is_current: bool
    section_count: int
    ingested_at: datetime
    source: SourceRef
    url: str


@dataclass
class LabelHistory:
    set_id: str
    title: str
    dailymed_url: str
    versions: list[VersionInfo]  # newest first


@dataclass
class InlineSegment:
    op: str  # "equal", "insert" or "delete"
    text: str


@dataclass
class SectionDiff:
    key: str
    title: str
    anchor: str
    status: str  # "added", "removed", "changed"
    unified: list[str]
    inline: list[InlineSegment]


@dataclass
class VersionDiff:
    old: VersionInfo
    new: VersionInfo
    added: list[SectionDiff]
    removed: list[SectionDiff]
    changed: list[SectionDiff]
    unchanged_keys: list[str]

    @property
    def sections(self) -> list[SectionDiff]:
        return self.changed + self.added + self.removed

    @property
    def identical(self) -> bool:
        return not (self.added or self.removed or self.changed)


# --- helpers --------------------------------------------------------------------------------------------


def _sources() -> dict[int, SourceRef]:
    return {s.id: SourceRef.of(s) for s in DataSource.objects.all()}


def label_version_url(set_id: str, version_pk: int, anchor: str = "") -> str:
    """URL of a label version page (with an optional ``#section-...`` anchor)."""
    try:
        path = reverse("web:label_version", kwargs={"set_id": set_id, "version_pk": version_pk})
    except NoReverseMatch:  # web app not routed (e.g. API-only deployment)
        path = f"/labels/{set_id}/v/{version_pk}/"
    return f"{path}#{anchor}" if anchor else path


def _display_variant(names: list[str]) -> str:
    """Pick the nicest spelling among variants of one name (mixed case beats ALL CAPS)."""
    mixed = [n for n in names if not n.isupper() and not n.islower()]
    if mixed:
        return sorted(mixed)[0]
    lower = [n for n in names if n.islower()]
    return lower[0] if lower else names[0].title()


def _is_rx_human(product_type: str) -> bool:
    return "PRESCRIPTION" in product_type.upper() and "HUMAN" in product_type.upper()


def label_rank(version: LabelVersion, section_count: int) -> tuple:
    """Sort key (highest first) for choosing a drug's main label: Rx human, official, newest, fullest."""
    product_type = version.product_type or ""
    kind = 2 if _is_rx_human(product_type) else (1 if not product_type else 0)
    return (
        section_count > 0,
        kind,
        version.source.is_official,
        version.effective_date or date.min,
        section_count,
        version.pk,
    )


def _version_info(version: LabelVersion, sources: dict[int, SourceRef], section_count: int) -> VersionInfo:
    return VersionInfo(
        pk=version.pk,
        set_id=version.label.set_id,
        version=version.version,
        version_display=version.version_display,
        effective_date=version.effective_date,
        spl_id=version.spl_id,
        title=version.title or version.label.title,
        is_current=version.is_current,
        section_count=section_count,
        ingested_at=version.ingested_at,
        source=sources[version.source_id],
        url=label_version_url(version.label.set_id, version.pk),
    )


def _label_summary(version: LabelVersion, sources: dict[int, SourceRef], section_count: int) -> LabelSummary:
    return LabelSummary(
        set_id=version.label.set_id,
        version_pk=version.pk,
        version=version.version,
        version_display=version.version_display,
        effective_date=version.effective_date,
        title=version.title or version.label.title,
        manufacturer=version.manufacturer,
        product_type=version.product_type,
        routes=list(version.routes or []),
        dosage_forms=list(version.dosage_forms or []),
        application_numbers=list(version.application_numbers or []),
        section_count=section_count,
        ingested_at=version.ingested_at,
        source=sources[version.source_id],
        notes=list(version.notes or []),
        url=label_version_url(version.label.set_id, version.pk),
        dailymed_url=version.dailymed_url,
    )


def section_title(section: Section) -> str:
    return section.title or section.key.replace("_", " ").capitalize()


def section_views(sections: list[Section], version: LabelVersion, source: SourceRef) -> list[SectionView]:
    """Sections with citations. The first section with a key gets ``Section.anchor``; repeats of the
    same key (several unclassified sections) get ``-2``, ``-3``... so that page ids stay unique."""
    seen: dict[str, int] = defaultdict(int)
    views = []
    for section in sections:
        title = section_title(section)
        seen[section.anchor] += 1
        anchor = section.anchor if seen[section.anchor] == 1 else f"{section.anchor}-{seen[section.anchor]}"
        views.append(
            SectionView(
                key=section.key,
                title=title,
                anchor=anchor,
                text=section.text,
                citation=Citation(
                    set_id=version.label.set_id,
                    version_pk=version.pk,
                    version=version.version,
                    effective_date=version.effective_date,
                    section=section.key,
                    section_title=title,
                    url=label_version_url(version.label.set_id, version.pk, anchor),
                    source=source,
                ),
            )
        )
    return views


# --- resolving and listing drugs -------------------------------------------------------------------------


def drug_get(slug_or_name: str) -> ResolvedDrug | None:
    """Resolve a drug slug, a generic name, or a brand name/slug ("gleevec" -> imatinib, brand noted)."""
    text = (slug_or_name or "").strip()
    if not text or len(text) > 200:
        return None
    drug = Drug.objects.filter(slug=text.lower()).first()
    if drug is not None:
        return ResolvedDrug(drug=drug, matched_name=drug.name, via="slug")
    wanted = {normalize_name(text), normalize_name(text.replace("-", " "))} - {""}
    if not wanted:
        return None
    drug = Drug.objects.filter(key__in=wanted).first()
    if drug is not None:
        return ResolvedDrug(drug=drug, matched_name=drug.name, via="generic")
    rows = list(
        DrugName.objects.filter(normalized__in=wanted)
        .annotate(
            has_label=Exists(DrugLabel.objects.filter(drug_id=OuterRef("drug_id"))),
            products=Count("drug__products", distinct=True),
        )
        .select_related("drug")
    )
    if not rows:
        return None
    kind_rank = {"generic": 0, "brand": 1, "synonym": 2}
    # Generic before brand; a drug with label text, single ingredient and more products first.
    rows.sort(
        key=lambda r: (
            kind_rank.get(r.kind, 3),
            not r.has_label,
            r.drug.is_combination,
            -r.products,
            r.drug_id,
        )
    )
    best = rows[0]
    variants = [r.name for r in rows if r.drug_id == best.drug_id and r.kind == best.kind]
    return ResolvedDrug(drug=best.drug, matched_name=_display_variant(variants), via=best.kind)


def drugs_with_facts() -> QuerySet[Drug]:
    """Drugs worth a page: with a label, a Drugs@FDA product or an NDC listing."""
    return Drug.objects.filter(
        Exists(DrugLabel.objects.filter(drug_id=OuterRef("pk")))
        | Exists(Product.objects.filter(drug_id=OuterRef("pk")))
        | Exists(NdcProduct.objects.filter(drug_id=OuterRef("pk")))
    )


def index_letters() -> list[str]:
    return [*"ABCDEFGHIJKLMNOPQRSTUVWXYZ", NON_ALPHA_LETTER]


def normalize_letter(letter: str | None) -> str | None:
    """``"a"`` -> ``"A"``; ``"0-9"``/``"#"`` -> ``"0-9"``; anything else -> ``None`` (no filter)."""
    if not letter:
        return None
    letter = letter.strip().upper()
    if letter in {"#", "0-9", "0"}:
        return NON_ALPHA_LETTER
    if len(letter) == 1 and "A" <= letter <= "Z":
        return letter
    return None


def drug_index(letter: str | None = None, *, page: int | str = 1, per_page: int = INDEX_PAGE_SIZE) -> Page:
    """A page of drugs (name order) that have a label or FDA application/NDC product, by first letter."""
    qs = drugs_with_facts().annotate(
        has_label=Exists(DrugLabel.objects.filter(drug_id=OuterRef("pk"))),
    )
    letter = normalize_letter(letter)
    if letter == NON_ALPHA_LETTER:
        qs = qs.exclude(name__regex=r"^[A-Za-z]")
    elif letter:
        qs = qs.filter(name__istartswith=letter)
    paginator = Paginator(qs.order_by("name", "pk").only("id", "slug", "name", "is_combination"), per_page)
    return paginator.get_page(page)


def drug_search_names(q: str, *, limit: int = 200) -> QuerySet[Drug]:
    """Drugs whose name or any known name contains ``q`` (for the API's ``q`` filter)."""
    needle = normalize_name(q)
    return drugs_with_facts().filter(
        Q(key__contains=needle)
        | Exists(DrugName.objects.filter(drug_id=OuterRef("pk"), normalized__contains=needle))
    )


def site_counts() -> dict:
    """Counts for the home page: drugs with pages, labels, label versions, sections; sources with dates."""
    return {
        "drugs": drugs_with_facts().count(),
        "drugs_with_labels": Drug.objects.filter(
            Exists(DrugLabel.objects.filter(drug_id=OuterRef("pk")))
        ).count(),
        "labels": Label.objects.count(),
        "label_versions": LabelVersion.objects.count(),
        "sections": Section.objects.count(),
        "applications": Application.objects.count(),
        "ndc_products": NdcProduct.objects.count(),
        "sources": [
            (SourceRef.of(s), s.count)
            for s in DataSource.objects.annotate(count=Count("label_versions")).order_by("key")
        ],
    }


# --- the monograph ---------------------------------------------------------------------------------------


def _names(drug: Drug, sources: dict[int, SourceRef]) -> tuple[list[NameFact], list[NameFact]]:
    by_kind: dict[str, dict[str, tuple[list[str], list[SourceRef]]]] = defaultdict(dict)
    for name, normalized, kind, source_id in DrugName.objects.filter(drug=drug).values_list(
        "name", "normalized", "kind", "source_id"
    ):
        variants, refs = by_kind[kind].setdefault(normalized, ([], []))
        variants.append(name)
        if sources[source_id] not in refs:
            refs.append(sources[source_id])
    generic_keys = set(by_kind.get("generic", {}))

    hidden = _not_brand_names(set(by_kind.get("brand", {})), generic_keys, drug)

    def facts(kind: str) -> list[NameFact]:
        out = []
        for normalized, (variants, refs) in sorted(by_kind.get(kind, {}).items()):
            if kind == "brand" and (normalized in generic_keys or normalized in hidden):
                continue
            out.append(NameFact(name=_display_variant(variants), sources=sorted(refs, key=lambda s: s.key)))
        return out

    return facts("generic"), facts("brand")


def _not_brand_names(brands: set[str], generic_keys: set[str], drug: Drug) -> set[str]:
    """Product names listed as brands that readers should not see as this drug's brand names: the generic name
    itself or a misspelling of it ("Fuosemide", "Metformin Hydrochoride"), a store-brand or salt form named
    after it ("CVS Ibuprofen", "Metformin HCl ER"), and another drug's generic name ("Dapagliflozin" under
    metformin, from a combination product), and a kit's name listed under each of its ingredients. The names stay searchable; only the page's brand list skips them."""
    from rapidfuzz import fuzz

    words = {w for key in generic_keys for w in key.split() if len(w) >= 5}
    out = {
        name
        for name in brands
        if any(w in name.split() for w in words)
        or any(fuzz.ratio(part, w) >= 85 for part in name.split() for w in words)
    }
    others = DrugName.objects.filter(kind="generic", normalized__in=list(brands - out)).exclude(drug=drug)
    out |= set(others.values_list("normalized", flat=True))
    kits = (  # a name listed for three or more ingredients is a kit or panel ("... Medicated Collection System")
        DrugName.objects.filter(kind="brand", normalized__in=list(brands - out))
        .values("normalized")
        .annotate(drugs=Count("drug", distinct=True))
        .filter(drugs__gte=3)
    )
    return out | {row["normalized"] for row in kits}


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


def _labels(drug: Drug, sources: dict[int, SourceRef]) -> list[tuple[LabelVersion, int]]:
    """Current versions of the drug's labels with their section counts, best first."""
    versions = list(
        LabelVersion.objects.filter(label__drugs=drug, is_current=True)
        .select_related("label", "source")
        .annotate(section_count=Count("sections"))
    )
    versions.sort(key=lambda v: label_rank(v, v.section_count), reverse=True)
    return [(v, v.section_count) for v in versions]


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


def _ndc(drug: Drug, sources: dict[int, SourceRef], today: date) -> NdcSummary:
    rows = list(NdcProduct.objects.filter(drug=drug))

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
    generic_names, brand_names = _names(drug, sources)
    classes = _classes(drug, sources)
    labels = _labels(drug, sources)
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
    ndc = _ndc(drug, sources, today)
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


# --- label versions and diffs ----------------------------------------------------------------------------


def label_history(obj: Drug | Label | str) -> list[LabelHistory]:
    """Every version of a label (or of each label of a drug), newest first, with date, source and ingest time."""
    if isinstance(obj, Drug):
        labels = list(Label.objects.filter(drugs=obj))
    elif isinstance(obj, Label):
        labels = [obj]
    else:
        labels = list(Label.objects.filter(set_id=obj))
    if not labels:
        return []
    sources = _sources()
    versions = (
        LabelVersion.objects.filter(label__in=labels)
        .select_related("label")
        .annotate(section_count=Count("sections"))
    )
    by_label: dict[int, list[VersionInfo]] = defaultdict(list)
    for version in versions:
        by_label[version.label_id].append(_version_info(version, sources, version.section_count))
    histories = []
    for label in labels:
        infos = sorted(
            by_label.get(label.id, []),
            key=lambda v: (v.effective_date or date.min, v.version if v.version is not None else -1, v.pk),
            reverse=True,
        )
        histories.append(
            LabelHistory(
                set_id=label.set_id, title=label.title, dailymed_url=label.dailymed_url, versions=infos
            )
        )
    histories.sort(
        key=lambda h: (h.versions[0].is_current if h.versions else False, len(h.versions)), reverse=True
    )
    return histories


def label_version_get(set_id: str, version_pk: int) -> LabelVersion | None:
    return (
        LabelVersion.objects.filter(pk=version_pk, label__set_id=set_id)
        .select_related("label", "source")
        .first()
    )


def label_version_sections(version: LabelVersion) -> list[SectionView]:
    source = SourceRef.of(version.source)
    return section_views(list(version.sections.all().order_by("order", "id")), version, source)


def version_sources(version_pks: list[int]) -> dict[int, SourceRef]:
    """The data source of each label version (for citing search hits)."""
    sources = _sources()
    rows = LabelVersion.objects.filter(pk__in=version_pks).values_list("pk", "source_id")
    return {pk: sources[source_id] for pk, source_id in rows}


def version_info(version: LabelVersion) -> VersionInfo:
    return _version_info(version, _sources(), version.sections.count())


_SENTENCE_BREAK = re.compile(r"(?<=[.!?;:])\s+|\n+")
_WORDS = re.compile(r"\s+|[^\s]+")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_BREAK.split(text) if s and s.strip()]


def _inline(old: str, new: str) -> list[InlineSegment]:
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    segments: list[InlineSegment] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if segments and segments[-1].op == op:
            segments[-1].text += text
        else:
            segments.append(InlineSegment(op, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("equal", "".join(a[i1:i2]))
        else:
            add("delete", "".join(a[i1:i2]))
            add("insert", "".join(b[j1:j2]))
    return segments


def _keyed_sections(version: LabelVersion) -> dict[str, tuple[str, str, str]]:
    """key -> (title, anchor, text); repeated keys (several unclassified sections) are joined."""
    out: dict[str, tuple[str, str, list[str]]] = {}
    for section in version.sections.all().order_by("order", "id"):
        title, anchor, texts = out.setdefault(section.key, (section_title(section), section.anchor, []))
        texts.append(section.text)
    return {k: (t, a, "\n\n".join(texts)) for k, (t, a, texts) in out.items()}


def label_version_diff(old: LabelVersion, new: LabelVersion, *, context: int = 1) -> VersionDiff:
    """Section-by-section diff of two label versions: added, removed and changed sections.

    Each changed section has a unified diff (sentence by sentence) and an inline word diff.
    """
    sources = _sources()
    a, b = _keyed_sections(old), _keyed_sections(new)
    added, removed, changed, same = [], [], [], []
    for key in list(a) + [k for k in b if k not in a]:
        if key in a and key in b:
            (title, anchor, old_text), (new_title, _, new_text) = a[key], b[key]
            if old_text == new_text:
                same.append(key)
                continue
            unified = list(
                difflib.unified_diff(
                    _sentences(old_text),
                    _sentences(new_text),
                    fromfile=f"{key} (version {old.version_display}, {old.effective_date or 'undated'})",
                    tofile=f"{key} (version {new.version_display}, {new.effective_date or 'undated'})",
                    n=context,
                    lineterm="",
                )
            )
            changed.append(
                SectionDiff(key, new_title, anchor, "changed", unified, _inline(old_text, new_text))
            )
        elif key in b:
            title, anchor, text = b[key]
            added.append(
                SectionDiff(
                    key,
                    title,
                    anchor,
                    "added",
                    [f"+{s}" for s in _sentences(text)],
                    [InlineSegment("insert", text)],
                )
            )
        else:
            title, anchor, text = a[key]
            removed.append(
                SectionDiff(
                    key,
                    title,
                    anchor,
                    "removed",
                    [f"-{s}" for s in _sentences(text)],
                    [InlineSegment("delete", text)],
                )
            )
    return VersionDiff(
        old=_version_info(old, sources, old.sections.count()),
        new=_version_info(new, sources, new.sections.count()),
        added=added,
        removed=removed,
        changed=changed,
        unchanged_keys=same,
    )
