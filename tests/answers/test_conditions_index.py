"""Conditions from the loaded indications: one name per condition with its synonyms, the medicines whose use
sentences name it (each cited), A-Z and condition pages, search landing, and "what drugs treat X" answers."""

from __future__ import annotations

import pytest

from rxanswers.answers.condition_index import condition_for, condition_index, vocabulary
from rxanswers.answers.pipeline import answer_question

pytestmark = pytest.mark.django_db


def test_one_condition_whatever_it_is_called():
    assert condition_for("hypertension") is condition_for("high blood pressure") is condition_for("HBP")
    condition = condition_for("hypertension")
    assert condition.term.slug == "high-blood-pressure" and condition.term.medical_name == "hypertension"
    assert "hypertention" not in condition.term.also_called  # misspellings find it, but are not shown


def test_medicines_are_those_whose_use_sentences_name_the_condition_and_the_medicine():
    condition = condition_for("high blood pressure")
    names = {m.name for m in condition.medicines}
    assert {"lisinopril", "losartan", "amlodipine"} <= names
    for m in condition.medicines:
        assert m.citation.source and (
            m.citation.section in ("indications_and_usage", "purpose", "indications") or m.citation.record
        )
        lower = m.sentence.lower()
        assert any(w in lower for w in condition.term.synonyms), m.sentence
    groups = dict(condition.groups())
    assert any("angiotensin converting enzyme" in g for g in groups)


def test_a_risk_factor_is_not_a_use():
    condition = condition_for("high blood pressure")
    for m in condition.medicines:
        assert "risk factors" not in m.sentence.lower()


def test_every_condition_comes_from_the_vocabulary_and_has_medicines():
    index = condition_index()
    assert len(index) > 100
    assert set(index) <= set(vocabulary().by_slug)
    assert all(c.medicines for c in index.values())


def test_pages_search_and_redirects(client):
    listing = client.get("/conditions/")
    assert (
        listing.status_code == 200 and 'href="/conditions/high-blood-pressure/"' in listing.content.decode()
    )
    page = client.get("/conditions/high-blood-pressure/")
    html = page.content.decode()
    assert page.status_code == 200 and "/drugs/lisinopril/" in html and 'id="src-1"' in html
    assert "/compare/" in html
    assert client.get("/conditions/hypertension/")["Location"] == "/conditions/high-blood-pressure/"
    assert client.get("/conditions/no-such-thing/").status_code == 404
    search = client.get("/search", {"q": "high blood pressure"})
    assert search.status_code == 302 and search["Location"] == "/conditions/high-blood-pressure/"
    assert client.get("/search", {"q": "metformin"}).status_code == 200


def test_what_drugs_treat_a_disease_is_a_cited_list_by_class():
    result = answer_question("what drugs treat high blood pressure")
    lead, *quotes = result.answer.sentences
    assert lead.text.startswith(
        "The FDA labeling loaded here names high blood pressure (hypertension) as a use of"
    )
    assert "lisinopril" in lead.text or "benazepril" in lead.text
    assert len(lead.citations) >= 4 and all(q.citations for q in quotes)
    assert any("/conditions/high-blood-pressure/" in n for n in result.answer.notices)


def test_a_use_sentence_about_another_product_is_not_evidence(monkeypatch):
    from rxanswers.answers import condition_index as ci

    class Drug:
        name, key = "amantadine", "amantadine"

    index = __import__("rxanswers.answers.selectors", fromlist=["x"]).name_index()
    rinse = "Chlorhexidine Gluconate Oral Rinse is indicated for use between dental visits for gingivitis."
    assert not ci._names(rinse, Drug, index)
    assert ci._names("Amantadine is indicated for Parkinson disease.", Drug, index)


def test_a_kind_of_medicine_defined_by_its_use_is_answered_from_the_listed_uses():
    result = answer_question("is lasix a blood pressure medication")
    lead, quote = result.answer.sentences[:2]
    assert lead.text.startswith(
        "Yes: Furosemide's FDA labeling lists high blood pressure (hypertension) among"
    )
    assert "hypertension" in quote.text.lower() and quote.citations == lead.citations


def test_the_people_a_use_is_for_are_not_a_use():
    """ "to reduce the risk of heart attack and stroke in adults with type 2 diabetes": diabetes is who it is
    for; "to improve glycemic control in adults with type 2 diabetes" names no use before it, so it is the use."""
    from rxanswers.answers.condition_index import conditions_in

    assert [
        t.name
        for t in conditions_in(
            "Atorvastatin is indicated to reduce the risk of heart attack and stroke in adults with type 2 diabetes."
        )
    ] == ["heart attack", "stroke"]
    assert [
        t.name
        for t in conditions_in(
            "Metformin is indicated as an adjunct to diet and exercise to improve glycemic control in adults with "
            "type 2 diabetes mellitus."
        )
    ] == ["type 2 diabetes"]


def test_a_condition_wording_inside_a_longer_nci_name_is_not_that_condition():
    from rxanswers.answers.condition_index import conditions_in

    assert (
        conditions_in("Treatment of adults with mycosis fungoides.") == []
    )  # a lymphoma, not a fungal infection
    assert [t.display for t in conditions_in("indicated for the treatment of fungal infections")] == [
        "fungal infection"
    ]


def test_a_flare_up_of_chronic_bronchitis_is_not_copd():
    # antibiotic labels list "acute exacerbations of chronic bronchitis" (a bacterial flare-up): that is their
    # use, not COPD itself, so no antibiotic is a COPD medicine and their uses say chronic bronchitis
    copd = {m.name for m in condition_for("copd").medicines}
    assert "sulfamethoxazole and trimethoprim" not in copd and "ciprofloxacin" not in copd
    bronchitis = {m.name for m in condition_for("chronic bronchitis").medicines}
    assert "sulfamethoxazole and trimethoprim" in bronchitis
    texts = [s.text for s in answer_question("what is ciprofloxacin used for").answer.sentences]
    assert not any("COPD" in t for t in texts[:2])
