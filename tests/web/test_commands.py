"""The `rxanswers drug` and `rxanswers search` commands."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

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
