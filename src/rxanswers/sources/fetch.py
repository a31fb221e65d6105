"""HTTP GET for the bulk downloads: only ``http``/``https`` (redirects included), bounded, retried.

The plumbing under :mod:`.resumable` (one file to disk) and :mod:`.manifests` (JSON documents): URL checks, an
opener without ``file:``/``ftp:``/``data:`` handlers, the split between transient failures (connection errors,
timeouts, truncated bodies, 5xx, 408, 429: retried with exponential backoff, honouring ``Retry-After``) and
permanent ones (other 4xx, refused redirects: :class:`DownloadError` at once). Stdlib + orjson, no Django.
"""

from __future__ import annotations

import contextlib
import email.utils
import errno
import http.client
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import orjson

# --------------------------------------------------------------------------------------------
# Limits and constants
# --------------------------------------------------------------------------------------------

DEFAULT_TIMEOUT = 60.0  # seconds, per socket operation (connect, each read)
DEFAULT_RETRIES = 3  # extra attempts after the first
DEFAULT_BACKOFF = 2.0  # seconds; doubles each retry, capped at MAX_BACKOFF
MAX_BACKOFF = 60.0
DEFAULT_MAX_SECONDS = 3 * 3600.0  # wall-clock budget for one file, retries included
DEFAULT_MAX_BYTES = 4 * 1024**3  # no single bulk file we fetch is near this (openFDA partitions ~150 MB)
MAX_JSON_BYTES = 64 * 1024**2  # manifests and catalogues
CHUNK = 256 * 1024
MAX_REDIRECTS = 10
USER_AGENT = "rxanswers-download/0.1 (+https://github.com/rxanswers; bulk FDA data for self-hosting)"
ALLOWED_SCHEMES = frozenset({"http", "https"})
BASE_URL_ENV = "RXANSWERS_DOWNLOAD_BASE_URL"


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


class DownloadError(Exception):
    """A fetch failed for good (after retries, or for a reason retrying cannot fix)."""

    def __init__(self, url: str, reason: str, *, status: int | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status


class ManifestError(DownloadError):
    """A manifest or catalogue was fetched but is not what we expect."""


class _Transient(Exception):
    """Worth retrying: connection trouble, truncated body, 5xx, 429."""

    def __init__(self, reason: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.retry_after = retry_after


# --------------------------------------------------------------------------------------------
# HTTP plumbing
# --------------------------------------------------------------------------------------------


def _check_url(url: str) -> str:
    if not isinstance(url, str) or not url:
        raise DownloadError(repr(url), "not a URL")
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        raise DownloadError(url, f"malformed URL: {exc}") from None
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise DownloadError(
            url, f"refusing scheme {parts.scheme or '(none)'!r}: only http and https are fetched"
        )
    if not host:
        raise DownloadError(url, "URL has no host")
    return url


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        newurl = urllib.parse.urljoin(req.full_url, newurl)
        scheme = urllib.parse.urlsplit(newurl).scheme.lower()
        if scheme not in ALLOWED_SCHEMES:
            raise DownloadError(req.full_url, f"refusing redirect to {scheme!r} URL {newurl}")
        # The new request keeps our headers (Range, If-Range, If-None-Match, ...): urllib copies all
        # but Content-* ones.
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    # Built by hand so that file:, ftp: and data: handlers are never installed.
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),  # honours http(s)_proxy / no_proxy
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        _RedirectHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


_TRANSIENT_ERRNOS = {errno.ECONNRESET, errno.ECONNREFUSED, errno.ECONNABORTED, errno.EPIPE, errno.ETIMEDOUT}


def _open(url: str, headers: Mapping[str, str], timeout: float):
    """Open ``url``. Returns ``(status, response)``; 304 comes back as ``(304, None)``.

    Raises ``_Transient`` for things worth retrying and ``DownloadError`` for the rest.
    """
    req = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity", **headers}
    )
    try:
        resp = _opener().open(req, timeout=timeout)
    except urllib.error.HTTPError as exc:
        code = exc.code
        retry_after = _retry_after(exc.headers.get("Retry-After") if exc.headers else None)
        with contextlib.suppress(Exception):
            exc.close()
        if code == 304:
            return 304, None
        if code >= 500 or code in (408, 429):
            raise _Transient(f"HTTP {code} {exc.reason}", status=code, retry_after=retry_after) from None
        if code == 416:
            raise _RangeNotSatisfiable() from None
        raise DownloadError(url, f"HTTP {code} {exc.reason}", status=code) from None
    except DownloadError:
        raise
    except urllib.error.URLError as exc:
        reason = exc.reason
        raise _Transient(f"connection failed: {reason}") from None
    except TimeoutError as exc:
        raise _Transient(f"timed out: {exc}") from None
    except (http.client.HTTPException, ConnectionError) as exc:
        raise _Transient(f"connection failed: {type(exc).__name__}: {exc}") from None
    except OSError as exc:
        if exc.errno in _TRANSIENT_ERRNOS:
            raise _Transient(f"connection failed: {exc}") from None
        raise DownloadError(url, f"connection failed: {exc}") from None
    return resp.status, resp


