"""The `rxanswers drug` and `rxanswers search` commands."""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from rxanswers.answers.leaflet import TOPICS
from rxanswers.drugs.selectors import drug_get, drug_monograph

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_drug_command_prints_label_identity_and_source():
    monograph = drug_monograph(drug_get("lipitor"))
    text = run("drug", "Lipitor")
    assert "ATORVASTATIN" in text and "Lipitor is a brand name of atorvastatin" in text
    assert f"set id {monograph.label.set_id}, version {monograph.label.version_display}" in text
    assert monograph.label.source.name in text


def test_drug_command_without_label_text_and_json():
    text = run("drug", "gleevec")
    assert "No FDA label text for imatinib is loaded in this database." in text
    data = json.loads(run("drug", "imatinib", "--json"))
    assert data["slug"] == "imatinib" and data["generics"]["generic_available"] is True
    assert data["has_label_text"] is False


def test_drug_command_unknown_name_suggests_and_exits_1():
    with pytest.raises(CommandError) as excinfo:
        run("drug", "metformen")
    assert excinfo.value.returncode == 1
    assert "metformin" in str(excinfo.value)


def test_search_command_text_and_json():
    assert "Showing results for metformin" in run("search", "metformen")
    data = json.loads(run("search", "lactic", "acidosis", "--json"))
    assert data["sections"] and all("/labels/" in s["url"] for s in data["sections"])


def test_drug_leaflet_command_prints_the_page_sections_each_sentence_numbered_to_its_source():
    text = run("drug", "metformin", "--leaflet")
    headings = re.findall(r"^== (.+?) ==(.*)$", text, re.M)
    assert [h for h, _ in headings] == [t.heading for t in TOPICS] + ["Generics and cost"]
    marks = dict(headings)
    assert marks["How to take it"] == " [the label does not say]" and marks["Why it is used"] == ""
    body, sources = text.split("\nSources:\n")
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    listed = dict(re.findall(r"^  \[(\d+)\] (.+)$", sources, re.M))
    assert cited and {int(n) for n in listed} == cited  # every number has its source, and only those
    label = drug_monograph(drug_get("metformin")).label
    for line in listed.values():
        if line.startswith("FDA label"):
            assert (
                f"set id {label.set_id}" in line and f"effective {label.effective_date.isoformat()}" in line
            )
            assert "section " in line and f"/labels/{label.set_id}/v/" in line
    assert any("section indications_and_usage" in line for line in listed.values())
    assert "glycemic control" in body.split("== How to take it ==")[0]


def test_drug_leaflet_json_is_the_api_document_with_site_paths(client):
    data = json.loads(run("drug", "Glucophage", "--leaflet", "--json"))
    api = client.get("/api/v1/drugs/metformin/leaflet").json()
    assert data["drug"] == api["drug"] == {"slug": "metformin", "name": "metformin"}
    assert data["url"] == "/drugs/metformin/"
    assert [(s["key"], s["status"]) for s in data["sections"]] == [
        (s["key"], s["status"]) for s in api["sections"]
    ]
    for mine, theirs in zip(data["sections"], api["sections"], strict=True):
        assert [x["text"] for x in mine["sentences"]] == [x["text"] for x in theirs["sentences"]]
        for a, b in zip(mine["sentences"], theirs["sentences"], strict=True):
            assert [c["url"] for c in b["citations"]] == [
                "http://testserver" + c["url"] if c["url"].startswith("/") else c["url"]
                for c in a["citations"]
            ]
    without = run("drug", "imatinib", "--leaflet")
    assert "== How to take it == [no label text loaded]" in without
    assert "No FDA label text for imatinib is loaded here, so this page cannot say how to take it." in without
