"""Adapters for the four third-party JSONL label formats in data/labels/."""

from __future__ import annotations

import gzip
import json
from datetime import date

import pytest

from rxanswers.sources.label_jsonl import (
    clean_onsides_text,
    normalize_application_number,
    read_graphrag_labels,
    read_label_jsonl,
    read_onsides_demner_fushman,
    read_pharma_rag,
    read_phase3_openfda_sections,
)
from rxanswers.sources.records import RecordError

from .conftest import LABELS_DIR, split_results

PHARMA_RAG = LABELS_DIR / "pharma_rag" / "labels.jsonl.gz"
GRAPHRAG = LABELS_DIR / "graphrag_labels" / "labels.jsonl.gz"
PHASE3 = LABELS_DIR / "phase3_openfda_sections" / "phase3_openfda_label_sections.jsonl.gz"
ONSIDES = LABELS_DIR / "onsides_demner_fushman_200" / "demner_fushman_200_labels.jsonl.gz"


def test_pharma_rag():
    records, errors = split_results(read_pharma_rag(PHARMA_RAG))
    assert errors == [] and len(records) == 44
    metformin = records[0]
    assert metformin.source == "pharma_rag" and metformin.source_file == str(PHARMA_RAG)
    assert metformin.set_id == "073cf6d9-7142-4d8b-898e-174c62a1f76f" and metformin.version is None
    assert metformin.effective_date == date(2026, 8, 21)
    assert metformin.brand_names == ["Glucophage"] and metformin.manufacturer == "REMEDYREPACK INC."
    keys = {s.key: s for r in records for s in r.sections}
    assert keys["indications_and_usage"].title == "Indications and Usage"
    assert keys["warnings_and_cautions"].title == "Warnings and Precautions"
    assert keys["warnings_and_cautions"].loinc == "43685-7"
    assert {"ask_doctor", "ask_doctor_or_pharmacist", "stop_use", "do_not_use", "purpose"} <= set(keys)
    assert "spl_unclassified_section" not in keys  # every title maps to an openFDA field


def test_graphrag_labels():
    records, errors = split_results(read_graphrag_labels(GRAPHRAG))
    assert errors == [] and len(records) == 24
    rifampin = next(r for r in records if r.set_id == "036ab68e-5085-4edc-bd83-784b43d64eab")
    assert rifampin.version == 52 and rifampin.effective_date == date(2026, 5, 27)
    acetaminophen = records[0]
    assert acetaminophen.spl_id == "5447f567-0cef-ae0a-e063-6394a90ad867"
    assert acetaminophen.product_type == "HUMAN OTC DRUG" and acetaminophen.rxcuis == ["1148399"]
    assert [s.key for s in acetaminophen.sections] == ["indications_and_usage", "warnings"]


def test_phase3_rejects_junk_by_rule():
    records, errors = split_results(read_phase3_openfda_sections(PHASE3))
    assert len(records) + len(errors) == 151
    reasons = {e.position: e.reason for e in errors}
    assert any("'Placebo'" in r and "placebo" in r for r in reasons.values())
    assert any("'Vehicle'" in r for r in reasons.values())
    assert any("toothpaste" in r.lower() for r in reasons.values())
    assert reasons["line 1"] == "no label matched '611': no names and no sections"
    assert any(r.startswith("no set id") for r in reasons.values())
    assert any(r.startswith("duplicate set id") for r in reasons.values())
    names = {n.lower() for r in records for n in r.generic_names}
    assert "placebo" not in names and not any("toothpaste" in n for n in names)
    osimertinib = next(r for r in records if "OSIMERTINIB" in r.generic_names)
    assert osimertinib.brand_names == ["TAGRISSO"] and osimertinib.version is None
    assert {s.key for s in osimertinib.sections} == {
        "indications_and_usage",
        "mechanism_of_action",
        "pharmacokinetics",
    }
    assert len({r.set_id for r in records}) == len(records)


