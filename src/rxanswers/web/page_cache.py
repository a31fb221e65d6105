"""Anonymous page cache keyed by the content version: public pages are rendered once per content change.

What a patient sees on a drug, condition, comparison, question or source page changes only when data is ingested
or an editor or reviewer acts (publish, unpublish, re-review flags, prices): every such action writes an
``AuditRecord``, every ingest finishes an ``IngestRun``. The content version is the newest of both, read from the
database on each request (two indexed lookups), so a page is never served from before the latest change, in any
server process, whatever cache backs it (memory per process, or memcached shared by workers).

Only anonymous GET/HEAD requests without a messages cookie are served from the cache; only 200 responses that set
no cookie are stored (a page with a CSRF form sets one). Staff always get a fresh page (they see operator
notices). ``X-Page-Cache: hit|miss`` says which. ``RXANSWERS_PAGE_CACHE=0`` turns it off.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.http import HttpRequest, HttpResponse

CACHED_PREFIXES = ("/drugs/", "/conditions/", "/questions/", "/compare/", "/sources/")
CACHED_EXACT = ("/",)
SECONDS = 600


def content_version() -> str:
    """Changes whenever public content may have changed (an editorial action or a finished ingest)."""
    from rxanswers.core.models import IngestRun
    from rxanswers.review.models import AuditRecord

    audit = AuditRecord.objects.aggregate(last=Max("id"))["last"] or 0
    ingest = IngestRun.objects.aggregate(last=Max("finished_at"))["last"]
    return f"{audit}:{ingest.timestamp() if ingest else 0}"


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or "messages" in request.COOKIES:
        return False
    path = request.path
    if path not in CACHED_EXACT and not path.startswith(CACHED_PREFIXES):
        return False
    return not request.user.is_authenticated


def _cacheable_response(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "no-store" not in response.get("Cache-Control", "")
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not getattr(settings, "PAGE_CACHE_ON", True) or not _cacheable_request(request):
            return self.get_response(request)
        where = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        key = f"page:{content_version()}:{request.method}:{where}"
        response = cache.get(key)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(response):
            if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
                response.render()
            cache.set(key, response, SECONDS)
        response["X-Page-Cache"] = "miss"
        return response
