"""Error bodies shared by the API's routers (documented in the OpenAPI schema with each endpoint)."""

from __future__ import annotations

from ninja import Schema


class ValidationErrorOut(Schema):
    """422: a parameter or body field of the wrong type or shape ("page=abc", a missing "question"), as
    django-ninja reports it: one item per problem with its location and message."""

    detail: list[dict]
