"""Label ingestion: idempotent, versioned (never overwrites), reports bad records and carries on."""

from __future__ import annotations

import copy
import json

import pytest

from rxanswers.core.models import IngestIssue, IngestRun
from rxanswers.drugs.models import Drug
from rxanswers.labels.models import Label, LabelVersion, Section
from rxanswers.labels.signals import label_current_changed
from rxanswers.pipeline import ingest_path
from tests.ingest.helpers import real_records, replicate, write_bulk

pytestmark = pytest.mark.django_db


def _state() -> tuple:
    return (
        Label.objects.count(),
        LabelVersion.objects.count(),
        Section.objects.count(),
        sorted(LabelVersion.objects.values_list("content_hash", flat=True)),
    )


def test_ingest_same_file_twice_changes_nothing(tmp_path):
    bulk = write_bulk(tmp_path / "drug-label-0001-of-0001.json", replicate(real_records(), 12, "twice"))
    first = ingest_path(bulk, reader="openfda_json")[0]
    assert first.created == 12 and first.error_count == 0
    state = _state()
    again = ingest_path(bulk, reader="openfda_json", force=True)[0]
    assert again.created == 0 and again.unchanged == 12
    assert _state() == state
    skipped = ingest_path(bulk, reader="openfda_json")[0]
    assert skipped.skipped_already_done


def test_new_label_version_is_added_and_old_one_kept(tmp_path, django_capture_on_commit_callbacks):
    original = replicate(real_records()[:1], 1, "versioned")[0]
    ingest_path(write_bulk(tmp_path / "v1.json", [original]), reader="openfda_json")
    label = Label.objects.get(set_id=original["set_id"])
    v1 = label.current_version
    old_text = v1.sections.get(key="indications_and_usage").text

    updated = copy.deepcopy(original)
    updated["version"] = str(int(original["version"]) + 1)
    updated["effective_time"] = "20261101"
    updated["indications_and_usage"] = [original["indications_and_usage"][0] + " New indication added."]
    received = []

    def listener(sender, changes, **kwargs):
        received.extend(changes)

    label_current_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            ingest_path(write_bulk(tmp_path / "v2.json", [updated]), reader="openfda_json")
    finally:
        label_current_changed.disconnect(listener)

    label.refresh_from_db()
    assert label.versions.count() == 2
    v2 = label.current_version
    assert v2.id != v1.id and v2.version == v1.version + 1
    assert str(v2.effective_date) == "2026-11-01"
    assert v1.sections.get(key="indications_and_usage").text == old_text  # never edited
    assert v2.sections.get(key="indications_and_usage").text.endswith("New indication added.")
    v1.refresh_from_db()
    assert not v1.is_current and v2.is_current
    assert (label.id, v1.id, v2.id) in received

    # An older version arriving late is stored but does not become current.
    older = copy.deepcopy(original)
    older["version"] = str(int(original["version"]) - 1)
    older["effective_time"] = "20200101"
    ingest_path(write_bulk(tmp_path / "v0.json", [older]), reader="openfda_json")
    label.refresh_from_db()
    assert label.versions.count() == 3 and label.current_version_id == v2.id


def test_bad_records_are_reported_with_position_and_the_rest_loads(tmp_path):
    good = replicate(real_records(), 4, "badmix")
    no_set_id = copy.deepcopy(good[0])
    del no_set_id["set_id"]
    wrong_type = copy.deepcopy(good[1])
    wrong_type["set_id"] = "7d1e0a4e-0000-4000-8000-000000000001"
    wrong_type["indications_and_usage"] = {"not": "a list"}
    bulk = write_bulk(
        tmp_path / "mixed.json", good, raw_items=[json.dumps(no_set_id), json.dumps(wrong_type)]
    )
    summary = ingest_path(bulk, reader="openfda_json")[0]
    assert summary.created == 4
    assert summary.error_count == 2
    issues = list(IngestIssue.objects.filter(run_id=summary.run_id))
    assert len(issues) == 2
    assert all(issue.file.endswith("mixed.json") and issue.position for issue in issues)
    reasons = " ".join(i.reason for i in issues).lower()
    assert "set_id" in reasons or "set id" in reasons
    assert IngestRun.objects.get(id=summary.run_id).status == "completed"


def test_truncated_bulk_file_keeps_the_good_records(tmp_path):
    records = replicate(real_records(), 3, "trunc")
    bulk = write_bulk(tmp_path / "trunc.json", records)
    text = bulk.read_text()
    bulk.write_text(text[: int(len(text) * 0.8)])  # cut inside the last record
    summary = ingest_path(bulk, reader="openfda_json")[0]
    assert summary.created >= 2
    assert summary.error_count >= 1


def test_label_links_to_drug_with_names_and_classes(tmp_path):
    record = replicate([r for r in real_records() if r["openfda"].get("generic_name")][:1], 1, "link")[0]
    ingest_path(write_bulk(tmp_path / "one.json", [record]), reader="openfda_json")
    label = Label.objects.get(set_id=record["set_id"])
    drug = Drug.objects.get(labels=label)
    names = {n.lower() for n in drug.names.values_list("name", flat=True)}
    assert record["openfda"]["generic_name"][0].lower() in names
    if record["openfda"].get("pharm_class_epc"):
        assert drug.class_links.filter(pharm_class__kind="epc").exists()
