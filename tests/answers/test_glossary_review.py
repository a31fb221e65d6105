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


def test_list_shows_rows_by_status_most_frequent_first(glossary):
    out = io.StringIO()
    call_command(
        "glossary_review",
        "--list",
        "--status",
        "editor-reviewed",
        "--limit",
        "3",
        "--file",
        str(glossary),
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    frequencies = [int(line.split("\t")[3]) for line in lines[:3]]
    assert frequencies == sorted(frequencies, reverse=True)
    assert lines[-1].endswith("row(s) with status editor-reviewed")
    out = io.StringIO()
    call_command("glossary_review", "--list", "--file", str(glossary), stdout=out)
    assert out.getvalue().splitlines()[-1] == "0 row(s) with status draft"


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


def _write_review(path, rows):
    lines = ["term\tverdict\told_plain\tplain\tkind\treason"]
    lines += ["\t".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _all_ok(glossary):
    return [(t.term, "ok", t.plain, t.plain, "", "") for t in load_lay_terms(glossary)]


def test_apply_editorial_review_fixes_drops_adds_and_marks_every_row(glossary, tmp_path):
    rows = [r for r in _all_ok(glossary) if r[0] not in ("nausea", "pruritus")]
    rows += [
        ("nausea", "fix", "", "queasiness", "", "plainer"),
        ("pruritus", "drop", "", "", "", "duplicate of itching"),
        ("zzq syndrome", "add", "", "made-up test condition", "condition", "test row"),
    ]
    review = tmp_path / "review.tsv"
    _write_review(review, rows)
    out = io.StringIO()
    call_command(
        "glossary_review",
        "--apply",
        str(review),
        "--editorial",
        "test editors",
        "--file",
        str(glossary),
        stdout=out,
    )
    assert "editor-reviewed" in out.getvalue() and "1 fix, 1 drop, 1 add" in out.getvalue()
    load_lay_terms.cache_clear()
    after = load_lay_terms(glossary)
    assert after.plain("nausea").plain == "queasiness"
    assert after.plain("pruritus") is None
    assert after.plain("zzq syndrome").kind == "condition"
    assert {t.status for t in after} == {"editor-reviewed"}


def test_apply_rejects_an_incomplete_or_bad_review_and_writes_nothing(glossary, tmp_path):
    before = glossary.read_text(encoding="utf-8")
    review = tmp_path / "review.tsv"
    _write_review(review, _all_ok(glossary)[1:])  # one glossary row not covered
    with pytest.raises(CommandError, match="not covered"):
        call_command("glossary_review", "--apply", str(review), "--editorial", "eds", "--file", str(glossary))
    bad = _all_ok(glossary)
    bad[0] = (bad[0][0], "maybe", "", "x", "", "")
    bad[1] = (bad[1][0], "fix", "", "has, a comma", "", "why")
    bad[2] = (bad[2][0], "drop", "", "", "", "")
    _write_review(review, bad)
    with pytest.raises(CommandError) as err:
        call_command("glossary_review", "--apply", str(review), "--editorial", "eds", "--file", str(glossary))
    message = str(err.value)
    assert "unknown verdict" in message and "parentheses or commas" in message and "needs a reason" in message
    with pytest.raises(CommandError, match="exactly one of"):
        call_command("glossary_review", "--apply", str(review), "--file", str(glossary))
    assert glossary.read_text(encoding="utf-8") == before
