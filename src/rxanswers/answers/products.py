"""Reads about a drug's marketed products for the answer composers: how it is sold (over the counter, on
prescription, controlled), the routes of the products a brand name stands for, and the sources of its names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rxanswers.answers.selectors import data_sources, stamped
from rxanswers.answers.understanding.text import normalise
from rxanswers.core.drugnames import strip_salts
from rxanswers.core.models import DataSource
from rxanswers.drugs.models import Drug, DrugName, Product


@dataclass
class SaleStatus:
    """How a drug (or the product a question names) is sold: over the counter, on prescription, controlled."""

    otc: list[str]  # product names, most listed first
    prescription: list[str]
    schedules: list[str]  # DEA schedules ("CII")
    sources: list[DataSource]
    named_only: bool  # the lists are of the product the question named, not every product of the drug
    strength: str = ""  # the lists are of this strength only ("800 mg")


def name_sources(drug: Drug, names: list[str]) -> list[DataSource]:
    """The sources that give ``drug`` these names (for "Augmentin is amoxicillin and clavulanate")."""
    wanted = {normalise(n) for n in names}
    rows = DrugName.objects.filter(drug=drug, normalized__in=wanted).values_list("source_id", flat=True)
    sources = data_sources()
    return [sources[i] for i in sorted(set(rows))] or [
        sources[i] for i in DrugName.objects.filter(drug=drug).values_list("source_id", flat=True)[:1]
    ]


def named_routes(drug: Drug, named: str) -> list[str]:
    """NDC routes of the products carrying a brand name the question used ("Flonase" -> ``["NASAL"]``);
    nothing for the drug's own generic name."""
    return list(stamped("named_routes", (drug.id, normalise(named)), lambda: _named_routes(drug, named)))


def _named_routes(drug: Drug, named: str) -> list[str]:
    from rxanswers.drugs.models import NdcProduct

    wanted = normalise(named)
    if not wanted or wanted in {normalise(i) for i in drug.ingredients} | {normalise(drug.name)}:
        return []
    found = set()
    rows = NdcProduct.objects.filter(drug=drug, proprietary_name__istartswith=named.strip().split()[0][:40])
    for name, route in rows.values_list("proprietary_name", "route"):
        if route and normalise(name).startswith(wanted):
            found.add(route)
    return sorted(found)


_STRENGTH = re.compile(r"(\d+(?:\.\d+)?)\s*(mg|mcg|g|ml|%)\b", re.I)


def asked_strength(question: str, named: str = "") -> str | None:
    """The strength a question names ("800 mg" -> ``"800mg"``; "motrin 800", a bare number right after the
    medicine's name, is milligrams), for products of that strength only."""
    m = _STRENGTH.search(question or "")
    if m:
        return f"{m.group(1)}{m.group(2).lower()}"
    if named and (
        bare := re.search(
            re.escape(named) + r"\s+(\d{2,4})\b(?!\s*(?:%|times|hours?|days?|minutes?|weeks?|years?|x\b))",
            question,
            re.I,
        )
    ):
        return f"{bare.group(1)}mg"
    return None


def _has_strength(strengths: str, wanted: str | None) -> bool:
    return wanted is None or wanted in re.sub(r"\s+", "", strengths.lower()).split("/")[0].split(";")[0]


