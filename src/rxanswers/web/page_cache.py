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
from django.http import HttpRequest, HttpResponse

CACHED_PREFIXES = (
    "/drugs/",
    "/conditions/",
    "/questions/",
    "/compare/",
    "/sources/",
    "/reviewers/",
    "/about/",
)
CACHED_EXACT = ("/",)
SECONDS = 600


def content_version() -> str:
    """Changes whenever public content may have changed (an editorial action or a finished ingest): one query."""
    from django.db import connection

    from rxanswers.core.models import IngestRun
    from rxanswers.review.models import AuditRecord

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {AuditRecord._meta.db_table}), "
            f"(SELECT MAX(finished_at) FROM {IngestRun._meta.db_table})"
        )
        audit, ingest = cursor.fetchone()
    return f"{audit or 0}:{ingest or 0}"


def _cacheable_request(request: HttpRequest) -> bool:
    """Anonymous (no session cookie: nobody signed in) GET/HEAD of a public page."""
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    path = request.path
    return path in CACHED_EXACT or path.startswith(CACHED_PREFIXES)


def _cacheable_response(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "no-store" not in response.get("Cache-Control", "")
    )


class PageCacheMiddleware:
    """Placed near the top of the middleware list: a hit skips sessions, CSRF and authentication; the headers the
    inner middleware set on the first response (CSP, frame options...) are stored with it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not getattr(settings, "PAGE_CACHE_ON", True) or not _cacheable_request(request):
            return self.get_response(request)
        where = f"{content_version()} {request.method} {request.get_full_path()}"
        key = "page:" + hashlib.sha256(where.encode()).hexdigest()[:40]
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(response):
            if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
                response.render()
            headers = [(k, v) for k, v in response.items() if k.lower() not in ("set-cookie", "x-page-cache")]
            cache.set(key, (response.content, headers), SECONDS)
        response["X-Page-Cache"] = "miss"
        return response
