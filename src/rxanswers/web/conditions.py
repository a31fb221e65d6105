"""Condition pages: /conditions/ (A-Z) and /conditions/<slug>/ (the medicines whose loaded indications name the
condition, grouped by FDA pharmacologic class, each with the sentence that says so and its source; comparisons
among them; their reviewed questions). Built by ``rxanswers.answers.condition_index``."""

from __future__ import annotations

from itertools import combinations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from rxanswers.answers.compare import MAX_DRUGS, canonical_path
from rxanswers.answers.condition_index import condition_for, condition_index, vocabulary
from rxanswers.web.footnotes import Footnotes

cache_page = cache_control(public=True, max_age=300)
MAX_QUESTIONS = 12


@require_safe
@cache_page
def condition_list(request: HttpRequest) -> HttpResponse:
    index = condition_index()
    letters: dict[str, list] = {}
    for condition in sorted(index.values(), key=lambda c: c.term.name.lower()):
        letter = condition.term.name[:1].upper()
        letters.setdefault(letter if letter.isalpha() else "#", []).append(condition)
    return render(request, "web/conditions.html", {"letters": sorted(letters.items())})


def _comparisons(condition) -> list[dict]:
    """Up to two comparison links per class group with two or more medicines."""
    out = []
    for group, medicines in condition.groups():
        slugs = [m.slug for m in medicines][:MAX_DRUGS]
        if len(slugs) < 2:
            continue
        for pair in list(combinations(slugs, 2))[:2]:
            names = [m.name for m in medicines if m.slug in pair]
            out.append({"url": canonical_path(list(pair)), "names": names, "group": group})
    return out[:12]


def _questions(condition) -> list:
    from rxanswers.drugs.models import Drug
    from rxanswers.review.selectors import public_questions

    ids = [m.drug_id for m in condition.medicines]
    drugs = Drug.objects.filter(id__in=ids)
    return list(public_questions().filter(drugs__in=drugs).distinct().order_by("text")[:MAX_QUESTIONS])


@require_safe
@cache_page
def condition_page(request: HttpRequest, slug: str) -> HttpResponse:
    index = condition_index()
    condition = index.get(slug)
    if condition is None:
        term = vocabulary().by_wording.get(slug.replace("-", " "))
        if term is not None and term.slug in index:
            return redirect("web:condition", slug=term.slug, permanent=True)
        return render(request, "web/404.html", {"path": request.path}, status=404)
    footnotes = Footnotes()
    groups = [
        {"name": group, "rows": [{"m": m, "ref": footnotes.ref(m.citation)} for m in medicines]}
        for group, medicines in condition.groups()
    ]
    context = {
        "condition": condition,
        "groups": groups,
        "footnotes": footnotes.notes,
        "comparisons": _comparisons(condition),
        "questions": _questions(condition),
    }
    return render(request, "web/condition_detail.html", context)


def condition_search_hit(text: str):
    """The condition a search names exactly, or None (the search page links it first)."""
    return condition_for(text)
