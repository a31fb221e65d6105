"""Fetch the official FDA / CMS bulk files at deploy time: resumable, verified, idempotent.

This module is the fetch layer only (stdlib + orjson, no Django). ``download_dataset`` returns the
local paths of one dataset's files; ingestion reads them.

Default addresses live in one table, :data:`SOURCES`. Every address can be overridden, in this order:

1. the ``url=`` argument of :func:`download_dataset`;
2. the ``base_url=`` argument: a mirror laid out as ``<base>/<Source.mirror_path>``;
3. the source's own environment variable (``Source.env_var``, e.g. ``RXANSWERS_OPENFDA_MANIFEST_URL``),
   then for NADAC ``RXANSWERS_NADAC_URL`` (a CSV, skipping the catalogue);
4. ``RXANSWERS_DOWNLOAD_BASE_URL``: a mirror, as for ``base_url``;
5. the official default in :data:`SOURCES`.

Only ``http`` and ``https`` URLs are fetched, redirects included.

How one file is fetched (:func:`download_file`):

* the body streams to ``<dest>.part``; what the server said about that version (URL, ETag,
  Last-Modified) is kept next to it in ``<dest>.part.download.json``;
* an existing ``.part`` is resumed with ``Range: bytes=N-`` (plus ``If-Range`` when a validator is
  known). A ``206`` appends; a ``200`` means the server sent the whole (maybe new) file, so the
  ``.part`` restarts from zero;
* connection errors, timeouts, truncated bodies, 5xx and 429 are retried with exponential backoff;
  each retry resumes the ``.part``. Other 4xx fail at once;
* once complete, the size is checked exactly against Content-Length / Content-Range (and
  ``expected_size``), loosely against ``approx_size`` (openFDA's ``size_mb``), the sha256 against
  ``expected_sha256``, zips with ``zipfile.is_zipfile`` + ``testzip``. A failed check deletes the
  ``.part`` (it is not resumable) and raises :class:`DownloadError`;
* on success the ``.part`` is fsynced and renamed over ``dest`` (atomic), and ``<dest>.download.json``
  records url, size, sha256, ETag, Last-Modified and the time. A later run sends a conditional GET
  (``If-None-Match`` / ``If-Modified-Since``); ``304`` means the file is kept as is. A file whose
  size no longer matches its sidecar, or whose server sent neither validator, is fetched again.

A file is never left at ``dest`` unless it passed every check.
"""

from __future__ import annotations

import contextlib
import email.utils
import errno
import hashlib
import http.client
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import orjson

__all__ = [
    "BASE_URL_ENV",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "SOURCES",
    "DownloadError",
    "DownloadResult",
    "ManifestError",
    "Partition",
    "ProgressCallback",
    "Source",
    "dataset_keys",
    "download_dataset",
    "download_file",
    "fetch_json",
    "fetch_manifest",
    "nadac_csv_url",
    "parse_manifest",
    "purplebook_candidates",
    "read_sidecar",
    "resolve_url",
    "sidecar_path",
]

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
SIDECAR_SUFFIX = ".download.json"
PART_SUFFIX = ".part"
# openFDA's size_mb is rounded and its unit (MB vs MiB) undocumented: accept this much slack.
APPROX_SIZE_TOLERANCE = 0.15
APPROX_SIZE_MIN_SLACK = 1024**2

ProgressCallback = Callable[[str, int, "int | None"], None]
"""``progress(name, done_bytes, total_bytes_or_None)``; ``name`` is the destination file name."""


# --------------------------------------------------------------------------------------------
# The source table
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Source:
    """One official bulk dataset.

    ``kind`` says how ``url`` is used:

    * ``openfda-manifest``: ``url`` is openFDA's ``download.json``; every partition it lists for
      ``results.drug.label`` is fetched;
    * ``zip``: ``url`` is one zip file (checked with ``testzip``);
    * ``csv-monthly``: ``url`` is a template with ``{year}`` and ``{month}`` (lower-case English month
      name); the current month is tried, then earlier ones (the file appears some days into the month);
    * ``dkan-csv``: ``url`` is a DKAN metastore listing; the CSV distribution of the dataset titled
      ``dkan_title`` is fetched. ``direct_env_var`` names a CSV URL that skips the listing.
    """

    key: str
    url: str
    kind: str
    description: str
    licence: str
    env_var: str
    filename: str  # local file name (openFDA partitions keep their own names)
    mirror_path: str  # path under a base URL / mirror
    homepage: str = ""
    dkan_title: str = ""
    direct_env_var: str = ""