def sale_status(drug: Drug, named: str = "", strength: str | None = None) -> SaleStatus:
    """Marketed products by how they are sold: Drugs@FDA marketing status (not discontinued) and the NDC
    directory's product type and DEA schedule. ``named``: a brand the question used ("Flonase"); when products
    carry that name only they are counted. ``strength`` ("800mg"): when products of that strength are listed,
    only they are counted (200 mg ibuprofen is sold over the counter, 800 mg on prescription)."""
    from collections import Counter

    from rxanswers.drugs.models import NdcProduct

    rows: list[tuple[str, str, str, DataSource, str]] = []  # (kind, product name, schedule, source, strength)
    sources = data_sources()
    for name, status, source_id, amount in Product.objects.filter(drug=drug).values_list(
        "drug_name", "marketing_status", "source_id", "strength"
    ):
        kind = {"Prescription": "rx", "Over-the-counter": "otc"}.get(status)
        if kind:
            rows.append((kind, name, "", sources[source_id], amount))
    for name, product_type, schedule, source_id, amounts in NdcProduct.objects.filter(drug=drug).values_list(
        "proprietary_name", "product_type", "dea_schedule", "source_id", "strengths"
    ):
        kind = {"HUMAN PRESCRIPTION DRUG": "rx", "HUMAN OTC DRUG": "otc"}.get(product_type)
        if kind:
            rows.append((kind, name, schedule, sources[source_id], " ".join(amounts or [])))
    shown_strength = ""
    if strength is not None:
        of_strength = [r for r in rows if _has_strength(r[4], strength)]
        if of_strength:
            rows, shown_strength = of_strength, re.sub(r"(\d)([a-z%])", r"\1 \2", strength)
    wanted = normalise(named)
    own = {normalise(i) for i in drug.ingredients} | {normalise(drug.name)}
    named_only = False
    if wanted and wanted not in own:
        mine = [r for r in rows if normalise(r[1]).startswith(wanted)]
        if mine:
            rows, named_only = mine, True
    by_kind: dict[str, Counter] = {"otc": Counter(), "rx": Counter()}
    shown: dict[str, str] = {}  # one spelling per name; generic names ("Ibuprofen") say "generic ibuprofen"
    for kind, name, *_ in rows:
        key = normalise(name)
        shown.setdefault(key, name.strip().title() if name.isupper() else name.strip())
        generic = not key or key in own or strip_salts(key) in own
        by_kind[kind]["generic " + drug.name if generic else shown[key]] += 1
    used = {r[3].id: r[3] for r in rows}

    def ranked(counts: Counter) -> list[str]:  # brand names first, most listed first
        return sorted(counts, key=lambda n: (n.startswith("generic "), -counts[n]))

    return SaleStatus(
        otc=ranked(by_kind["otc"]),
        prescription=ranked(by_kind["rx"]),
        schedules=sorted({r[2] for r in rows if r[2]}),
        sources=list(used.values()),
        named_only=named_only,
        strength=shown_strength,
    )


@dataclass(frozen=True)
class MarketedForm:
    """One marketed product's name, dosage form and route (NDC directory or Drugs@FDA)."""

    name: str
    form: str  # "SOLUTION", "TABLET, FILM COATED"
    route: str  # "ORAL", "OPHTHALMIC"
    source: DataSource


def marketed_forms(drug: Drug, named: str = "") -> tuple[list[MarketedForm], bool]:
    """The forms a drug is sold in: ``(products, named_only)``. When products carry the brand the question used
    (``named``: "Pataday") only theirs are returned and ``named_only`` is True."""
    from rxanswers.drugs.models import NdcProduct

    sources = data_sources()
    rows = [
        MarketedForm(name, form, route, sources[source_id])
        for name, form, route, source_id in NdcProduct.objects.filter(
            drug=drug, product_type__in=("HUMAN PRESCRIPTION DRUG", "HUMAN OTC DRUG")
        ).values_list("proprietary_name", "dosage_form", "route", "source_id")
        if form
    ]
    for name, form_route, source_id in (
        Product.objects.filter(drug=drug)
        .exclude(marketing_status__in=["", "Discontinued"])
        .values_list("drug_name", "form", "source_id")
    ):
        form, _, route = (part.strip() for part in form_route.partition(";"))
        rows.append(MarketedForm(name, form, route, sources[source_id]))
    wanted = normalise(named)
    if wanted and wanted not in {normalise(i) for i in drug.ingredients} | {normalise(drug.name)}:
        # the brand anywhere in the product name ("Children's Tylenol" is a Tylenol)
        brand = re.compile(r"(?:^|\s)" + re.escape(wanted) + r"(?:\s|$)")
        mine = [r for r in rows if brand.search(normalise(r.name))]
        if mine:
            return mine, True
    return rows, False
