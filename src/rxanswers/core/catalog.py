"""Provenance of a data source, and the ``DataSource`` row made from it.

Sources are declared once, each with its provenance, in ``rxanswers/registry.py``; this module only says what
provenance is and writes it to the database. The first ingest of a key creates its ``DataSource`` row.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from rxanswers.core.models import DataSource


@dataclass(frozen=True)
class Provenance:
    """Who publishes a source, where, under which licence, as of when: the fields of its ``DataSource`` row."""

    name: str
    publisher: str
    url: str
    licence: str
    snapshot_date: date | None = None  # None: set from the files loaded (NADAC, Purple Book) or unknown
    is_official: bool = False  # files as FDA/NLM/CMS publish them; False for third-party extractions
    notes: str = ""

    def __post_init__(self) -> None:
        for field in ("name", "publisher", "url", "licence"):
            if not getattr(self, field).strip():
                raise ValueError(f"provenance of {self.name!r} has no {field}")
        if not self.url.startswith(("https://", "http://")):
            raise ValueError(f"provenance of {self.name!r}: url {self.url!r} is not a web address")

    def row_fields(self) -> dict:
        return asdict(self)


def source_for(
    key: str, provenance: Provenance | None = None, *, snapshot_date: date | None = None
) -> DataSource:
    """Get or create the DataSource row for ``key`` (without provenance, a plain entry naming the key)."""
    spec = provenance.row_fields() if provenance is not None else {"name": key}
    if snapshot_date is not None:
        spec["snapshot_date"] = snapshot_date
    source, created = DataSource.objects.get_or_create(key=key, defaults=spec)
    if not created and snapshot_date is not None and source.snapshot_date != snapshot_date:
        source.snapshot_date = snapshot_date
        source.save(update_fields=["snapshot_date"])
    return source
