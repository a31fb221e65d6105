"""Interaction pairs end to end: linked to stored drugs, idempotent; a combination no loaded label names but a
public list pairs is answered from the list (cited to it), never as 'the label does not mention it'."""

from __future__ import annotations

import pytest

from rxanswers.answers.pipeline import answer_question
from rxanswers.drugs.models import Drug, InteractionPair
from rxanswers.pipeline import ingest_path

pytestmark = pytest.mark.django_db

HEADER = "drug1\tobject\tdrug2\tprecipitant\tlabel\tseverity\tsource"


def test_pairs_link_to_drugs_and_reingest_is_idempotent(tmp_path):
    for key in ("testoprilat", "testazole"):
        Drug.objects.get_or_create(key=key, defaults={"name": key, "slug": key})
    path = tmp_path / "pairs.tsv"
    path.write_text(
        HEADER + "\ndb:1\tTestoprilat\tdb:2\tTestazole\tTESTAZOLE/TESTOPRILAT [VA]\tCritical\tNDF-RT\n"
        "db:1\tTestoprilat\tdb:9\tUnknownium\tNone\tSignificant\tNDF-RT\n"
    )
    (first,) = ingest_path(path, reader="pddi_pairs", force=True)
    assert first.created == 1 and first.unchanged == 1  # the unknown name is left out, not an error
    pair = InteractionPair.objects.get(first__key="testoprilat")
    assert (pair.second.key, pair.list_name, pair.severity) == ("testazole", "NDF-RT", "Critical")
    (again,) = ingest_path(path, reader="pddi_pairs", force=True)
    assert again.created == 0 and InteractionPair.objects.filter(first__key="testoprilat").count() == 1


def test_a_listed_pair_no_label_names_is_answered_from_the_list():
    """Amiodarone's label does not name citalopram; the ONC high-priority list pairs them (bundled data)."""
    result = answer_question("is it ok to take amiodarone with citalopram")
    lead = result.answer.sentences[0]
    assert lead.text.startswith("No, not without your doctor's advice:")
    assert "ONC list of high-priority drug interactions" in lead.text
    assert lead.citations[0].source == "public_ddi_lists"
    assert all(s.role != "absence" for s in result.answer.sentences)
    assert any("without explaining it" in n for n in result.answer.notices)


def test_registered_brand_names_find_stored_drugs_and_reingest_is_idempotent(tmp_path):
    from rxanswers.drugs.models import DrugName
    from rxanswers.drugs.selectors import drug_get

    Drug.objects.get_or_create(key="testovancin", defaults={"name": "testovancin", "slug": "testovancin"})
    path = tmp_path / "UNII_Names.txt"
    path.write_text(
        "Name\tTYPE\tUNII\tDisplay Name\nTESTOVANCE\tbn\tABCDE12345\tTESTOVANCIN HYDROCHLORIDE\n"
        "NOWHEREX\tbn\tZZZZZ12345\tNOWHEREXIN\n"
    )
    (first,) = ingest_path(path, reader="unii_names", force=True)
    assert first.created == 1 and first.unchanged == 1  # a substance no stored drug is made of is left out
    assert drug_get("testovance").drug.key == "testovancin"
    assert (
        DrugName.objects.get(normalized="testovance").kind == "synonym"
    )  # found by it, not listed as a brand
    (again,) = ingest_path(path, reader="unii_names", force=True)
    assert again.created == 0 and DrugName.objects.filter(normalized="testovance").count() == 1


def test_patent_use_codes_ingest_idempotently_and_explain_the_last_patent(tmp_path):
    import json

    from rxanswers.drugs.models import PatentUseCode

    path = tmp_path / "patent_use_codes.json"
    path.write_text(json.dumps([{"Code": "U-99999", "Definition": "TREATMENT OF TESTITIS"}]))
    (first,) = ingest_path(path, reader="patent_use_codes", force=True)
    (again,) = ingest_path(path, reader="patent_use_codes", force=True)
    assert (first.created, again.created) == (1, 0) and PatentUseCode.objects.get(code="U-99999")
    result = answer_question("is there a generic for quazepam")
    text = " ".join(s.text for s in result.answer.sentences)
    assert "covers a method of use, U-1012" in text
    assert any(c.source == "patent_use_codes" for s in result.answer.sentences for c in s.citations)
    assert any("Patents can be challenged" in n for n in result.answer.notices)
