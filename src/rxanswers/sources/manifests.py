"""The documents that say where the bulk files are: openFDA's ``download.json`` (label partitions), the
data.medicaid.gov DKAN catalogue (the NADAC CSV) and the Purple Book's monthly file names. Parsed and validated
here; fetched with :func:`.fetch.fetch_json`.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .fetch import (
    DEFAULT_BACKOFF,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    DownloadError,
    ManifestError,
    _check_url,
    _url_basename,
    fetch_json,
)


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
    url: str,
    *,
    path: Sequence[str] = ("drug", "label"),
    retries: int = DEFAULT_RETRIES,
    backoff: float = DEFAULT_BACKOFF,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[Partition]:
    """Fetch openFDA's ``download.json`` at ``url`` and return the partitions of ``results.drug.label``."""
    data = fetch_json(url, retries=retries, backoff=backoff, timeout=timeout)
    return parse_manifest(data, url, path=path)


def nadac_csv_url(
    catalog_url: str,
    *,
    title: str,
    env_hint: str = "",
    retries: int = DEFAULT_RETRIES,
    backoff: float = DEFAULT_BACKOFF,
    timeout: float = DEFAULT_TIMEOUT,
) -> str:
    """Find the CSV download URL of the dataset titled ``title`` in a DKAN metastore listing.

    ``env_hint`` names the environment variable that skips the listing (said when the title is not found).
    """
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
    hint = f"; set {env_hint} to a CSV URL" if env_hint else ""
    raise ManifestError(catalog_url, f"no dataset titled {title!r} in the listing{hint}")


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
