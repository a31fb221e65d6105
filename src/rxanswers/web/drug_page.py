"""The drug page: a patient leaflet composed by the answer engine (``answers.leaflet``), every sentence numbered
to its source, then the facts (approvals, patents, products, prices) summarised in a line each with their rows
one click away, and the full professional label one link away."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from rxanswers.core.text import jsonld_dumps
from rxanswers.drugs import selectors as drugs
from rxanswers.web.footnotes import Footnotes

BRANDS_SHOWN = 12  # brand names listed before "more"
_KEPT_SIZE = 128
_LOCK = threading.Lock()
_KEPT: OrderedDict[tuple, KeptPage] = OrderedDict()


def leaflet_rows(leaflet) -> tuple[list[dict], list[dict]]:
    """Each section with its sentences and their footnote numbers (in reading order), and the footnotes."""
    footnotes = Footnotes()
    rows = []
    for section in leaflet.sections:
        sentences = [{"s": s, "refs": [footnotes.ref(c) for c in s.citations]} for s in section.sentences]
        rows.append({"section": section, "sentences": sentences})
    return rows, footnotes.notes


@dataclass(frozen=True)
class KeptPage:
    """What a drug page shows that no request changes, assembled once per process while the content version
    (the newest finished ingest and editorial action: ``page_cache.content_version``), the data stamp (newest
    ingest run and label version) and the day are the same: the monograph, the leaflet, the reviewed questions
    and list prices, and the leaflet and sources blocks already rendered (``web/_drug_leaflet.html``,
    ``web/_drug_sources.html``). A page rendered without the page cache then costs the freshness queries,
    the drug lookup and the page frame."""

    monograph: object
    leaflet: object
    stamp: tuple
    list_prices: list
    leaflet_html: str
    sources_html: str


def kept_page(resolved) -> KeptPage:
    from rxanswers.answers.leaflet import drug_leaflet
    from rxanswers.answers.selectors import data_stamp, list_prices
    from rxanswers.review.selectors import questions_for_drug
    from rxanswers.web.page_cache import content_version

    stamp = (content_version(), data_stamp(), timezone.localdate())  # data_stamp: a label added outside a run
    key = (stamp, resolved.drug.id, resolved.matched_name, resolved.via)
    with _LOCK:
        kept = _KEPT.get(key)
        if kept is not None:
            _KEPT.move_to_end(key)
            return kept
    monograph = drugs.drug_monograph(resolved)
    leaflet = drug_leaflet(resolved.drug, monograph.label.version_pk if monograph.label else None)
    rows, footnotes = leaflet_rows(leaflet)
    context = {
        "m": monograph,
        "drug": resolved.drug,
        "leaflet": rows,
        "footnotes": footnotes,
        "reviewed_questions": list(questions_for_drug(resolved.drug)[:11]),
    }
    kept = KeptPage(
        monograph=monograph,
        leaflet=leaflet,
        stamp=stamp,
        list_prices=list_prices(resolved.drug),
        leaflet_html=render_to_string("web/_drug_leaflet.html", context),
        sources_html=render_to_string("web/_drug_sources.html", context),
    )
    with _LOCK:
        _KEPT[key] = kept
        while len(_KEPT) > _KEPT_SIZE:
            _KEPT.popitem(last=False)
    return kept


def forget() -> None:
    """Drop the kept pages (tests: each starts from an empty cache)."""
    with _LOCK:
        _KEPT.clear()


def drug_page(request: HttpRequest, resolved) -> HttpResponse:
    kept = kept_page(resolved)
    monograph, stamp = kept.monograph, kept.stamp
    url = request.build_absolute_uri(f"/drugs/{monograph.slug}/")
    live = [p for p in monograph.patents if not p.expired]
    b = monograph.biologics
    context = {
        "m": monograph,
        "drug": resolved.drug,
        "jsonld": jsonld_dumps(drug_jsonld(monograph, url)),
        "leaflet_html": kept.leaflet_html,
        "sources_html": kept.sources_html,
        "brands_shown": monograph.brand_names[:BRANDS_SHOWN],
        "brands_more": monograph.brand_names[BRANDS_SHOWN:],
        "epc_classes": [c for c in monograph.classes if c.kind == "epc"],
        "list_prices": kept.list_prices,
        # the facts section (every table row) is rendered once per content version and day: {% cache %}
        "facts_stamp": f"{stamp[0]}|{'-'.join(map(str, stamp[1]))}|{stamp[2].isoformat()}",
        "patents_live": live,
        "last_patent": max((p.expire_date for p in live if p.expire_date), default=None),
        "biologic_count": sum(
            len(group) for group in (b.reference_products, b.biosimilars, b.interchangeables)
        ),
        "marketed_applications": [a for a in monograph.applications if a.marketed],
    }
    return render(request, "web/drug_detail.html", context)


def drug_jsonld(m, url: str) -> dict:
    """schema.org ``Drug`` for a drug page (names, classes, label facts; only what the page shows)."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Drug",
        "name": m.name,
        "url": url,
        "nonProprietaryName": m.name,
    }
    if m.brand_names:
        data["proprietaryName"] = [b.name for b in m.brand_names[:BRANDS_SHOWN]]
    if m.ingredients:
        data["activeIngredient"] = ", ".join(m.ingredients)
    epc = [c.name for c in m.classes if c.kind == "epc"]
    if epc:
        data["drugClass"] = [{"@type": "DrugClass", "name": name} for name in epc]
    if m.label is not None:
        data["manufacturer"] = (
            {"@type": "Organization", "name": m.label.manufacturer} if m.label.manufacturer else None
        )
        data["prescribingInfo"] = f"https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid={m.label.set_id}"
    if m.applications:  # Drugs@FDA knows this drug: its generic status is a fact, not a guess
        data["isAvailableGenerically"] = bool(m.generics.generic_available)
    return {k: v for k, v in data.items() if v is not None}
