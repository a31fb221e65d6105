"""GET /api/v1/questions and /api/v1/questions/<slug>: medically reviewed questions and their published answers
(the reviewed revision only, every sentence with its citations)."""

from __future__ import annotations

from datetime import datetime

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Router, Schema, Status

from rxanswers.api.errors import ValidationErrorOut
from rxanswers.review.index_views import questions_listing
from rxanswers.review.selectors import question_get, question_public

router = Router(tags=["questions"])
MAX_PAGE_SIZE = 200


class QuestionItemOut(Schema):
    slug: str
    text: str
    url: str
    api_url: str
    drugs: list[str]
    last_updated: datetime | None
    reviewed_by: str = Field(..., description="the reviewer's name and credential")


class QuestionPageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[QuestionItemOut]


class QuestionSentenceOut(Schema):
    text: str
    refs: list[int] = Field(..., description="footnote numbers")


class QuestionOut(QuestionItemOut):
    answer: list[QuestionSentenceOut]
    footnotes: list[dict]
    relabel_notices: list[str] = Field(..., description="label updates since the review, if any")


class NotFoundOut(Schema):
    detail: str


def _reviewer(question) -> str:
    user = question.reviewed_by
    profile = getattr(user, "reviewer", None) if user else None
    if profile is None:
        return user.get_full_name() if user else ""
    return f"{profile.display_name}, {profile.credential}"


def _item(request: HttpRequest, question) -> dict:
    return {
        "slug": question.slug,
        "text": question.text,
        "url": request.build_absolute_uri(reverse("review:question", args=[question.slug])),
        "api_url": request.build_absolute_uri(f"/api/v1/questions/{question.slug}"),
        "drugs": sorted(d.name for d in question.drugs.all()),
        "last_updated": question.last_updated,
        "reviewed_by": _reviewer(question),
    }


@router.get("", response={200: QuestionPageOut, 422: ValidationErrorOut}, url_name="questions")
def list_questions(
    request: HttpRequest,
    response: HttpResponse,
    drug: str = "",
    order: str = "drug",
    page: int = 1,
    page_size: int = 50,
):
    """Published (medically reviewed) questions, by medicine or ``order=newest``; ``drug=<slug>`` for one."""
    listing = questions_listing(drug_slug=drug[:200], order="newest" if order == "newest" else "drug")
    paginator = Paginator(listing, max(1, min(page_size, MAX_PAGE_SIZE)))
    current = paginator.get_page(page)
    response["Cache-Control"] = "public, max-age=60"
    return {
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "items": [_item(request, q) for q in current.object_list],
    }


@router.get("/{slug}", response={200: QuestionOut, 404: NotFoundOut}, url_name="question")
def get_question(request: HttpRequest, response: HttpResponse, slug: str):
    """One reviewed question with its published answer; 404 when it is not published."""
    question = question_get(slug[:200])
    page = question_public(question) if question is not None and question.is_public else None
    if page is None:
        return Status(404, {"detail": "No published question with that address."})
    response["Cache-Control"] = "public, max-age=60"
    return Status(
        200,
        {
            **_item(request, question),
            "answer": [{"text": s["text"], "refs": s.get("refs", [])} for s in page.sentences],
            "footnotes": [{"n": f["n"], **f["c"]} for f in page.footnotes],
            "relabel_notices": [
                f"The FDA label for {n.drug} was updated on {n.updated_on}; this answer is being re-reviewed."
                for n in page.rereview
            ],
        },
    )
