"""GET/POST /api/v1/interactions: the interaction checker (``rxanswers.answers.checker``) as JSON; computes,
stores nothing."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from rxanswers.answers.checker import (
    MAX_ITEMS,
    MAX_NAME_LENGTH,
    CheckerInputError,
    check_interactions,
    split_names,
)
from rxanswers.api.answers import CitationOut
from rxanswers.api.errors import ValidationErrorOut

router = Router(tags=["interactions"])
MAX_QUERY_LENGTH = 1000


class InteractionsIn(Schema):
    drugs: list[str] = Field(
        ..., min_length=2, max_length=MAX_ITEMS, description="2-10 medicines, foods, drinks or supplements"
    )


class ItemOut(Schema):
    asked: str
    name: str = Field(..., description="the medicine as understood (generic name); empty when not recognised")
    kind: str = Field(..., description="medicine | substance (alcohol, a food, a supplement) | unknown")
    slug: str | None
    has_label: bool = Field(..., description="whether the medicine's FDA label text is loaded (and was read)")
    label: CitationOut | None
    suggestions: list[str]


class StatementOut(Schema):
    text: str
    source: str = Field(..., description='"the lisinopril label", or the interaction list')
    level: str
    via: str = Field(..., description="when a label names a class: why the medicine belongs to it")
    citation: CitationOut


class PairOut(Schema):
    first: str
    second: str
    level: str = Field(
        ...,
        description="contraindicated | critical | avoid | significant | mentioned | not_covered: stated by a "
        "source (a list's severity or a label's words); 'not_covered' never means 'no interaction'",
    )
    summary: str
    statements: list[StatementOut]
    not_loaded: list[str]


class InteractionsOut(Schema):
    items: list[ItemOut]
    pairs: list[PairOut]
    notices: list[str]


class ErrorOut(Schema):
    detail: str


def _check(names: list[str]):
    if any(len(n) > MAX_NAME_LENGTH for n in names):
        return Status(400, {"detail": f"A medicine name can be at most {MAX_NAME_LENGTH} characters."})
    try:
        return Status(200, check_interactions(names).to_dict())
    except CheckerInputError as exc:
        return Status(400, {"detail": str(exc)})


@router.get("", response={200: InteractionsOut, 400: ErrorOut}, url_name="interactions")
def get_interactions(request: HttpRequest, response: HttpResponse, drugs: str = ""):
    """Check every pair of ``drugs`` (comma-separated; typos welcome). Every statement carries its citation."""
    if len(drugs) > MAX_QUERY_LENGTH:
        return Status(400, {"detail": f"drugs can be at most {MAX_QUERY_LENGTH} characters long."})
    response["Cache-Control"] = "public, max-age=300"
    return _check(split_names(drugs))


@router.post(
    "",
    response={200: InteractionsOut, 400: ErrorOut, 422: ValidationErrorOut},
    url_name="interactions_post",
    auth=None,
)
def post_interactions(request: HttpRequest, payload: InteractionsIn):
    """The same check with the names in a JSON body: ``{"drugs": ["ibuprofen", "lisinopril"]}``."""
    return _check(payload.drugs)
