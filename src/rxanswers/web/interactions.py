"""The /interactions/ page: 2-10 medicines (foods, drinks and supplements too) checked pair by pair, every
statement cited (``rxanswers.answers.checker``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from rxanswers.answers.checker import MAX_ITEMS, CheckerInputError, check_interactions, split_names
from rxanswers.web.footnotes import Footnotes

MAX_INPUT_LENGTH = 1000


def _footnotes(check) -> list[dict]:
    """One footnote per distinct citation, numbered in reading order; each statement gets its number."""
    footnotes = Footnotes()
    for pair in check.pairs:
        for statement in pair.statements:
            statement.ref = footnotes.ref(statement.citation)
    return footnotes.notes


@require_safe
@cache_control(public=True, max_age=300)
def interactions(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("drugs", "")
    context: dict = {"drugs": text, "max_items": MAX_ITEMS, "max_length": MAX_INPUT_LENGTH}
    status = 200
    if "drugs" in request.GET:
        if len(text) > MAX_INPUT_LENGTH:
            context["problem"] = f"The list can be at most {MAX_INPUT_LENGTH} characters long."
            status = 400
        else:
            try:
                check = check_interactions(split_names(text))
            except CheckerInputError as exc:
                context["problem"] = str(exc)
                status = 400
            else:
                context["check"] = check
                context["footnotes"] = _footnotes(check)
    return render(request, "web/interactions.html", context, status=status)
