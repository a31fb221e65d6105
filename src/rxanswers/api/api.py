"""The read-only JSON API (django-ninja): drugs, monographs, labels, label versions and search.

Mounted at ``/api/``: docs at ``/api/docs``, schema at ``/api/openapi.json``, endpoints under ``/api/v1/``.
Every fact carries its source ``{key, name, snapshot_date, ...}``; every label section carries a citation
``{set_id, version, effective_date, section, url, source}``. Responses are built by the selectors in
``rxanswers.drugs.selectors`` and ``rxanswers.search.selectors``; nothing here writes.
"""

from __future__ import annotations

import json
from datetime import date

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from ninja import NinjaAPI, Router, Schema, Status
from ninja.openapi.docs import Swagger, _csrf_needed

from rxanswers.api.compact import CompactDrugOut, compact_payload
from rxanswers.api.errors import ValidationErrorOut
from rxanswers.api.leaflet import LeafletOut, leaflet_payload
from rxanswers.api.rendering import AbsoluteUrlRenderer
from rxanswers.drugs import selectors as drugs
from rxanswers.drugs.models import Drug, DrugLabel
from rxanswers.labels.models import Label
from rxanswers.search.selectors import MAX_QUERY_LENGTH, NAME_DICTIONARY, query_problem
from rxanswers.search.selectors import search as run_search


