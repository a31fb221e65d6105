"""Reads for drug pages, the JSON API and the CLI: resolve a drug, list drugs A-Z, assemble a monograph
(``monograph``), list label versions and diff two of them (``history``); the value objects are in ``facts``.

Every fact in a ``Monograph`` carries the ``SourceRef`` (data source name and snapshot date) it came from;
every label section carries a ``Citation`` (set id, version, effective date, section, URL). Nothing here
writes, and nothing here invents text: a drug without label text says so. This module re-exports the public
names of the three others, so callers import from one place.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from rxanswers.core.models import DataSource
from rxanswers.core.text import normalize_name
from rxanswers.drugs.facts import (
    APPLICATION_TYPE_LABELS,
    CLASS_KIND_LABELS,
    CLASS_KIND_ORDER,
    GROUPED_KEYS,
    INDEX_PAGE_SIZE,
    LOAD_LABEL_HINT,
    LOAD_PRICES_HINT,
    LONG_SECTION_CHARS,
    NADAC_EXPLANATION,
    NADAC_LABEL,
    NDC_ROWS_SHOWN,
    NON_ALPHA_LETTER,
    PREVIEW_CHARS,
    PRICE_ROWS_SHOWN,
    SECTION_GROUPS,
    ApplicationFact,
    BiologicFact,
    BiologicSummary,
    Citation,
    ClassFact,
    ExclusivityFact,
    GenericFacts,
    InlineSegment,
    LabelHistory,
    LabelSummary,
    Monograph,
    NameFact,
    NdcFact,
    NdcSummary,
    PatentFact,
    PriceFact,
    PriceSummary,
    ProductFact,
    ResolvedDrug,
    SectionDiff,
    SectionGroup,
    SectionView,
    SourceRef,
    VersionDiff,
    VersionInfo,
    _display_variant,
    label_rank,
    label_version_url,
    section_title,
    section_views,
)
from rxanswers.drugs.history import (
    label_history,
    label_version_diff,
    label_version_get,
    label_version_sections,
    version_info,
    version_sources,
)
from rxanswers.drugs.models import (
    Application,
    Drug,
    DrugLabel,
    DrugName,
    NdcProduct,
    Product,
)
from rxanswers.drugs.monograph import (
    drug_biologics,
    drug_monograph,
    drug_price_summary,
    is_marketed,
    monograph_as_dict,
    page_label_version,
)
from rxanswers.labels.models import Label, LabelVersion, Section

__all__ = [
    "APPLICATION_TYPE_LABELS",
    "ApplicationFact",
    "BiologicFact",
    "BiologicSummary",
    "CLASS_KIND_LABELS",
    "CLASS_KIND_ORDER",
    "Citation",
    "ClassFact",
    "ExclusivityFact",
    "GROUPED_KEYS",
    "GenericFacts",
    "INDEX_PAGE_SIZE",
    "InlineSegment",
    "LOAD_LABEL_HINT",
    "LOAD_PRICES_HINT",
    "LONG_SECTION_CHARS",
    "LabelHistory",
    "LabelSummary",
    "Monograph",
    "NADAC_EXPLANATION",
    "NADAC_LABEL",
    "NDC_ROWS_SHOWN",
    "NON_ALPHA_LETTER",
    "NameFact",
    "NdcFact",
    "NdcSummary",
    "PREVIEW_CHARS",
    "PRICE_ROWS_SHOWN",
    "PatentFact",
    "PriceFact",
    "PriceSummary",
    "ProductFact",
    "ResolvedDrug",
    "SECTION_GROUPS",
    "SectionDiff",
    "SectionGroup",
    "SectionView",
    "SourceRef",
    "VersionDiff",
    "VersionInfo",
    "drug_biologics",
    "drug_get",
    "drug_index",
    "drug_monograph",
    "drug_price_summary",
    "drug_search_names",
    "drugs_with_facts",
    "index_letters",
    "is_marketed",
    "label_history",
    "label_rank",
    "label_version_diff",
    "label_version_get",
    "label_version_sections",
    "label_version_url",
    "monograph_as_dict",
    "normalize_letter",
    "page_label_version",
    "section_title",
    "section_views",
    "site_counts",
    "version_info",
    "version_sources",
]

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
