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


CONDITIONS_SHOWN = 2  # a question is listed under its first conditions only (it names at most a few)


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
    order = request.GET.get("order") if request.GET.get("order") in ("newest", "condition") else "drug"
    drug_slug = (request.GET.get("drug") or "")[:200]
    questions = questions_listing(drug_slug=drug_slug, order="newest" if order == "newest" else "drug")
    page = Paginator(questions, PAGE_SIZE).get_page(request.GET.get("page") or 1)
    groups: dict[str, list] = {}
    for q in page.object_list:
        if order == "drug":
            names = sorted(d.name for d in q.drugs.all()) or ["other questions"]
            groups.setdefault(names[0], []).append(q)
        elif order == "condition":  # under each condition it is about (named, or what its medicines treat)
            for condition in (q.conditions or ["other questions"])[:CONDITIONS_SHOWN]:
                groups.setdefault(condition.lower(), []).append(q)
    context = {
        "page": page,
        "order": order,
        "orders": [("drug", "by medicine"), ("condition", "by condition"), ("newest", "newest first")],
        "drug": drug_slug,
        "groups": sorted(groups.items()),
    }
    return render(request, "review/questions_index.html", context)
