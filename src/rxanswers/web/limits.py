"""Per-client rate limits (django-ratelimit's counters in the cache), answered with 429 and Retry-After.

One table says which requests count: the computed pages and endpoints (questions, search, comparisons, the
interaction checker, the answers API) per client IP, and failed sign-in attempts per IP and per username (so 300
wrong passwords in a row are refused long before the 300th, from any number of addresses; repeated lockouts wait
longer: 15 minutes, then an hour, then a day). A sign-in that succeeds is not counted, so colleagues signing in
from one office address do not lock each other out; an attempt refused while locked out is counted. Turned off with
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
    failures_only: bool = False  # count only requests that fail (sign-ins), after the response


def _sign_in(group: str, rate: str, key: str = "post:username") -> Limit:
    """A sign-in limit: POSTs to the sign-in page, counted only when they fail."""
    return Limit(group, ("/accounts/login/",), rate, methods=("POST",), key=key, failures_only=True)


LIMITS = (
    Limit("ask", ("/ask",), "30/m"),
    Limit("search", ("/search",), "120/m"),
    Limit("tools", ("/interactions/", "/compare/", "/conditions/"), "120/m"),
    Limit("api-compute", ("/api/v1/answers", "/api/v1/interactions", "/api/v1/compare"), "60/m"),
    Limit("api", ("/api/",), "600/m"),
    _sign_in("login-ip", "20/15m", key="ip"),
    # sign-in lockout per username with back-off: 5 tries per 15 minutes, then an hour's wait after 10 in an hour,
    # then a day's after 20 in a day (the longest tier is checked first, so its wait is the one announced)
    _sign_in("login-user-day", "20/d"),
    _sign_in("login-user-hour", "10/h"),
    _sign_in("login-user", "5/15m"),
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


def _applying(request: HttpRequest) -> list[Limit]:
    path = request.path
    return [
        limit
        for limit in LIMITS
        if request.method in limit.methods
        and path.startswith(limit.prefixes)
        and not (limit.key.startswith("post:") and not request.POST.get(limit.key[5:]))
    ]


def exceeded(request: HttpRequest) -> Limit | None:
    """The first limit this request goes over (counting it, unless the limit counts failures only), or None."""
    from django_ratelimit.core import get_usage, is_ratelimited

    for limit in _applying(request):
        if limit.failures_only:
            usage = get_usage(request, group=limit.group, key=limit.key, rate=limit.rate, increment=False)
            if usage is not None and usage["count"] >= usage["limit"]:
                return limit
        elif is_ratelimited(request, group=limit.group, key=limit.key, rate=limit.rate, increment=True):
            return limit
    return None


def count_failure(request: HttpRequest) -> None:
    """Count a failed (or refused) request against the limits that count failures only."""
    from django_ratelimit.core import get_usage

    for limit in _applying(request):
        if limit.failures_only:
            get_usage(request, group=limit.group, key=limit.key, rate=limit.rate, increment=True)


def _signed_in(request: HttpRequest, response: HttpResponse) -> bool:
    """A sign-in POST that worked: Django's login view redirects, with the user now signed in."""
    user = getattr(request, "user", None)
    return response.status_code == 302 and user is not None and user.is_authenticated


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not getattr(settings, "RATE_LIMITS_ON", True):
            return self.get_response(request)
        limit = exceeded(request)
        response = too_many(request, limit) if limit is not None else self.get_response(request)
        if any(limit.failures_only for limit in _applying(request)) and not _signed_in(request, response):
            count_failure(request)
        return response


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