def test_onsides_strips_headers_and_requires_set_id():
    records, errors = split_results(read_onsides_demner_fushman(ONSIDES))
    assert len(records) == 100 and len(errors) == 100
    assert all(e.reason.startswith("no set id") for e in errors)
    assert all("unverified" in e.reason for e in errors)  # 99 manual mappings + "Kit" with no source
    adcetris = records[0]
    assert adcetris.set_id == "3904f8dd-1aef-3490-e48f-bd55f32ed67f"
    assert adcetris.brand_names == ["ADCETRIS"] and adcetris.generic_names == ["brentuximab vedotin"]
    sections = {s.key: s.text for s in adcetris.sections}
    assert set(sections) == {"adverse_reactions", "boxed_warning", "warnings_and_cautions"}
    assert sections["adverse_reactions"].startswith("The following serious adverse reactions")
    assert sections["boxed_warning"].startswith("WARNING: PROGRESSIVE MULTIFOCAL")
    assert not sections["warnings_and_cautions"].startswith("5")
    assert any("100Labels.xls" in note for note in adcetris.notes)
    afinitor = next(r for r in records if r.brand_names == ["Afinitor"])
    assert afinitor.application_numbers == ["NDA022334"]


def test_onsides_unverified_mapping_with_set_id_gets_a_note(tmp_path):
    folder = tmp_path / "onsides_demner_fushman_200"
    folder.mkdir()
    row = {
        "label_id": "Xarelto",
        "split": "train",
        "sections": {"adverse_reactions": "6 ADVERSE REACTIONS\n\nBleeding."},
        "ingredient": "rivaroxaban",
        "ingredient_source": "manual brand->generic mapping (helper, unverified)",
        "set_id": "10db92f9-2300-4a80-836b-673e1ae91610",
    }
    (folder / "labels.jsonl").write_text(json.dumps(row) + "\n")
    [label] = list(read_label_jsonl(folder / "labels.jsonl"))
    assert any("unverified" in note for note in label.notes)
    assert label.sections[0].text == "Bleeding."


def test_bad_lines(tmp_path):
    folder = tmp_path / "graphrag_labels"
    folder.mkdir()
    good = gzip.decompress(GRAPHRAG.read_bytes()).splitlines()[0].decode()
    lines = [
        good,
        '{"set_id": "x", "version": "one", "sections": {}}',
        '{"set_id": "y", "sections": {"warnings": 5}}',
        '{"set_id": "z", "sections": {"warnings": "ok"}',  # truncated line
        "[1, 2]",
        '{"name": "no set id"}',
    ]
    (folder / "labels.jsonl").write_text("\n".join(lines) + "\n")
    out = list(read_label_jsonl(folder / "labels.jsonl"))
    assert not isinstance(out[0], RecordError)
    assert [e.position for e in out[1:]] == ["line 2", "line 3", "line 4", "line 5", "line 6"]
    assert "version" in out[1].reason and "sections.warnings" in out[2].reason
    assert (
        "invalid JSON" in out[3].reason
        and "not a JSON object" in out[4].reason
        and out[5].reason == "no set id"
    )


def test_unknown_flavor_is_refused(tmp_path):
    (tmp_path / "x.jsonl").write_text("{}\n")
    with pytest.raises(ValueError, match="unknown label JSONL flavor"):
        list(read_label_jsonl(tmp_path / "x.jsonl"))


def test_helpers():
    assert clean_onsides_text("    6  ADVERSE REACTIONS  \n\n\n\n  Text   here\n") == "Text here"
    assert clean_onsides_text("\n\n    BOXED WARNING: WARNING: X\n") == "WARNING: X"
    assert normalize_application_number("BLA 125557/0.0") == "BLA125557"
    assert normalize_application_number("NDA 22250") == "NDA022250"
    assert normalize_application_number("L 125388/0.0") == ""
