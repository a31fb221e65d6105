"""API request hygiene: a POST to the API must say it is JSON (so no other site can make a visitor's browser send
one as a "simple" form or text request), and an oversized body is refused with a JSON 413 saying why. Read-only
GET responses may be used by any origin (CORS ``*``: no cookies or credentials are involved)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse


class ApiRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/") and request.method in ("POST", "PUT", "PATCH"):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if limit and length > limit:
                return JsonResponse({"detail": f"The request body is larger than {limit} bytes."}, status=413)
            if request.content_type != "application/json":
                return JsonResponse(
                    {"detail": "Send the request body as JSON with Content-Type: application/json."},
                    status=415,
                )
        response = self.get_response(request)
        if request.path.startswith("/api/v1/") and request.method in ("GET", "HEAD", "OPTIONS"):
            response["Access-Control-Allow-Origin"] = "*"
        return response
