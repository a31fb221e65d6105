"""Trust pages: who reviews the answers (/reviewers/) and how answers are made, sourced and reviewed (/about/).
Thin views over ``review.selectors``."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from rxanswers.review.selectors import public_reviewers


@require_safe
def reviewers(request: HttpRequest) -> HttpResponse:
    return render(request, "review/reviewers.html", {"reviewers": public_reviewers()})


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    context = {"review_max_age_days": settings.RXANSWERS_REVIEW_MAX_AGE_DAYS}
    return render(request, "review/about.html", context)
