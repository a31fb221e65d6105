"""The value objects of drug pages, the API and the CLI (every fact with its ``SourceRef``), the constants that
shape them, and the helpers that build them from rows. Read by ``selectors``, ``monograph`` and ``history``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.urls import NoReverseMatch, reverse

from rxanswers.core.models import DataSource
from rxanswers.drugs.models import (
    Drug,
)
from rxanswers.labels.models import LabelVersion, Section

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
        from rxanswers.drugs.monograph import monograph_as_dict

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
