"""JSON for API clients: every link a payload carries (a key ending in ``url``: ``url``, ``api_url``,
``label_url``, ...) is absolute, so an app can follow a citation without knowing which site it came from."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.renderers import JSONRenderer


def absolute_urls(request: HttpRequest, data: Any) -> Any:
    """``data`` with every site path under a ``...url`` key made absolute (other values untouched)."""
    if isinstance(data, dict):
        return {
            key: request.build_absolute_uri(value)
            if isinstance(key, str)
            and key.endswith("url")
            and isinstance(value, str)
            and value.startswith("/")
            and not value.startswith("//")
            else absolute_urls(request, value)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [absolute_urls(request, item) for item in data]
    return data


class AbsoluteUrlRenderer(JSONRenderer):
    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        return super().render(request, absolute_urls(request, data), response_status=response_status)