class _RangeNotSatisfiable(Exception):
    pass


class _OutOfTime(Exception):
    pass


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    with contextlib.suppress(TypeError, ValueError, IndexError):
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, (when - datetime.now(UTC)).total_seconds())
    return None


def _sleep_before_retry(
    attempt: int, backoff: float, retry_after: float | None, deadline: float | None = None
) -> None:
    delay = min(MAX_BACKOFF, backoff * (2 ** (attempt - 1))) if backoff > 0 else 0.0
    if retry_after is not None:
        delay = max(delay, min(MAX_BACKOFF, retry_after))
    if deadline is not None:
        delay = min(delay, max(0.0, deadline - time.monotonic()))
    if delay > 0:
        time.sleep(delay)


def _url_basename(url: str) -> str:
    name = urllib.parse.unquote(urllib.parse.urlsplit(url).path.rsplit("/", 1)[-1])
    name = re.sub(r"[^A-Za-z0-9._-]", "_", name).lstrip(".")
    return name or "download"


_CONTENT_RANGE = re.compile(r"^\s*bytes\s+(\d+)-(\d+)/(\d+|\*)\s*$", re.IGNORECASE)


def _int_header(value: str | None) -> int | None:
    if value is None:
        return None
    value = value.strip()
    return int(value) if value.isdigit() else None


# --------------------------------------------------------------------------------------------
# JSON documents: the openFDA manifest, the DKAN catalogue
# --------------------------------------------------------------------------------------------


def fetch_json(
    url: str,
    *,
    retries: int = DEFAULT_RETRIES,
    backoff: float = DEFAULT_BACKOFF,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_JSON_BYTES,
) -> Any:
    """GET a JSON document into memory (bounded, retried). Raises DownloadError / ManifestError."""
    _check_url(url)
    attempt = 0
    while True:
        attempt += 1
        try:
            status, resp = _open(url, {"Accept": "application/json"}, timeout)
            if resp is None or status != 200:
                raise DownloadError(url, f"unexpected HTTP status {status}", status=status)
            with resp:
                length = _int_header(resp.headers.get("Content-Length"))
                if length is not None and length > max_bytes:
                    raise DownloadError(url, f"document is {length} bytes, over the limit of {max_bytes}")
                try:
                    body = resp.read(max_bytes + 1)
                except (http.client.HTTPException, OSError) as exc:
                    raise _Transient(f"connection lost while reading: {type(exc).__name__}: {exc}") from None
            if len(body) > max_bytes:
                raise DownloadError(url, f"document exceeds the limit of {max_bytes} bytes")
            if length is not None and len(body) < length:
                raise _Transient(f"connection closed after {len(body)} of {length} bytes")
            break
        except _RangeNotSatisfiable:
            raise DownloadError(url, "HTTP 416", status=416) from None
        except _Transient as exc:
            if attempt > retries:
                raise DownloadError(
                    url, f"{exc.reason} (gave up after {attempt} attempts)", status=exc.status
                ) from None
            _sleep_before_retry(attempt, backoff, exc.retry_after)
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise ManifestError(url, f"malformed JSON: {exc}") from None
