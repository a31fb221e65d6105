"""GET /api/v1/drugs/{slug}/leaflet: a drug's patient leaflet (``answers.leaflet``) as JSON, the sections in the
order the drug page shows them, every sentence with its citations (absolute URLs); "the label does not say"
sections marked by their ``status``. The endpoint itself is registered with the other drug endpoints in
``api.py``; this module holds its schemas and payload."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Schema

from rxanswers.answers.leaflet import STATUSES, leaflet_document, page_leaflet
from rxanswers.api.answers import CitationOut

STATUS_HELP = "; ".join(f"`{key}`: {text}" for key, text in STATUSES.items())


class LeafletSentenceOut(Schema):
    text: str
    role: str = Field(
        ...,
        description="answer | context | absence (a 'the label does not say' sentence) | coverage (a part of the "
        "label that is not loaded here)",
    )
    citations: list[CitationOut] = Field(
        ..., description="label text: set id, version, effective date, section, absolute URL at that version"
    )


class LeafletSectionOut(Schema):
    key: str = Field(..., description="uses, how-to-take, missed-dose, ..., generics-cost")
    heading: str
    status: str = Field(..., description=STATUS_HELP)
    covered: bool = Field(..., description="true when the section quotes something (status `quoted`)")
    sentences: list[LeafletSentenceOut]
    notes: list[str] = Field(..., description="patient notices shown under the section; never cited facts")
    absent: str = Field(..., description="why nothing is quoted, when nothing is loaded to cite")
    url: str = Field(..., description="the section on the drug page")
    label_url: str = Field(..., description="the label section most of its sentences come from ('' if none)")


class LeafletSourceOut(Schema):
    key: str
    name: str
    snapshot_date: str | None
    is_official: bool = Field(..., description="false for a third-party extraction of FDA labeling")


class LeafletLabelOut(Schema):
    set_id: str
    version: int | None
    version_id: int
    effective_date: str | None
    title: str
    url: str = Field(..., description="this label version on this site")
    dailymed_url: str
    source: LeafletSourceOut


class LeafletDrugOut(Schema):
    slug: str
    name: str


class LeafletOut(Schema):
    drug: LeafletDrugOut
    url: str = Field(..., description="the drug page")
    label: LeafletLabelOut | None = Field(
        ..., description="the label version quoted; null: no label text loaded"
    )
    sections: list[LeafletSectionOut] = Field(..., description="in the order the drug page shows them")


def leaflet_payload(request: HttpRequest, drug) -> dict:
    version, leaflet = page_leaflet(drug)
    return leaflet_document(drug, version, leaflet, base=request.build_absolute_uri("/").rstrip("/"))
