"""Fetch one file to disk: resumable, verified, idempotent (:func:`download_file`).

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
import hashlib
import http.client
import os
import re
import time
import zipfile
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from .fetch import (
    CHUNK,
    DEFAULT_BACKOFF,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_SECONDS,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    DownloadError,
    _check_url,
    _int_header,
    _open,
    _OutOfTime,
    _RangeNotSatisfiable,
    _sleep_before_retry,
    _Transient,
)

SIDECAR_SUFFIX = ".download.json"
PART_SUFFIX = ".part"
# openFDA's size_mb is rounded and its unit (MB vs MiB) undocumented: accept this much slack.
APPROX_SIZE_TOLERANCE = 0.15
APPROX_SIZE_MIN_SLACK = 1024**2

ProgressCallback = Callable[[str, int, "int | None"], None]
"""``progress(name, done_bytes, total_bytes_or_None)``; ``name`` is the destination file name."""


@dataclass(frozen=True, slots=True)
class DownloadResult:
    path: Path
    url: str
    status: str  # "downloaded" | "resumed" | "unchanged"
    size: int
    sha256: str
    attempts: int = 1


_CONTENT_RANGE = re.compile(r"^\s*bytes\s+(\d+)-(\d+)/(\d+|\*)\s*$", re.IGNORECASE)


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
