"""Compiled label indications (MedRecPro layout) end to end: linked to stored drugs by ingredient or name,
re-ingest idempotent, changed text replaced; "what is X for" on a label extract without its indications quotes
them with the compilation as the source. The blocks written here are test data in the official layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from rxanswers.answers.pipeline import answer_question
from rxanswers.drugs.models import Drug, IndicationText
from rxanswers.pipeline import ingest_path

pytestmark = pytest.mark.django_db

BLOCK = """ProductNames|UNII|IndicationsSummary
---
{names}|{unii}|
# Summary
{text}
---
"""


def write(path: Path, names: str, unii: str, text: str) -> Path:
    path.write_text(BLOCK.format(names=names, unii=unii, text=text))
    return path


def test_blocks_link_to_drugs_and_reingest_is_idempotent(tmp_path: Path):
    Drug.objects.get_or_create(key="testoprilat", defaults={"name": "testoprilat", "slug": "testoprilat"})
    path = write(
        tmp_path / "labelProductIndication.md",
        "TESTOPRILAT,Testoprilix",
        "TEST000001",
        "TEST TEXT: Testoprilat is indicated for testing.",
    )
    (first,) = ingest_path(path, reader="medrecpro_indications", force=True)
    row = IndicationText.objects.get(record="TEST000001")
    assert row.drug.key == "testoprilat" and row.product_names == "TESTOPRILAT, Testoprilix"
    assert first.created == 1
    (again,) = ingest_path(path, reader="medrecpro_indications", force=True)
    assert again.created == 0 and IndicationText.objects.filter(record="TEST000001").count() == 1
    write(path, "TESTOPRILAT", "TEST000001", "TEST TEXT: Testoprilat is indicated for more testing.")
    ingest_path(path, reader="medrecpro_indications", force=True)
    assert IndicationText.objects.get(record="TEST000001").text.endswith("more testing.")


def test_a_label_extract_without_uses_answers_from_the_compiled_indications():
    """Cilostazol's bundled label text is the cardiovascular extract (no indications section)."""
    result = answer_question("why would i be prescribed cilostazol")
    assert result.drugs[0].name == "cilostazol" and result.form != "yes_no"
    lead = result.answer.sentences[0]
    assert "indicated for" in lead.text and "claudication" in lead.text
    assert lead.citations[0].source == "medrecpro_indications"
    assert "UNII" in lead.citations[0].record