class LocalSwagger(Swagger):
    """Swagger UI from the site's own static files. django-ninja does this only when "ninja" is in INSTALLED_APPS
    (else it links a CDN); settings.py lists its template and static folders instead (see ``NINJA_DIR``)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)  # as Swagger.render_page (django-ninja 1.7)
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1),
            "api": api,
            "add_csrf": _csrf_needed(api),
        }
        return render(request, self.template, context)


api = NinjaAPI(
    title="rxanswers API",
    version="1",
    docs_url="/docs",
    docs=LocalSwagger(),
    description=(
        "Read-only drug information from public FDA data. Every fact carries its data source and snapshot "
        "date; label text carries a citation (set id, version, effective date, section, URL). "
        "Not a substitute for professional medical advice."
    ),
    urls_namespace="api",
    renderer=AbsoluteUrlRenderer(),
)
v1 = Router(tags=["v1"])

CACHE_SECONDS = 300
MAX_PAGE_SIZE = 500


# --- schemas ---------------------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str


class SuggestionOut(Schema):
    slug: str
    name: str
    matched_name: str
    kind: str
    score: float
    url: str


class NotFoundOut(Schema):
    detail: str
    suggestions: list[SuggestionOut] = []


class DrugItemOut(Schema):
    slug: str
    name: str
    has_label: bool
    url: str
    api_url: str


class DrugPageOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    letter: str | None
    q: str | None
    items: list[DrugItemOut]


class LabelVersionOut(Schema):
    version: drugs.VersionInfo
    manufacturer: str
    product_type: str
    notes: list[str]
    dailymed_url: str
    drugs: list[DrugItemOut]
    sections: list[drugs.SectionView]


class SourceOut(Schema):
    key: str
    name: str
    snapshot_date: date | None


class NameHitOut(Schema):
    slug: str
    name: str
    matched_name: str
    kind: str
    score: float
    url: str
    api_url: str


class SectionCitationOut(Schema):
    set_id: str
    version: int | None
    version_pk: int
    effective_date: date | None
    section: str
    url: str
    source: SourceOut | None


class SectionHitOut(Schema):
    section: str
    section_title: str
    snippet: str
    drug_slug: str | None
    drug_name: str | None
    label_title: str
    citation: SectionCitationOut


class SearchOut(Schema):
    query: str
    showing_results_for: NameHitOut | None
    names: list[NameHitOut]
    sections: list[SectionHitOut]
    sections_for_drug: str | None


# --- helpers ---------------------------------------------------------------------------------------------


def _cache(response: HttpResponse, seconds: int = CACHE_SECONDS) -> None:
    response["Cache-Control"] = f"public, max-age={seconds}"


def _drug_item(slug: str, name: str, has_label: bool) -> dict:
    return {
        "slug": slug,
        "name": name,
        "has_label": has_label,
        "url": reverse("web:drug_detail", args=[slug]),
        "api_url": reverse("api:drug_detail", args=[slug]),
    }


def _not_found(name: str) -> Status:
    hits = NAME_DICTIONARY.lookup(" ".join(name.replace("-", " ").split())[:MAX_QUERY_LENGTH], limit=5)
    payload = {
        "detail": f"No drug named {name!r} in this database.",
        "suggestions": [
            {
                "slug": h.drug_slug,
                "name": h.drug_name,
                "matched_name": h.matched_name,
                "kind": h.kind,
                "score": h.score,
                "url": reverse("web:drug_detail", args=[h.drug_slug]),
            }
            for h in hits
        ],
    }
    return Status(404, payload)


# --- endpoints -------------------------------------------------------------------------------------------


@v1.get("/drugs", response={200: DrugPageOut, 400: ErrorOut, 422: ValidationErrorOut}, url_name="drug_list")
def drug_list(
    request: HttpRequest,
    response: HttpResponse,
    letter: str | None = None,
    q: str | None = None,
    page: int = 1,
    page_size: int = drugs.INDEX_PAGE_SIZE,
):
    """Drugs (name order) with a label, an FDA application or an NDC listing; filter by first letter or name."""
    if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        return Status(400, {"detail": f"page must be >= 1 and page_size between 1 and {MAX_PAGE_SIZE}."})
    if letter and drugs.normalize_letter(letter) is None:
        return Status(400, {"detail": "letter must be one letter A-Z or '0-9'."})
    if q is not None and len(q) > MAX_QUERY_LENGTH:
        return Status(400, {"detail": f"q is {len(q)} characters long; the limit is {MAX_QUERY_LENGTH}."})
    _cache(response)
    if q and q.strip():
        qs = drugs.drug_search_names(q)
        if letter:
            qs = qs.filter(name__istartswith=drugs.normalize_letter(letter))
        paginated = Paginator(qs.order_by("name", "pk"), page_size).get_page(page)
    else:
        paginated = drugs.drug_index(letter, page=page, per_page=page_size)
    ids = [d.pk for d in paginated.object_list]
    labelled = set(DrugLabel.objects.filter(drug_id__in=ids).values_list("drug_id", flat=True))
    payload = {
        "count": paginated.paginator.count,
        "page": paginated.number,
        "pages": paginated.paginator.num_pages,
        "page_size": page_size,
        "letter": drugs.normalize_letter(letter),
        "q": q,
        "items": [_drug_item(d.slug, d.name, d.pk in labelled) for d in paginated.object_list],
    }
    return Status(200, payload)


@v1.get(
    "/drugs/{slug}",
    response={200: drugs.Monograph | CompactDrugOut, 404: NotFoundOut, 422: ValidationErrorOut},
    url_name="drug_detail",
)
def drug_detail(request: HttpRequest, response: HttpResponse, slug: str, compact: bool = False):
    """A drug's monograph: names, classes, label sections with citations, approvals, generics, patents,
    NDC products, Purple Book biosimilars, NADAC prices (what pharmacies pay, not the price you pay; latest
    per package NDC), and the sources of all of them. A brand name or brand slug resolves to its drug.
    ``compact=true``: names, classes, the label version with each section's link (no text), generic
    availability, counts of the tables left out and links to the full payloads."""
    resolved = drugs.drug_get(slug)
    if resolved is None:
        return _not_found(slug)
    _cache(response)
    monograph = drugs.drug_monograph(resolved)
    return Status(200, compact_payload(request, monograph) if compact else monograph)


@v1.get("/drugs/{slug}/leaflet", response={200: LeafletOut, 404: NotFoundOut}, url_name="drug_leaflet")
def drug_leaflet(request: HttpRequest, response: HttpResponse, slug: str):
    """A drug's patient leaflet, as its page shows it: why it is used, how to take it, a missed dose, who should
    not take it, common and serious side effects, interactions, storage, overdose, generics and cost. Every
    sentence is quoted in plain words from one FDA label version (or Drugs@FDA, NADAC) with its citation; a
    section the label does not cover says so (`status`). A brand name or brand slug resolves to its drug."""
    resolved = drugs.drug_get(slug)
    if resolved is None:
        return _not_found(slug)
    _cache(response)
    return Status(200, leaflet_payload(request, resolved.drug))


@v1.get(
    "/drugs/{slug}/labels", response={200: list[drugs.LabelHistory], 404: NotFoundOut}, url_name="drug_labels"
)
def drug_labels(request: HttpRequest, response: HttpResponse, slug: str):
    """Every label of a drug with all its versions (newest first)."""
    resolved = drugs.drug_get(slug)
    if resolved is None:
        return _not_found(slug)
    _cache(response)
    return Status(200, drugs.label_history(resolved.drug))


@v1.get("/labels/{set_id}", response={200: drugs.LabelHistory, 404: ErrorOut}, url_name="label_detail")
def label_detail(request: HttpRequest, response: HttpResponse, set_id: str):
    """One label (by SPL set id) and its versions, newest first."""
    label = Label.objects.filter(set_id=set_id).first()
    if label is None:
        return Status(404, {"detail": f"No label with set id {set_id!r} in this database."})
    _cache(response)
    return Status(200, drugs.label_history(label)[0])


@v1.get(
    "/labels/{set_id}/versions/{version_pk}",
    response={200: LabelVersionOut, 404: ErrorOut, 422: ValidationErrorOut},
    url_name="label_version",
)
def label_version(request: HttpRequest, response: HttpResponse, set_id: str, version_pk: int):
    """One label version with every section; each section carries its citation."""
    version = drugs.label_version_get(set_id, version_pk)
    if version is None:
        return Status(404, {"detail": f"No version {version_pk} of label {set_id!r} in this database."})
    _cache(response)
    linked = Drug.objects.filter(labels=version.label).order_by("name")
    payload = {
        "version": drugs.version_info(version),
        "manufacturer": version.manufacturer,
        "product_type": version.product_type,
        "notes": list(version.notes or []),
        "dailymed_url": version.dailymed_url,
        "drugs": [_drug_item(d.slug, d.name, True) for d in linked],
        "sections": drugs.label_version_sections(version),
    }
    return Status(200, payload)


@v1.get("/search", response={200: SearchOut, 400: ErrorOut}, url_name="search")
def search(request: HttpRequest, response: HttpResponse, q: str = ""):
    """Drug names first (typos welcome), then label sections containing the words."""
    problem = query_problem(q)
    if problem:
        return Status(400, {"detail": problem})
    _cache(response, 60)
    results = run_search(q)

    def name_out(hit) -> dict:
        return {
            "slug": hit.drug_slug,
            "name": hit.drug_name,
            "matched_name": hit.matched_name,
            "kind": hit.kind,
            "score": hit.score,
            "url": reverse("web:drug_detail", args=[hit.drug_slug]),
            "api_url": reverse("api:drug_detail", args=[hit.drug_slug]),
        }

    version_sources = drugs.version_sources([h.version_pk for h in results.sections])
    confident = results.confident_drug
    payload = {
        "query": results.query,
        "showing_results_for": name_out(confident) if confident else None,
        "names": [name_out(h) for h in results.names],
        "sections": [
            {
                "section": h.section_key,
                "section_title": h.section_title,
                "snippet": h.snippet,
                "drug_slug": h.drug_slug,
                "drug_name": h.drug_name,
                "label_title": h.label_title,
                "citation": {
                    "set_id": h.set_id,
                    "version": h.version,
                    "version_pk": h.version_pk,
                    "effective_date": h.effective_date,
                    "section": h.section_key,
                    "url": drugs.label_version_url(h.set_id, h.version_pk, h.anchor),
                    "source": version_sources.get(h.version_pk),
                },
            }
            for h in results.sections
        ],
        "sections_for_drug": results.sections_for_drug.drug_name if results.sections_for_drug else None,
    }
    return Status(200, payload)


from rxanswers.api.answers import router as answers_router  # noqa: E402
from rxanswers.api.compare import router as compare_router  # noqa: E402
from rxanswers.api.interactions import router as interactions_router  # noqa: E402
from rxanswers.api.questions import router as questions_router  # noqa: E402

v1.add_router("/answers", answers_router)
v1.add_router("/interactions", interactions_router)
v1.add_router("/compare", compare_router)
v1.add_router("/questions", questions_router)
api.add_router("/v1", v1)
