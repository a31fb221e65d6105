"""/questions/: every medically reviewed question, by medicine (A-Z) or newest first, optionally for one medicine.
Thin view over ``review.selectors``."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from rxanswers.review.selectors import public_questions

PAGE_SIZE = 50


def questions_listing(*, drug_slug: str = "", order: str = "drug"):
    """Published questions (with their medicines), for one medicine or all; ``order`` "drug" or "newest"."""
    questions = public_questions().prefetch_related("drugs").select_related("reviewed_by__reviewer")
    if drug_slug:
        questions = questions.filter(drugs__slug=drug_slug).distinct()
    if order == "newest":
        return questions.order_by("-last_updated", "-id")
    return questions.order_by("text")


@require_safe
@cache_control(public=True, max_age=60)
def questions_index(request: HttpRequest) -> HttpResponse:
    order = "newest" if request.GET.get("order") == "newest" else "drug"
    drug_slug = (request.GET.get("drug") or "")[:200]
    questions = questions_listing(drug_slug=drug_slug, order=order)
    page = Paginator(questions, PAGE_SIZE).get_page(request.GET.get("page") or 1)
    groups: dict[str, list] = {}
    if order == "drug":
        for q in page.object_list:
            names = sorted(d.name for d in q.drugs.all()) or ["other questions"]
            groups.setdefault(names[0], []).append(q)
    context = {"page": page, "order": order, "drug": drug_slug, "groups": sorted(groups.items())}
    return render(request, "review/questions_index.html", context)