SOURCES: dict[str, Source] = {
    s.key: s
    for s in (
        Source(
            key="openfda_label",
            url="https://api.fda.gov/download.json",
            kind="openfda-manifest",
            description=(
                "openFDA drug labeling (SPL) as JSON, split into partitions "
                "(drug-label-00NN-of-00NN.json.zip) listed in results.drug.label.partitions of the manifest."
            ),
            licence="CC0 1.0 / public domain (https://open.fda.gov/license/)",
            env_var="RXANSWERS_OPENFDA_MANIFEST_URL",
            filename="download.json",
            mirror_path="download.json",
            homepage="https://open.fda.gov/data/downloads/",
        ),
        Source(
            key="drugsatfda",
            url="https://www.fda.gov/media/89850/download",
            kind="zip",
            description="Drugs@FDA data files (drugsatfda.zip): tab-delimited Applications, Products, "
            "Submissions, MarketingStatus, TE and lookup tables.",
            licence="US Government work, public domain",
            env_var="RXANSWERS_DRUGSATFDA_URL",
            filename="drugsatfda.zip",
            mirror_path="drugsatfda.zip",
            homepage="https://www.fda.gov/drugs/drug-approvals-and-databases/drugsfda-data-files",
        ),
        Source(
            key="orangebook",
            url="https://www.fda.gov/media/76860/download",
            kind="zip",
            description="Orange Book data files (EOBZIP_YYYY_MM.zip): tilde-delimited products.txt, "
            "patent.txt, exclusivity.txt.",
            licence="US Government work, public domain",
            env_var="RXANSWERS_ORANGEBOOK_URL",
            filename="EOBZIP.zip",
            mirror_path="EOBZIP.zip",
            homepage="https://www.fda.gov/drugs/drug-approvals-and-databases/orange-book-data-files",
        ),
        Source(
            key="ndc",
            url="https://www.accessdata.fda.gov/cder/ndctext.zip",
            kind="zip",
            description="NDC Directory (ndctext.zip): tab-delimited product.txt and package.txt.",
            licence="US Government work, public domain",
            env_var="RXANSWERS_NDC_URL",
            filename="ndctext.zip",
            mirror_path="ndctext.zip",
            homepage="https://www.fda.gov/drugs/drug-approvals-and-databases/national-drug-code-directory",
        ),
        Source(
            key="purplebook",
            url="https://purplebooksearch.fda.gov/files/{year}/purplebook-search-{month}-data-download.csv",
            kind="csv-monthly",
            description="Purple Book monthly data download (CSV): licensed biological products, "
            "biosimilars, interchangeables, exclusivity.",
            licence="US Government work, public domain",
            env_var="RXANSWERS_PURPLEBOOK_URL",
            filename="purplebook.csv",
            mirror_path="purplebook.csv",
            homepage="https://purplebooksearch.fda.gov/downloads",
        ),
        Source(
            key="nadac",
            url="https://data.medicaid.gov/api/1/metastore/schemas/dataset/items?show-reference-ids=false",
            kind="dkan-csv",
            description="CMS NADAC (National Average Drug Acquisition Cost), current weekly file (CSV), "
            "found in the data.medicaid.gov DKAN catalogue.",
            licence="US Government work, public domain (CMS)",
            env_var="RXANSWERS_NADAC_CATALOG_URL",
            filename="nadac.csv",
            mirror_path="nadac.csv",
            homepage="https://data.medicaid.gov/nadac",
            dkan_title="NADAC (National Average Drug Acquisition Cost)",
            direct_env_var="RXANSWERS_NADAC_URL",
        ),
    )
}


def dataset_keys() -> list[str]:
    return list(SOURCES)


# --------------------------------------------------------------------------------------------
# Errors and results
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


@dataclass(frozen=True, slots=True)
class DownloadResult:
    path: Path
    url: str
    status: str  # "downloaded" | "resumed" | "unchanged"
    size: int
    sha256: str
    attempts: int = 1


