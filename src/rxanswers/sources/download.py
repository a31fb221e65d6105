"""Fetch the official FDA / CMS bulk files at deploy time: resumable, verified, idempotent.

This module is the fetch layer only (stdlib + orjson, no Django). ``download_dataset`` returns the
local paths of one dataset's files; ingestion reads them. Where each dataset lives is declared once, as the
``download`` of its entry in ``rxanswers/registry.py`` (a :class:`Download`); the plumbing is split by concern:
:mod:`.fetch` (HTTP GET, retries), :mod:`.resumable` (one file to disk: resume, checks, sidecars) and
:mod:`.manifests` (openFDA's ``download.json``, the DKAN catalogue, Purple Book month names).

Every address can be overridden, in this order:

1. the ``url=`` argument of :func:`download_dataset`;
2. the ``base_url=`` argument: a mirror laid out as ``<base>/<Download.mirror_path>``;
3. the dataset's own environment variable (``Download.env_var``, e.g. ``RXANSWERS_OPENFDA_MANIFEST_URL``),
   then for NADAC ``RXANSWERS_NADAC_URL`` (a CSV, skipping the catalogue);
4. ``RXANSWERS_DOWNLOAD_BASE_URL``: a mirror, as for ``base_url``;
5. the official default (``Download.url``).

Only ``http`` and ``https`` URLs are fetched, redirects included.
"""

from __future__ import annotations

import os
import urllib.parse
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .fetch import (
    BASE_URL_ENV,
    DEFAULT_BACKOFF,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_SECONDS,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    DownloadError,
    ManifestError,
    fetch_json,
)
from .manifests import Partition, fetch_manifest, nadac_csv_url, parse_manifest, purplebook_candidates
from .resumable import (
    PART_SUFFIX,
    SIDECAR_SUFFIX,
    DownloadResult,
    ProgressCallback,
    _check_not_html,
    _unlink,
    download_file,
    read_sidecar,
    sidecar_path,
)

__all__ = [
    "BASE_URL_ENV",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "KINDS",
    "Download",
    "DownloadError",
    "DownloadResult",
    "ManifestError",
    "Partition",
    "ProgressCallback",
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

KINDS = frozenset({"openfda-manifest", "zip", "csv-monthly", "dkan-csv"})


@dataclass(frozen=True, slots=True)
class Download:
    """Where one official bulk dataset is published, and how to fetch it.

    ``kind`` says how ``url`` is used:

    * ``openfda-manifest``: ``url`` is openFDA's ``download.json``; every partition it lists for
      ``results.drug.label`` is fetched;
    * ``zip``: ``url`` is one zip file (checked with ``testzip``);
    * ``csv-monthly``: ``url`` is a template with ``{year}`` and ``{month}`` (lower-case English month
      name); the current month is tried, then earlier ones (the file appears some days into the month);
    * ``dkan-csv``: ``url`` is a DKAN metastore listing; the CSV distribution of the dataset titled
      ``dkan_title`` is fetched. ``direct_env_var`` names a CSV URL that skips the listing.

    ``key`` (the data source key, which names the local folder) is filled in by the registry.
    """

    url: str
    kind: str
    description: str
    env_var: str
    filename: str  # local file name (openFDA partitions keep their own names)
    mirror_path: str = ""  # path under a base URL / mirror (default: ``filename``)
    dkan_title: str = ""
    direct_env_var: str = ""
    key: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"download kind {self.kind!r} is not one of {sorted(KINDS)}")
        if not self.mirror_path:
            object.__setattr__(self, "mirror_path", self.filename)


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


def _resolve(src: Download, url: str | None, base_url: str | None) -> tuple[str, str]:
    """``(url, origin)``; origin is ``arg``, ``base``, ``env``, ``direct-env``, ``env-base`` or ``default``."""
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


def resolve_url(source: Download, *, url: str | None = None, base_url: str | None = None) -> str:
    """The URL to fetch ``source`` from (a manifest, template or catalogue URL, by ``kind``).

    Order: ``url`` argument, ``base_url`` mirror, the source's env var, its direct env var (NADAC),
    ``RXANSWERS_DOWNLOAD_BASE_URL`` mirror, the official default.
    """
    return _resolve(source, url, base_url)[0]


def download_dataset(
    source: Download,
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
    """Download ``source`` into ``dest_dir/<source.key>/`` and return its local files, in order.

    An ``openfda-manifest`` source fetches every partition of the manifest. Files already complete and
    unchanged on the server are kept.
    With ``base_url`` the files come from a mirror (``<base_url>/<Download.mirror_path>``); when the
    mirror serves ``nadac.csv`` or ``purplebook.csv`` directly, no catalogue / month lookup happens.
    For a manifest, once every partition is in place, ``*.json.zip`` files of earlier exports
    that the manifest no longer lists are removed from ``dest_dir/<key>/`` (``prune=False``
    keeps them).
    """
    src = source
    key = src.key
    src_url, origin = _resolve(src, url, base_url)
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
                src_url,
                title=src.dkan_title,
                env_hint=src.direct_env_var,
                retries=retries,
                backoff=backoff,
                timeout=timeout,
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
