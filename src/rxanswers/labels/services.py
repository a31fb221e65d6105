"""Writes to the label store. Idempotent: a version is identified by (set id, content hash)."""

from __future__ import annotations

import hashlib
from datetime import date

import orjson
from django.db import transaction

from rxanswers.core.models import DataSource, IngestRun
from rxanswers.labels.models import Label, LabelVersion, Section
from rxanswers.labels.signals import label_current_changed
from rxanswers.sources.records import LabelRecord

MAX_TITLE = 500


def label_record_hash(record: LabelRecord) -> str:
    """Content hash of a label version: identity fields plus every section's key and text."""
    payload = {
        "set_id": record.set_id,
        "spl_id": record.spl_id,
        "version": record.version,
        "effective_date": record.effective_date.isoformat() if record.effective_date else None,
        "title": record.title,
        "brand_names": record.brand_names,
        "generic_names": record.generic_names,
        "sections": [[s.key, s.text] for s in record.sections],
    }
    return hashlib.sha256(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _version_rank(effective_date: date | None, version: int | None, is_official: bool, pk: int) -> tuple:
    return (effective_date or date.min, version if version is not None else -1, is_official, pk)


def labels_recompute_current(*, label_ids: list[int]) -> list[tuple[int, int | None, int]]:
    """Mark the newest version of each label current; return the labels whose current version changed."""
    if not label_ids:
        return []
    rows = LabelVersion.objects.filter(label_id__in=label_ids).values_list(
        "id", "label_id", "effective_date", "version", "source__is_official", "is_current"
    )
    best: dict[int, tuple] = {}
    old: dict[int, int] = {}
    for pk, label_id, eff, ver, official, current in rows:
        rank = _version_rank(eff, ver, official, pk)
        if label_id not in best or rank > best[label_id][0]:
            best[label_id] = (rank, pk)
        if current:
            old[label_id] = pk
    changes = [(lid, old.get(lid), pk) for lid, (_, pk) in best.items() if old.get(lid) != pk]
    if changes:
        LabelVersion.objects.filter(id__in=[o for _, o, _ in changes if o]).update(is_current=False)
        LabelVersion.objects.filter(id__in=[n for _, _, n in changes]).update(is_current=True)
        labels = Label.objects.in_bulk([lid for lid, _, _ in changes])
        titles = dict(
            LabelVersion.objects.filter(id__in=[n for _, _, n in changes]).values_list("id", "title")
        )
        for lid, _, new in changes:
            labels[lid].current_version_id = new
            labels[lid].title = titles.get(new) or labels[lid].title
        Label.objects.bulk_update(list(labels.values()), ["current_version", "title"])
    return changes


def label_versions_ingest(
    *, records: list[LabelRecord], source: DataSource, run: IngestRun | None = None
) -> tuple[list[LabelVersion], int]:
    """Store the records that are new versions; return (created versions, count unchanged).

    Must run inside a transaction (the ingest runner opens one per batch).
    """
    hashed: dict[tuple[str, str], LabelRecord] = {}
    for record in records:
        hashed.setdefault((record.set_id, label_record_hash(record)), record)
    set_ids = {set_id for set_id, _ in hashed}
    Label.objects.bulk_create([Label(set_id=s) for s in set_ids], ignore_conflicts=True)
    label_ids = dict(Label.objects.filter(set_id__in=set_ids).values_list("set_id", "id"))
    existing = set(
        LabelVersion.objects.filter(label_id__in=label_ids.values()).values_list("label_id", "content_hash")
    )
    new_versions: list[LabelVersion] = []
    new_records: list[LabelRecord] = []
    for (set_id, content_hash), record in hashed.items():
        if (label_ids[set_id], content_hash) in existing:
            continue
        new_records.append(record)
        new_versions.append(
            LabelVersion(
                label_id=label_ids[set_id],
                spl_id=record.spl_id[:64],
                version=record.version,
                effective_date=record.effective_date,
                source=source,
                source_file=record.source_file[:1000],
                source_position=record.position[:200],
                ingest_run=run,
                content_hash=content_hash,
                title=record.title[:MAX_TITLE],
                manufacturer=record.manufacturer[:300],
                product_type=record.product_type[:100],
                brand_names=record.brand_names,
                generic_names=record.generic_names,
                substance_names=record.substance_names,
                routes=record.routes,
                dosage_forms=record.dosage_forms,
                application_numbers=record.application_numbers,
                rxcuis=record.rxcuis,
                uniis=record.uniis,
                package_ndcs=record.package_ndcs,
                pharm_classes=record.pharm_classes,
                notes=record.notes,
            )
        )
    unchanged = len(records) - len(new_versions)
    if not new_versions:
        return [], unchanged
    created = LabelVersion.objects.bulk_create(new_versions)
    sections = [
        Section(
            version_id=version.id,
            key=section.key[:100],
            loinc=section.loinc[:20],
            title=section.title[:300],
            order=section.order if section.order else index,
            text=section.text,
        )
        for version, record in zip(created, new_records, strict=True)
        for index, section in enumerate(record.sections)
    ]
    Section.objects.bulk_create(sections, batch_size=500)
    changes = labels_recompute_current(label_ids=sorted({v.label_id for v in created}))
    if changes:
        transaction.on_commit(lambda: label_current_changed.send(sender=LabelVersion, changes=changes))
    return created, unchanged
