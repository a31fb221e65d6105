"""Per-client rate limits (django-ratelimit's counters in the cache), answered with 429 and Retry-After.

One table says which requests count: the computed pages and endpoints (questions, search, comparisons, the
interaction checker, the answers API) per client IP, and sign-in attempts per IP and per username (so 300 wrong
passwords in a row are refused long before the 300th, from any number of addresses; repeated lockouts wait longer:
15 minutes, then an hour, then a day). Turned off with
``RXANSWERS_RATE_LIMITS=0`` (the test suite turns it on where it tests it).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse


@dataclass(frozen=True)
class Limit:
    group: str
    prefixes: tuple[str, ...]
    rate: str  # "30/m": django-ratelimit's notation
    methods: tuple[str, ...] = ("GET", "POST", "HEAD")
    key: str = "ip"


LIMITS = (
    Limit("ask", ("/ask",), "30/m"),
    Limit("search", ("/search",), "120/m"),
    Limit("tools", ("/interactions/", "/compare/", "/conditions/"), "120/m"),
    Limit("api-compute", ("/api/v1/answers", "/api/v1/interactions", "/api/v1/compare"), "60/m"),
    Limit("api", ("/api/",), "600/m"),
    Limit("login-ip", ("/accounts/login/",), "20/15m", methods=("POST",)),
    # sign-in lockout per username with back-off: 5 tries per 15 minutes, then an hour's wait after 10 in an hour,
    # then a day's after 20 in a day (the longest tier is checked first, so its wait is the one announced)
    Limit("login-user-day", ("/accounts/login/",), "20/d", methods=("POST",), key="post:username"),
    Limit("login-user-hour", ("/accounts/login/",), "10/h", methods=("POST",), key="post:username"),
    Limit("login-user", ("/accounts/login/",), "5/15m", methods=("POST",), key="post:username"),
    Limit("sitemap", ("/sitemap.xml",), "20/m"),
    # editorial writes (review workflow, prices): per signed-in user, or per address before sign-in
    Limit("writes", ("/review/",), "60/m", methods=("POST",), key="user_or_ip"),
)
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def retry_after(rate: str) -> int:
    """Seconds until a full window has passed ("5/15m" -> 900)."""
    _, period = rate.split("/")
    unit = period[-1]
    count = int(period[:-1] or 1)
    return count * PERIODS[unit]


def wait_words(seconds: int) -> str:
    """900 -> "15 minutes", 3600 -> "1 hour", 86400 -> "1 day"."""
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count > 1 else ''}"
    return "1 minute"


def exceeded(request: HttpRequest) -> Limit | None:
    """The first limit this request goes over (counting it), or None."""
    from django_ratelimit.core import is_ratelimited

    path = request.path
    for limit in LIMITS:
        if request.method not in limit.methods or not path.startswith(limit.prefixes):
            continue
        if limit.key.startswith("post:") and not request.POST.get(limit.key[5:]):
            continue
        if is_ratelimited(request, group=limit.group, key=limit.key, rate=limit.rate, increment=True):
            return limit
    return None


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if getattr(settings, "RATE_LIMITS_ON", True):
            limit = exceeded(request)
            if limit is not None:
                return too_many(request, limit)
        return self.get_response(request)


def too_many(request: HttpRequest, limit: Limit) -> HttpResponse:
    seconds = retry_after(limit.rate)
    message = f"Too many requests from this client: please wait {wait_words(seconds)} and try again."
    if limit.group.startswith("login"):
        message = f"Too many sign-in attempts: please wait {wait_words(seconds)} and try again."
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(seconds)
    return response
