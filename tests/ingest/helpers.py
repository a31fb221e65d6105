"""Build openFDA bulk files from the real bundled records (new set ids where a test needs many labels)."""

from __future__ import annotations

import copy
import gzip
import json
import uuid
from pathlib import Path

from tests.conftest import DATA_DIR

RECORD_FILES = sorted((DATA_DIR / "labels" / "openfda_records").glob("*.json.gz"))


def real_records() -> list[dict]:
    return [json.loads(gzip.open(p).read()) for p in RECORD_FILES]


def replicate(records: list[dict], count: int, seed: str = "rx") -> list[dict]:
    """``count`` records cycling through ``records``, each under a new, deterministic set id."""
    out = []
    for i in range(count):
        rec = copy.deepcopy(records[i % len(records)])
        rec["set_id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{seed}-{i}"))
        rec["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{seed}-spl-{i}"))
        out.append(rec)
    return out


def write_bulk(path: Path, records: list, raw_items: list[str] | None = None) -> Path:
    """Write ``{"meta": ..., "results": [...]}`` the way openFDA publishes it; raw_items are inserted verbatim."""
    items = [json.dumps(r) for r in records] + list(raw_items or [])
    meta = {"disclaimer": "test file built from real openFDA records", "results": {"total": len(items)}}
    path.write_text('{"meta": ' + json.dumps(meta) + ', "results": [\n' + ",\n".join(items) + "\n]}")
    return path
