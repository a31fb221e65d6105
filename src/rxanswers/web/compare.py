"""Comparison pages: /compare/ (a form) and /compare/<a>-vs-<b>[-vs-<c>...]/ (a side-by-side table, every cell
cited; any order or spelling redirects to one canonical URL). Built by ``rxanswers.answers.compare``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from rxanswers.answers.checker import split_names
from rxanswers.answers.compare import MAX_DRUGS, CompareInputError, compare
from rxanswers.web.footnotes import Footnotes

MAX_SPEC_LENGTH = 400
cache_page = cache_control(public=True, max_age=300)


def _numbered(comparison) -> list[dict]:
    """Footnotes, one per distinct citation in table order; each cell gets its numbers (``cell.refs``)."""
    footnotes = Footnotes()
    for row in comparison.rows:
        for cell in row.cells:
            cell.refs = [footnotes.ref(citation) for citation in cell.citations]
    return footnotes.notes


def _form(request: HttpRequest, drugs: str = "", problem: str = "", suggestions=None, status: int = 200):
    context = {"drugs": drugs, "problem": problem, "suggestions": suggestions or {}, "max_drugs": MAX_DRUGS}
    return render(request, "web/compare_form.html", context, status=status)


@require_safe
@cache_page
def compare_form(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("drugs", "")
    if "drugs" not in request.GET:
        return _form(request)
    if len(text) > MAX_SPEC_LENGTH:
        return _form(request, text[:MAX_SPEC_LENGTH], "The list is too long.", status=400)
    try:
        comparison = compare(split_names(text))
    except CompareInputError as exc:
        return _form(request, text, str(exc), exc.suggestions, status=400)
    return redirect(comparison.path)


@require_safe
@cache_page
def compare_page(request: HttpRequest, spec: str) -> HttpResponse:
    if len(spec) > MAX_SPEC_LENGTH:
        return _form(request, "", "The address is too long.", status=404)
    names = [p for p in spec.lower().split("-vs-") if p]
    try:
        comparison = compare(names)
    except CompareInputError as exc:
        return _form(request, ", ".join(names), str(exc), exc.suggestions, status=404)
    if request.path != comparison.path:
        return redirect(comparison.path, permanent=True)
    footnotes = _numbered(comparison)
    return render(request, "web/compare.html", {"c": comparison, "footnotes": footnotes})
