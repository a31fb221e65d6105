"""GET /api/v1/drugs/{slug}?compact=true: a drug's monograph without its label text and data tables, for apps
that list or link drugs: names, FDA classes, the label version a page quotes (with each section's absolute link),
generic availability, counts of the tables left out and absolute links to the full payloads. Registered with the
other drug endpoints in ``api.py``; this module holds its schema and payload."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Schema


class CompactClassOut(Schema):
    name: str
    kind: str = Field(..., description="epc (established pharmacologic class), moa, cs or pe")


class CompactSectionOut(Schema):
    key: str
    title: str
    url: str = Field(..., description="the section of the label at this version (absolute)")


class CompactLabelOut(Schema):
    set_id: str
    version: int | None
    effective_date: str | None
    title: str
    url: str = Field(..., description="the label version on this site (absolute)")
    dailymed_url: str
    sections: list[CompactSectionOut]


class CompactDrugOut(Schema):
    compact: bool = Field(True, description="always true: this is the compact payload")
    slug: str
    name: str
    ingredients: list[str]
    is_combination: bool
    brand_names: list[str]
    classes: list[CompactClassOut]
    label: CompactLabelOut | None = Field(..., description="null when no label text is loaded")
    generic_available: bool
    counts: dict[str, int] = Field(
        ..., description="rows left out: applications, patents, ndc_products, other_labels, sources"
    )
    links: dict[str, str] = Field(..., description="page, leaflet and full (absolute URLs)")
    as_of: str


def compact_payload(request: HttpRequest, monograph) -> dict:
    """The compact form of a ``drugs.facts.Monograph``."""
    absolute = request.build_absolute_uri
    label = None
    if monograph.label is not None and monograph.has_label_text:
        summary = monograph.label
        version_path = reverse("web:label_version", args=[summary.set_id, summary.version_pk])
        sections = [view for group in monograph.groups for view in group.sections] + list(
            monograph.other_sections
        )
        label = {
            "set_id": summary.set_id,
            "version": summary.version,
            "effective_date": summary.effective_date.isoformat() if summary.effective_date else None,
            "title": summary.title,
            "url": absolute(version_path),
            "dailymed_url": summary.dailymed_url,
            "sections": [
                {"key": view.key, "title": view.title, "url": absolute(view.citation.url)}
                for view in sections
            ],
        }
    return {
        "compact": True,
        "slug": monograph.slug,
        "name": monograph.name,
        "ingredients": list(monograph.ingredients),
        "is_combination": monograph.is_combination,
        "brand_names": [fact.name for fact in monograph.brand_names],
        "classes": [{"name": c.name, "kind": c.kind} for c in monograph.classes],
        "label": label,
        "generic_available": monograph.generics.generic_available,
        "counts": {
            "applications": len(monograph.applications),
            "patents": len(monograph.patents),
            "ndc_products": monograph.ndc.product_count,
            "other_labels": len(monograph.other_labels),
            "sources": len(monograph.sources),
        },
        "links": {
            "page": absolute(reverse("web:drug_detail", args=[monograph.slug])),
            "leaflet": absolute(reverse("api:drug_leaflet", args=[monograph.slug])),
            "full": absolute(reverse("api:drug_detail", args=[monograph.slug])),
        },
        "as_of": monograph.as_of.isoformat(),
    }
