"""POST /api/v1/answers: the answer contract of `rxanswers ask --json` over HTTP (computes, stores nothing)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from rxanswers.answers.pipeline import answer_question
from rxanswers.api.errors import ValidationErrorOut
from rxanswers.review.selectors import review_status_for_question

router = Router(tags=["answers"])
MAX_QUESTION_LENGTH = 1000


class QuestionIn(Schema):
    question: str = Field(..., max_length=MAX_QUESTION_LENGTH, description="a medication question")
    id: str | int | None = Field(None, description="echoed back as `id`")


class CitationOut(Schema):
    source: str = Field(..., description='"fda_label" for label text, else a data source key')
    set_id: str | None = None
    version: int | None = None
    effective_date: str | None = None
    section: str | None = None
    url: str | None = None
    dailymed_url: str | None = None
    version_id: int | None = None
    section_id: int | None = None
    source_name: str | None = None
    snapshot_date: str | None = None
    record: str | None = None


class SentenceOut(Schema):
    text: str
    citations: list[CitationOut]
    role: str


class AnswerBodyOut(Schema):
    text: str
    sentences: list[SentenceOut]
    notices: list[str]


class DrugOut(Schema):
    name: str
    brands: list[str]
    matched: str
    id: int | None
    slug: str | None
    confidence: float
    has_label: bool
    kind: str = Field(
        "drug",
        description="drug | class (a drug class such as 'statins') | description ('drugs that cause hair loss')",
    )
    classes: list[str] = Field(
        default_factory=list, description="FDA pharmacologic classes (EPC) of a class entry"
    )
    members: list[str] = Field(default_factory=list, description="some drugs of a class entry")


class AnswerOut(Schema):
    id: str | int | None
    question: str
    drugs: list[DrugOut]
    intent: str | None
    secondary_intent: str | None
    answer: AnswerBodyOut | None
    abstained: str | None
    suggestions: list[str]
    classes: list[str]
    review: dict[str, Any]


class ErrorOut(Schema):
    detail: str


@router.post(
    "", response={200: AnswerOut, 400: ErrorOut, 422: ValidationErrorOut}, url_name="answers", auth=None
)
def create_answer(request: HttpRequest, payload: QuestionIn):
    """Answer a question from FDA labeling; every sentence carries its citations. Not medically reviewed."""
    try:
        result = answer_question(payload.question)
    except ValueError as exc:
        return Status(400, {"detail": str(exc)})
    result.id = payload.id
    result.review = review_status_for_question(payload.question, [d.slug for d in result.drugs])
    return Status(200, result.to_dict())