@dataclass(frozen=True, slots=True)
class Partition:
    """One openFDA bulk partition, as listed in ``download.json``."""

    url: str
    display_name: str = ""
    size_mb: float | None = None  # approximate; a sanity bound only
    records: int | None = None
    export_date: str = ""

    @property
    def filename(self) -> str:
        return _url_basename(self.url)


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
# Sidecars
# --------------------------------------------------------------------------------------------


def sidecar_path(path: Path) -> Path:
    """``<path>.download.json``: what we know about the file at ``path``."""
    return path.with_name(path.name + SIDECAR_SUFFIX)


def _part_path(dest: Path) -> Path:
    return dest.with_name(dest.name + PART_SUFFIX)


def read_sidecar(path: Path) -> dict[str, Any] | None:
    """The sidecar of ``path`` (a dict), or None if missing or unreadable."""
    try:
        data = orjson.loads(sidecar_path(path).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _write_json_atomic(path: Path, data: Mapping[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(orjson.dumps(dict(data), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
    os.replace(tmp, path)


def _unlink(*paths: Path) -> None:
    for p in paths:
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


# --------------------------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------------------------


def _check_zip(path: Path) -> str | None:
    """None if ``path`` is a readable zip whose members all pass their CRC check, else the reason."""
    if not zipfile.is_zipfile(path):
        return "not a zip file"
    try:
        with zipfile.ZipFile(path) as zf:
            if not zf.infolist():
                return "zip file is empty"
            bad = zf.testzip()
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ) as exc:
        return f"corrupt zip: {type(exc).__name__}: {exc}"
    if bad is not None:
        return f"corrupt zip: member {bad!r} fails its CRC check"
    return None


def _check_not_html(path: Path) -> str | None:
    """Reject an HTML error page saved under a data file name (a common CDN failure)."""
    with path.open("rb") as fh:
        head = fh.read(512).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head")):
        return "got an HTML/XML page, not a data file"
    if not head:
        return "file is empty"
    return None


# --------------------------------------------------------------------------------------------
# download_file
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _PartState:
    size: int = 0
    hasher: Any = field(default_factory=hashlib.sha256)


def download_file(
    url: str,
    dest: str | os.PathLike[str],
    *,
    expected_size: int | None = None,
    expected_sha256: str | None = None,
    approx_size: int | None = None,
    check_zip: bool | None = None,
    validate: Callable[[Path], str | None] | None = None,
    retries: int = DEFAULT_RETRIES,
    backoff: float = DEFAULT_BACKOFF,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_seconds: float | None = DEFAULT_MAX_SECONDS,
    progress: ProgressCallback | None = None,
    meta: Mapping[str, Any] | None = None,
) -> DownloadResult:
    """Fetch ``url`` to ``dest`` (resumable, verified, atomic). See the module docstring.

    ``expected_size`` is exact (bytes); ``approx_size`` is a sanity bound (±15 %, at least 1 MiB).
    ``check_zip`` defaults to ``dest`` ending in ``.zip``. ``validate(path)`` may return a reason
    to reject the finished file. ``meta`` is stored in the sidecar under ``"source"``.
    ``timeout`` bounds each socket operation; ``max_seconds`` the whole call (a ``.part`` left by
    running out of time is resumed next time). Raises :class:`DownloadError`.
    """
    _check_url(url)
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = _part_path(dest)
    part_sidecar = sidecar_path(part)
    if check_zip is None:
        check_zip = dest.name.lower().endswith(".zip")
    if expected_sha256 is not None:
        expected_sha256 = expected_sha256.strip().lower()
    if expected_size is not None and expected_size > max_bytes:
        raise DownloadError(url, f"expected size {expected_size} exceeds the limit of {max_bytes} bytes")

    def report(done: int, total: int | None) -> None:
        if progress is not None:
            progress(dest.name, done, total)

    # --- already complete and unchanged? -------------------------------------------------
    previous = read_sidecar(dest) if dest.is_file() else None
    conditional: dict[str, str] = {}
    if (
        previous
        and not part.exists()
        and _complete_matches(previous, dest, url, expected_size, expected_sha256)
    ):
        if previous.get("etag"):
            conditional["If-None-Match"] = str(previous["etag"])
        if previous.get("last_modified"):
            conditional["If-Modified-Since"] = str(previous["last_modified"])

    attempt = 0
    resumed_any = False
    reasons: list[str] = []
    deadline = time.monotonic() + max_seconds if max_seconds is not None else None
    while True:
        attempt += 1
        try:
            outcome = _attempt(
                url,
                dest,
                part,
                part_sidecar,
                conditional=conditional,
                timeout=timeout,
                max_bytes=max_bytes,
                expected_size=expected_size,
                report=report,
                deadline=deadline,
            )
        except _OutOfTime:
            raise DownloadError(
                url, f"not finished within {max_seconds:g} s; the partial copy is kept and resumed next time"
            ) from None
        except _RangeNotSatisfiable:
            # Our .part is longer than the file, or the file shrank: start over (counts as an attempt).
            _unlink(part, part_sidecar)
            reasons.append("server refused the byte range of our partial copy")
            if attempt > retries:
                raise DownloadError(url, _gave_up(attempt, reasons)) from None
            continue
        except _Transient as exc:
            reasons.append(exc.reason)
            if attempt > retries:
                raise DownloadError(url, _gave_up(attempt, reasons), status=exc.status) from None
            _sleep_before_retry(attempt, backoff, exc.retry_after, deadline)
            continue
        except DownloadError:
            # Permanent: nothing resumable about a 404 or a refused redirect.
            _unlink(part, part_sidecar)
            raise

        if outcome is None:  # 304 Not Modified
            assert previous is not None
            size = dest.stat().st_size
            report(size, size)
            return DownloadResult(
                dest, url, "unchanged", size, str(previous.get("sha256", "")), attempts=attempt
            )
        state, validators, resumed = outcome
        resumed_any = resumed_any or resumed
        break

    # --- verify the finished .part ------------------------------------------------------------
    size = state.size
    digest = state.hasher.hexdigest()
    problem: str | None = None
    if expected_size is not None and size != expected_size:
        problem = f"size mismatch: got {size} bytes, expected {expected_size}"
    elif approx_size is not None and not _within(size, approx_size):
        problem = f"size {size} bytes is implausible; the manifest says about {approx_size} bytes"
    elif expected_sha256 is not None and digest != expected_sha256:
        problem = f"sha256 mismatch: got {digest}, expected {expected_sha256}"
    elif check_zip:
        problem = _check_zip(part)
    if problem is None and validate is not None:
        problem = validate(part)
    if problem is not None:
        _unlink(part, part_sidecar)
        raise DownloadError(url, problem)

    # --- commit: the old sidecar goes first, so a crash never pairs new bytes with old validators.
    _unlink(sidecar_path(dest))
    with part.open("rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(part, dest)
    _unlink(part_sidecar)
    record: dict[str, Any] = {
        "url": url,
        "final_url": validators.get("final_url", url),
        "size": size,
        "sha256": digest,
        "etag": validators.get("etag"),
        "last_modified": validators.get("last_modified"),
        "content_type": validators.get("content_type"),
        "downloaded_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    if meta:
        record["source"] = dict(meta)
    _write_json_atomic(sidecar_path(dest), record)
    with contextlib.suppress(OSError):
        dir_fd = os.open(dest.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return DownloadResult(
        dest, url, "resumed" if resumed_any else "downloaded", size, digest, attempts=attempt
    )


def _gave_up(attempts: int, reasons: Sequence[str]) -> str:
    last = reasons[-1]
    earlier = [r for r in dict.fromkeys(reasons) if r != last]
    return f"{last} (gave up after {attempts} attempts" + (
        f"; earlier: {'; '.join(earlier)})" if earlier else ")"
    )


def _within(size: int, approx: int) -> bool:
    slack = max(APPROX_SIZE_MIN_SLACK, int(approx * APPROX_SIZE_TOLERANCE))
    return abs(size - approx) <= slack


def _complete_matches(
    previous: Mapping[str, Any], dest: Path, url: str, expected_size: int | None, expected_sha256: str | None
) -> bool:
    """Does the sidecar describe the file at ``dest`` as a complete copy of ``url``?"""
    if previous.get("url") != url:
        return False
    try:
        actual = dest.stat().st_size
    except OSError:
        return False
    if previous.get("size") != actual:
        return False
    if expected_size is not None and actual != expected_size:
        return False
    return not (expected_sha256 is not None and previous.get("sha256") != expected_sha256)


def _attempt(
    url: str,
    dest: Path,
    part: Path,
    part_sidecar: Path,
    *,
    conditional: Mapping[str, str],
    timeout: float,
    max_bytes: int,
    expected_size: int | None,
    report: Callable[[int, int | None], None],
    deadline: float | None,
) -> tuple[_PartState, dict[str, Any], bool] | None:
    """One HTTP exchange. None on 304; otherwise the completed .part's state."""
    if deadline is not None and time.monotonic() >= deadline:
        raise _OutOfTime()
    headers: dict[str, str] = {}
    have = 0
    part_info = None
    if part.exists():
        try:
            part_info = orjson.loads(part_sidecar.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            part_info = None
        if not isinstance(part_info, dict) or part_info.get("url") != url:
            # A .part we cannot vouch for (other URL, or no record of it): start again.
            _unlink(part, part_sidecar)
            part_info = None
        else:
            have = part.stat().st_size
    if have > 0 and part_info is not None:
        headers["Range"] = f"bytes={have}-"
        validator = part_info.get("etag") or part_info.get("last_modified")
        # If-Range needs a strong ETag or a date; a weak ETag would make the server send 200 anyway.
        if validator and not str(validator).startswith("W/"):
            headers["If-Range"] = str(validator)
    else:
        headers.update(conditional)

    status, resp = _open(url, headers, timeout)
    if status == 304:
        if not conditional or "Range" in headers:
            raise DownloadError(
                url, "server answered 304 Not Modified to an unconditional request", status=304
            )
        return None

    assert resp is not None
    with resp:
        resp_headers = resp.headers
        validators = {
            "etag": resp_headers.get("ETag"),
            "last_modified": resp_headers.get("Last-Modified"),
            "content_type": resp_headers.get("Content-Type"),
            "final_url": resp.geturl(),
        }
        _check_url(validators["final_url"])
        encoding = (resp_headers.get("Content-Encoding") or "identity").strip().lower()
        if encoding not in ("identity", ""):
            raise DownloadError(
                url, f"server sent Content-Encoding {encoding!r} although we asked for identity"
            )
        length = _int_header(resp_headers.get("Content-Length"))

        resumed = False
        if status == 206:
            m = _CONTENT_RANGE.match(resp_headers.get("Content-Range") or "")
            if not m or "Range" not in headers:
                raise _Transient("unexpected 206 without a usable Content-Range")
            start, end, total_s = int(m.group(1)), int(m.group(2)), m.group(3)
            if start != have:
                _unlink(part, part_sidecar)
                raise _Transient(f"server resumed at byte {start}, we have {have}; restarting")
            total = int(total_s) if total_s != "*" else None
            if length is None:
                length = end - start + 1
            elif length != end - start + 1:
                raise _Transient("Content-Length disagrees with Content-Range")
            # An ETag change between attempts means a different file: If-Range should have caught it.
            if (
                part_info
                and part_info.get("etag")
                and validators["etag"]
                and part_info["etag"] != validators["etag"]
            ):
                _unlink(part, part_sidecar)
                raise _Transient("file changed on the server while resuming; restarting")
            resumed = True
        elif status == 200:
            total = length
            have = 0
        else:
            raise DownloadError(url, f"unexpected HTTP status {status}", status=status)

        if total is not None and total > max_bytes:
            _unlink(part, part_sidecar)
            raise DownloadError(url, f"file is {total} bytes, over the limit of {max_bytes} bytes")
        if expected_size is not None and total is not None and total != expected_size:
            _unlink(part, part_sidecar)
            raise DownloadError(url, f"size mismatch: server says {total} bytes, expected {expected_size}")

        state = _PartState()
        if resumed:
            with part.open("rb") as fh:
                while chunk := fh.read(CHUNK):
                    state.hasher.update(chunk)
            state.size = have
            mode = "ab"
        else:
            mode = "wb"
            _write_json_atomic(
                part_sidecar,
                {"url": url, "etag": validators["etag"], "last_modified": validators["last_modified"]},
            )

        report(state.size, total)
        received = 0
        with part.open(mode) as out:
            while True:
                want = CHUNK if length is None else min(CHUNK, length - received)
                if want <= 0:
                    break
                if deadline is not None and time.monotonic() >= deadline:
                    raise _OutOfTime()
                try:
                    chunk = resp.read(want)
                except TimeoutError as exc:
                    raise _Transient(f"read timed out after {state.size} bytes: {exc}") from None
                except (http.client.HTTPException, OSError) as exc:
                    raise _Transient(
                        f"connection lost after {state.size} bytes: {type(exc).__name__}: {exc}"
                    ) from None
                if not chunk:
                    break
                out.write(chunk)
                state.hasher.update(chunk)
                received += len(chunk)
                state.size += len(chunk)
                if state.size > max_bytes:
                    out.close()
                    _unlink(part, part_sidecar)
                    raise DownloadError(url, f"file exceeds the limit of {max_bytes} bytes")
                report(state.size, total)
        if length is not None and received < length:
            raise _Transient(
                f"connection closed after {state.size} of {total if total is not None else '?'} bytes"
            )
        if total is not None and state.size != total:
            _unlink(part, part_sidecar)
            raise _Transient(f"size mismatch after transfer: have {state.size}, server said {total}")
    return state, validators, resumed


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


def _as_float(value: Any) -> float | None:
    if isinstance(value, bool) or value is None or value == "":
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip().replace(",", ""))
        except ValueError:
            return None
    return None


def _as_int(value: Any) -> int | None:
    f = _as_float(value)
    return int(f) if f is not None and f >= 0 and f == int(f) else None


def parse_manifest(data: Any, url: str, *, path: Sequence[str] = ("drug", "label")) -> list[Partition]:
    """Validate an openFDA ``download.json`` document and return the partitions at ``results.<path>``.

    Partition URLs are resolved against ``url`` (so a mirror may list relative paths).
    """
    where = "results." + ".".join(path)
    if not isinstance(data, dict) or not isinstance(data.get("results"), dict):
        raise ManifestError(url, "not an openFDA download manifest: no 'results' object")
    node: Any = data["results"]
    for i, step in enumerate(path):
        if not isinstance(node, dict) or not isinstance(node.get(step), dict):
            raise ManifestError(url, f"manifest has no '{'results.' + '.'.join(path[: i + 1])}' object")
        node = node[step]
    partitions = node.get("partitions")
    if not isinstance(partitions, list) or not partitions:
        raise ManifestError(url, f"'{where}.partitions' is missing or empty")
    export_date = node.get("export_date")
    export_date = export_date if isinstance(export_date, str) else ""
    out: list[Partition] = []
    seen: set[str] = set()
    for i, entry in enumerate(partitions):
        if not isinstance(entry, dict):
            raise ManifestError(url, f"{where}.partitions[{i}] is not an object")
        file_url = entry.get("file")
        if not isinstance(file_url, str) or not file_url.strip():
            raise ManifestError(url, f"{where}.partitions[{i}] has no 'file' URL")
        file_url = urllib.parse.urljoin(url, file_url.strip())
        try:
            _check_url(file_url)
        except DownloadError as exc:
            raise ManifestError(url, f"{where}.partitions[{i}].file: {exc.reason}") from None
        name = _url_basename(file_url)
        if name in seen:
            raise ManifestError(url, f"{where}.partitions[{i}]: file name {name!r} listed twice")
        seen.add(name)
        size_mb = _as_float(entry.get("size_mb"))
        if size_mb is not None and size_mb < 0:
            size_mb = None
        display = entry.get("display_name")
        out.append(
            Partition(
                url=file_url,
                display_name=display if isinstance(display, str) else "",
                size_mb=size_mb,
                records=_as_int(entry.get("records")),
                export_date=export_date,
            )
        )
    return out


def fetch_manifest(
    url: str | None = None,
    *,
    path: Sequence[str] = ("drug", "label"),
    retries: int = DEFAULT_RETRIES,
    backoff: float = DEFAULT_BACKOFF,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[Partition]:
    """Fetch openFDA's ``download.json`` and return the partitions of ``results.drug.label``.

    ``url`` defaults to the resolved ``openfda_label`` source (env var, mirror, official).
    """
    url = url or resolve_url("openfda_label")
    data = fetch_json(url, retries=retries, backoff=backoff, timeout=timeout)
    return parse_manifest(data, url, path=path)


def nadac_csv_url(
    catalog_url: str,
    *,
    title: str = SOURCES["nadac"].dkan_title,
    retries: int = DEFAULT_RETRIES,
    backoff: float = DEFAULT_BACKOFF,
    timeout: float = DEFAULT_TIMEOUT,
) -> str:
    """Find the CSV download URL of the dataset titled ``title`` in a DKAN metastore listing."""
    data = fetch_json(catalog_url, retries=retries, backoff=backoff, timeout=timeout)
    if isinstance(data, dict) and isinstance(data.get("data"), list):
        data = data["data"]
    if not isinstance(data, list):
        raise ManifestError(catalog_url, "not a DKAN dataset listing (expected a JSON list)")
    want = " ".join(title.split()).casefold()
    for item in data:
        if not isinstance(item, dict) or " ".join(str(item.get("title", "")).split()).casefold() != want:
            continue
        distributions = item.get("distribution")
        if isinstance(distributions, dict):
            distributions = [distributions]
        for dist in distributions if isinstance(distributions, list) else []:
            if not isinstance(dist, dict):
                continue
            dist = dist.get("data") if isinstance(dist.get("data"), dict) else dist
            link = dist.get("downloadURL")
            media = str(dist.get("mediaType", "")) + " " + str(dist.get("format", ""))
            if isinstance(link, str) and ("csv" in media.lower() or link.lower().endswith(".csv")):
                link = urllib.parse.urljoin(catalog_url, link)
                _check_url(link)
                return link
        raise ManifestError(catalog_url, f"dataset {title!r} has no CSV distribution with a downloadURL")
    raise ManifestError(
        catalog_url,
        f"no dataset titled {title!r} in the listing; set {SOURCES['nadac'].direct_env_var} to a CSV URL",
    )


_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


def purplebook_candidates(template: str, today: date | None = None, *, months: int = 3) -> list[str]:
    """The Purple Book URLs to try, newest first: this month, then ``months - 1`` earlier ones.

    ``template`` may use ``{year}``, ``{month}`` (``january``), ``{Month}`` (``January``) and ``{mm}``
    (``01``). A template with none of them yields just itself.
    """
    if not any(f"{{{k}}}" in template for k in ("year", "month", "Month", "mm")):
        return [template]
    today = today or date.today()
    out: list[str] = []
    y, m = today.year, today.month
    for _ in range(max(1, months)):
        name = _MONTHS[m - 1]
        url = template.format(year=y, month=name, Month=name.capitalize(), mm=f"{m:02d}")
        if url not in out:
            out.append(url)
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out


# --------------------------------------------------------------------------------------------
# Datasets
# --------------------------------------------------------------------------------------------


def _prune_stale(directory: Path, keep: set[str]) -> list[Path]:
    """Remove partitions of earlier openFDA exports (and their sidecars / partial copies)."""
    removed: list[Path] = []
    for p in sorted(directory.iterdir()):
        if not p.is_file():
            continue
        base = p.name
        for suffix in (SIDECAR_SUFFIX, PART_SUFFIX):
            base = base.removesuffix(suffix)
        if base.endswith(".json.zip") and base not in keep:
            _unlink(p)
            removed.append(p)
    return removed


def _join_base(base: str, mirror_path: str) -> str:
    return urllib.parse.urljoin(base.rstrip("/") + "/", mirror_path)


def _resolve(key: str, url: str | None, base_url: str | None) -> tuple[str, str]:
    """``(url, origin)``; origin is ``arg``, ``base``, ``env``, ``direct-env``, ``env-base`` or ``default``."""
    try:
        src = SOURCES[key]
    except KeyError:
        raise KeyError(f"unknown dataset {key!r}; known: {', '.join(SOURCES)}") from None
    if url:
        return url, "arg"
    if base_url:
        return _join_base(base_url, src.mirror_path), "base"
    if os.environ.get(src.env_var, "").strip():
        return os.environ[src.env_var].strip(), "env"
    if src.direct_env_var and os.environ.get(src.direct_env_var, "").strip():
        return os.environ[src.direct_env_var].strip(), "direct-env"
    env_base = os.environ.get(BASE_URL_ENV, "").strip()
    if env_base:
        return _join_base(env_base, src.mirror_path), "env-base"
    return src.url, "default"


def resolve_url(key: str, *, url: str | None = None, base_url: str | None = None) -> str:
    """The URL to use for ``key`` (a manifest, template or catalogue URL, by ``kind``).

    Order: ``url`` argument, ``base_url`` mirror, the source's env var, its direct env var (NADAC),
    ``RXANSWERS_DOWNLOAD_BASE_URL`` mirror, the official default.
    """
    return _resolve(key, url, base_url)[0]


def download_dataset(
    key: str,
    dest_dir: str | os.PathLike[str],
    *,
    base_url: str | None = None,
    url: str | None = None,
    progress: ProgressCallback | None = None,
    retries: int = DEFAULT_RETRIES,
    backoff: float = DEFAULT_BACKOFF,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_seconds: float | None = DEFAULT_MAX_SECONDS,
    today: date | None = None,
    prune: bool = True,
) -> list[Path]:
    """Download dataset ``key`` into ``dest_dir/<key>/`` and return its local files, in order.

    Keys: ``openfda_label`` (every partition of the manifest), ``drugsatfda``, ``orangebook``,
    ``ndc``, ``purplebook``, ``nadac``. Files already complete and unchanged on the server are kept.
    With ``base_url`` the files come from a mirror (``<base_url>/<Source.mirror_path>``); when the
    mirror serves ``nadac.csv`` or ``purplebook.csv`` directly, no catalogue / month lookup happens.
    For ``openfda_label``, once every partition is in place, ``*.json.zip`` files of earlier exports
    that the manifest no longer lists are removed from ``dest_dir/openfda_label/`` (``prune=False``
    keeps them).
    """
    src_url, origin = _resolve(key, url, base_url)
    src = SOURCES[key]
    out_dir = Path(dest_dir) / key
    out_dir.mkdir(parents=True, exist_ok=True)
    common: dict[str, Any] = {
        "retries": retries,
        "backoff": backoff,
        "timeout": timeout,
        "max_bytes": max_bytes,
        "max_seconds": max_seconds,
        "progress": progress,
    }

    if src.kind == "openfda-manifest":
        partitions = fetch_manifest(src_url, retries=retries, backoff=backoff, timeout=timeout)
        paths: list[Path] = []
        for p in partitions:
            approx = int(p.size_mb * 1024 * 1024) if p.size_mb else None
            result = download_file(
                p.url,
                out_dir / p.filename,
                approx_size=approx,
                check_zip=p.filename.lower().endswith(".zip"),
                meta={
                    "dataset": key,
                    "display_name": p.display_name,
                    "records": p.records,
                    "size_mb": p.size_mb,
                    "export_date": p.export_date,
                    "manifest": src_url,
                },
                **common,
            )
            paths.append(result.path)
        if prune:
            _prune_stale(out_dir, {p.name for p in paths})
        return paths

    if src.kind == "zip":
        result = download_file(
            src_url, out_dir / src.filename, check_zip=True, meta={"dataset": key}, **common
        )
        return [result.path]

    if src.kind == "csv-monthly":
        candidates = purplebook_candidates(src_url, today)
        last: DownloadError | None = None
        for candidate in candidates:
            try:
                result = download_file(
                    candidate,
                    out_dir / src.filename,
                    check_zip=False,
                    validate=_check_not_html,
                    meta={"dataset": key},
                    **common,
                )
            except DownloadError as exc:
                if exc.status == 404 and candidate != candidates[-1]:
                    last = exc
                    continue
                raise
            return [result.path]
        assert last is not None  # pragma: no cover - loop always returns or raises
        raise last

    if src.kind == "dkan-csv":
        # The default and RXANSWERS_NADAC_CATALOG_URL name a DKAN listing; every other origin a CSV.
        if origin not in ("default", "env"):
            csv_url = src_url
        else:
            csv_url = nadac_csv_url(
                src_url, title=src.dkan_title, retries=retries, backoff=backoff, timeout=timeout
            )
        result = download_file(
            csv_url,
            out_dir / src.filename,
            check_zip=False,
            validate=_check_not_html,
            meta={"dataset": key, "catalog": None if csv_url == src_url else src_url},
            **common,
        )
        return [result.path]

    raise ValueError(f"source {key!r} has unknown kind {src.kind!r}")  # pragma: no cover
