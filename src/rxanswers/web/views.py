"""Server-rendered pages: thin adapters over the selectors in ``drugs``, ``labels`` and ``search``.

Views choose a selector, a template and an HTTP status/cache policy; they hold no business logic.
Everything from the database is rendered through Django's autoescaping.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from rxanswers.core.models import DataSource, IngestRun
from rxanswers.drugs import selectors as drugs
from rxanswers.drugs.models import Drug
from rxanswers.labels.models import Label, LabelVersion
from rxanswers.search.selectors import MAX_QUERY_LENGTH, NAME_DICTIONARY, query_problem
from rxanswers.search.selectors import search as run_search
from rxanswers.web.drug_page import drug_jsonld, drug_page

__all__ = ["drug_jsonld"]  # the drug page's schema.org data, built in drug_page

# Data pages change only when an ingest runs: let browsers and proxies keep them a few minutes.
cache_page = cache_control(public=True, max_age=300)
cache_search = cache_control(public=True, max_age=60)
cache_error = cache_control(public=True, max_age=60)


def _suggestions(text: str, limit: int = 5):
    text = " ".join(text.replace("-", " ").split())[:MAX_QUERY_LENGTH]
    return NAME_DICTIONARY.lookup(text, limit=limit) if text else []


@cache_error
def _drug_not_found(request: HttpRequest, name: str) -> HttpResponse:
    context = {"name": name, "suggestions": _suggestions(name)}
    return render(request, "web/drug_not_found.html", context, status=404)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/404.html", {"path": request.path}, status=404)


@require_safe
@cache_page
def home(request: HttpRequest) -> HttpResponse:
    from rxanswers.review.selectors import most_asked_questions, public_questions

    context = {
        "counts": drugs.site_counts(),
        "letters": drugs.index_letters(),
        "max_query": MAX_QUERY_LENGTH,
        "reviewed": list(public_questions().order_by("-last_updated", "-id")[:8]),
        "most_asked": most_asked_questions(),
    }
    return render(request, "web/home.html", context)


@require_safe
@cache_page
def drug_index(request: HttpRequest) -> HttpResponse:
    letter = drugs.normalize_letter(request.GET.get("letter"))
    page = drugs.drug_index(letter, page=request.GET.get("page") or 1)
    context = {"page": page, "letter": letter, "letters": drugs.index_letters()}
    return render(request, "web/drug_index.html", context)


@require_safe
@cache_page
def drug_detail(request: HttpRequest, slug: str) -> HttpResponse:
    resolved = drugs.drug_get(slug)
    if resolved is None:
        return _drug_not_found(request, slug)
    return drug_page(request, resolved)


def _int_param(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


@require_safe
@cache_page
def drug_label_history(request: HttpRequest, slug: str) -> HttpResponse:
    resolved = drugs.drug_get(slug)
    if resolved is None:
        return _drug_not_found(request, slug)
    drug: Drug = resolved.drug
    histories = drugs.label_history(drug)
    context = {"drug": drug, "histories": histories, "diff": None, "error": ""}
    status = 200
    if "from" in request.GET or "to" in request.GET:
        old_pk, new_pk = _int_param(request.GET.get("from")), _int_param(request.GET.get("to"))
        versions = LabelVersion.objects.filter(pk__in=[p for p in (old_pk, new_pk) if p], label__drugs=drug)
        found = {v.pk: v for v in versions.select_related("label", "source")}
        if old_pk is None or new_pk is None:
            context["error"] = "Choose two versions to compare (both “from” and “to”)."
            status = 400
        elif old_pk not in found or new_pk not in found:
            context["error"] = f"Those label versions do not belong to {drug.name}."
            status = 404
        elif found[old_pk].label_id != found[new_pk].label_id:
            context["error"] = "Those two versions belong to different labels; compare versions of one label."
            status = 400
        else:
            context["diff"] = drugs.label_version_diff(found[old_pk], found[new_pk])
    return render(request, "web/label_history.html", context, status=status)


@require_safe
@cache_page
def label_detail(request: HttpRequest, set_id: str) -> HttpResponse:
    label = Label.objects.filter(set_id=set_id).first()
    if label is None or label.current_version_id is None:
        return render(request, "web/404.html", {"path": request.path, "what": "label"}, status=404)
    return redirect("web:label_version", set_id=label.set_id, version_pk=label.current_version_id)


@require_safe
@cache_page
def label_version(request: HttpRequest, set_id: str, version_pk: int) -> HttpResponse:
    version = drugs.label_version_get(set_id, version_pk)
    if version is None:
        return render(request, "web/404.html", {"path": request.path, "what": "label version"}, status=404)
    context = {
        "version": version,
        "info": drugs.version_info(version),
        "source": drugs.SourceRef.of(version.source),
        "sections": drugs.label_version_sections(version),
        "drugs": list(Drug.objects.filter(labels=version.label).order_by("name")),
        "current": version.label.current_version,
        "history": drugs.label_history(version.label)[0].versions,
    }
    return render(request, "web/label_version.html", context)


@require_safe
@cache_search
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    problem = query_problem(query) if "q" in request.GET else ""
    results, condition = None, None
    if "q" in request.GET and not problem:
        results = run_search(query)
        if results.confident_drug is None:
            from rxanswers.answers.condition_index import condition_for

            condition = condition_for(query)
            if condition is not None and condition.term.kind == "condition":  # a disease: its page
                return redirect("web:condition", slug=condition.term.slug)
            # a symptom ("lactic acidosis"): the label hits, with its condition page linked first
    context = {
        "query": query,
        "problem": problem,
        "condition": condition,
        "results": results,
        "confident": results.confident_drug if results else None,
        "max_query": MAX_QUERY_LENGTH,
    }
    return render(request, "web/search.html", context, status=400 if problem else 200)


@require_safe
@cache_page
def sources(request: HttpRequest) -> HttpResponse:
    data_sources = list(DataSource.objects.order_by("-is_official", "key"))
    runs = list(IngestRun.objects.select_related("source").order_by("-started_at")[:500])
    runs_by_source: dict[int, list[IngestRun]] = {}
    for run in runs:
        # A few example bad records per run; the full list is `rxanswers ingest-status --run N`.
        run.example_issues = list(run.issues.all()[:5]) if run.error_count else []
        runs_by_source.setdefault(run.source_id, []).append(run)
    rows = [(s, runs_by_source.get(s.id, [])) for s in data_sources]
    return render(request, "web/sources.html", {"rows": rows})


@require_safe
@cache_page
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers welcome on public pages; the review area, sign-in and the computed pages are left out."""
    lines = [
        "User-agent: *",
        "Disallow: /review/",
        "Disallow: /accounts/",
        "Disallow: /admin/",
        "Disallow: /ask",
        "Disallow: /search",
        "Disallow: /interactions/",
        "Disallow: /api/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
