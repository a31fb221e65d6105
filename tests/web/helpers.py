"""Shared helpers for web/API tests: a second version of a real bundled label, made by the real ingest service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from rxanswers.labels.models import LabelVersion
from rxanswers.labels.services import label_versions_ingest
from rxanswers.sources.records import LabelRecord, SectionRecord

CHANGED_KEY = "indications_and_usage"
ADDED_SENTENCE = "This sentence was added by the label-history test to make version two differ."


@dataclass
class TwoVersions:
    old: LabelVersion
    new: LabelVersion


def current_label_version(drug_slug: str) -> LabelVersion:
    """The current version (with sections) of a bundled label of ``drug_slug``."""
    version = (
        LabelVersion.objects.filter(label__drugs__slug=drug_slug, is_current=True, sections__key=CHANGED_KEY)
        .select_related("label", "source")
        .order_by("-effective_date", "pk")
        .first()
    )
    assert version is not None, f"bundled data has no current {drug_slug} label with {CHANGED_KEY}"
    return version


def make_second_version(drug_slug: str = "metformin") -> TwoVersions:
    """Ingest a newer version of a real label with one section changed, through label_versions_ingest."""
    old = current_label_version(drug_slug)
    sections = []
    for s in old.sections.order_by("order", "id"):
        text = f"{s.text}\n\n{ADDED_SENTENCE}" if s.key == CHANGED_KEY else s.text
        sections.append(SectionRecord(key=s.key, text=text, title=s.title, loinc=s.loinc, order=s.order))
    record = LabelRecord(
        set_id=old.label.set_id,
        source=old.source.key,
        source_file="tests/web/helpers.py",
        position="record 1",
        spl_id="test-second-version",
        version=(old.version or 0) + 1,
        effective_date=(old.effective_date + timedelta(days=30)) if old.effective_date else None,
        title=old.title,
        brand_names=list(old.brand_names),
        generic_names=list(old.generic_names),
        substance_names=list(old.substance_names),
        manufacturer=old.manufacturer,
        product_type=old.product_type,
        sections=sections,
    )
    created, unchanged = label_versions_ingest(records=[record], source=old.source)
    assert len(created) == 1 and unchanged == 0
    new = LabelVersion.objects.select_related("label", "source").get(pk=created[0].pk)
    return TwoVersions(old=old, new=new)
