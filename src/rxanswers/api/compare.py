"""GET /api/v1/compare?drugs=a,b,c: the side-by-side comparison (``rxanswers.answers.compare``) as JSON."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from rxanswers.answers.checker import split_names
from rxanswers.answers.compare import CompareInputError, compare
from rxanswers.api.answers import CitationOut

router = Router(tags=["compare"])
MAX_QUERY_LENGTH = 400


class CellOut(Schema):
    text: str
    known: bool = Field(..., description="false when nothing loaded says it (the text says so)")
    citations: list[CitationOut]


class RowOut(Schema):
    key: str
    title: str
    cells: list[CellOut] = Field(..., description="one per medicine, in the order of `drugs`")


class CompareDrugOut(Schema):
    name: str
    slug: str | None
    brands: list[str]
    has_label: bool


class CompareOut(Schema):
    drugs: list[CompareDrugOut]
    url: str = Field(..., description="the canonical comparison page")
    rows: list[RowOut]


class CompareErrorOut(Schema):
    detail: str
    suggestions: dict[str, list[str]] = {}


@router.get("", response={200: CompareOut, 400: CompareErrorOut}, url_name="compare")
def get_compare(request: HttpRequest, response: HttpResponse, drugs: str = ""):
    """Compare 2-4 medicines (comma-separated names; brands and typos welcome). Every cell is cited."""
    if len(drugs) > MAX_QUERY_LENGTH:
        return Status(400, {"detail": f"drugs can be at most {MAX_QUERY_LENGTH} characters long."})
    try:
        comparison = compare(split_names(drugs))
    except CompareInputError as exc:
        return Status(400, {"detail": str(exc), "suggestions": exc.suggestions})
    response["Cache-Control"] = "public, max-age=300"
    return Status(200, comparison.to_dict())
