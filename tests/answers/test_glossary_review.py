"""rxanswers glossary-review: approvals are recorded with a named reviewer, on a copy of the glossary."""

from __future__ import annotations

import io
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rxanswers.answers.lay import TSV_PATH, load_lay_terms


@pytest.fixture
def glossary(tmp_path):
    path = tmp_path / "lay_terms.tsv"
    shutil.copy(TSV_PATH, path)
    return path


def test_list_shows_draft_rows_most_frequent_first(glossary):
    out = io.StringIO()
    call_command("glossary_review", "--list", "--limit", "3", "--file", str(glossary), stdout=out)
    lines = out.getvalue().splitlines()
    frequencies = [int(line.split("\t")[3]) for line in lines[:3]]
    assert frequencies == sorted(frequencies, reverse=True)
    assert lines[-1].endswith("row(s) with status draft")


def test_approve_records_reviewer_and_date_and_keeps_every_row(glossary):
    before = load_lay_terms(glossary)
    call_command(
        "glossary_review",
        "--approve",
        "nausea",
        "--reviewer",
        "Jane Roe, PharmD",
        "--file",
        str(glossary),
        stdout=io.StringIO(),
    )
    load_lay_terms.cache_clear()
    after = load_lay_terms(glossary)
    assert len(after) == len(before)
    row = after.plain("nausea")
    assert row.status == "reviewed"
    text = glossary.read_text(encoding="utf-8")
    assert "reviewed_by\treviewed_on" in text.splitlines()[0] and "Jane Roe, PharmD" in text


def test_approve_with_new_wording_and_bad_input(glossary):
    call_command(
        "glossary_review",
        "--approve",
        "pruritus",
        "--plain",
        "itchy skin",
        "--reviewer",
        "A Smith, RPh",
        "--file",
        str(glossary),
        stdout=io.StringIO(),
    )
    load_lay_terms.cache_clear()
    assert load_lay_terms(glossary).plain("pruritus").plain == "itchy skin"
    with pytest.raises(CommandError, match="NAME, CREDENTIAL"):
        call_command(
            "glossary_review", "--approve", "nausea", "--reviewer", "someone", "--file", str(glossary)
        )
    with pytest.raises(CommandError, match="not in the glossary"):
        call_command(
            "glossary_review", "--approve", "zzqx", "--reviewer", "A Smith, RPh", "--file", str(glossary)
        )
    with pytest.raises(CommandError, match="parentheses or commas"):
        call_command(
            "glossary_review",
            "--approve",
            "nausea",
            "--plain",
            "sick (queasy)",
            "--reviewer",
            "A Smith, RPh",
            "--file",
            str(glossary),
        )
