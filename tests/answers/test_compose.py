"""Answers composed from the bundled real data: cited, about the right drug, honest when a source is missing."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.management import call_command

from rxanswers.answers.pipeline import answer_question
from rxanswers.drugs.models import Drug
from rxanswers.labels.models import LabelVersion

pytestmark = pytest.mark.django_db


def _all_cited(result) -> bool:
    return all(s.citations for s in result.answer.sentences)


def _label_citations(result):
    return [c for s in result.answer.sentences for c in s.citations if c.source == "fda_label"]


def test_side_effects_lead_with_most_common_and_cite_the_drugs_own_label():
    result = answer_question("what are the side effects of metformen")
    assert [d.name for d in result.drugs] == ["metformin"]
    assert result.intent == "side_effects"
    assert "most common" in result.answer.sentences[0].text.lower()
    assert _all_cited(result)
    metformin = Drug.objects.get(key="metformin")
    for citation in _label_citations(result):
        version = LabelVersion.objects.get(id=citation.version_id)
        assert metformin in version.label.drugs.all()  # never another drug's label
        assert citation.section and citation.set_id == version.label.set_id
        assert citation.url.endswith("#section-" + citation.section.replace("_", "-"))


def test_drug_without_label_text_uses_nci_as_a_labelled_second_source():
    result = answer_question("How does Besponsa work to treat ALL?")
    assert result.drugs[0].name == "inotuzumab ozogamicin"
    assert result.intent == "action"
    assert _all_cited(result)
    sources = {c.source for s in result.answer.sentences for c in s.citations}
    assert "fda_label" not in sources
    assert "nci_thesaurus_glossary" in sources
    assert any("label text for inotuzumab ozogamicin is not loaded" in n for n in result.answer.notices)
    assert not any(
        "rxanswers" in n or "`" in n for n in result.answer.notices
    )  # operator steps are staff notes
    assert any("download" in n for n in result.staff_notes)
    assert "binds to CD22" in result.answer.sentences[0].text  # how it works, first


def test_generic_available_for_gleevec_from_drugs_at_fda():
    result = answer_question("Is there a generic for Gleevec?")
    assert result.intent == "generic" and result.drugs[0].name == "imatinib"
    first = result.answer.sentences[0]
    assert first.text.startswith("Yes.")
    assert first.citations[0].source == "drugsatfda" and "ANDA" in first.citations[0].record


def test_no_generic_for_tasigna_and_patent_dates_from_orange_book():
    result = answer_question("is there a generic version of tasigna")
    assert result.drugs[0].name == "nilotinib"
    text = result.answer.text
    assert "no approved generic" in text
    assert any(c.source == "orangebook" for s in result.answer.sentences for c in s.citations)


def test_cost_says_no_price_data_instead_of_inventing_one():
    result = answer_question("How much does Tecartus cost?")
    assert result.intent == "cost"
    assert "$" not in (result.answer.text if result.answer else "")
    lead = result.answer.sentences[0]  # the answer opens with it, not with a definition of the drug
    assert (
        lead.text.startswith("No price for brexucabtagene autoleucel is known here")
        and lead.role == "absence"
    )
    assert lead.citations  # cited to what was found instead
    notices = " ".join(result.answer.notices)
    assert "No price for" not in notices  # said once
    assert "rxanswers download" not in notices + result.answer.text  # no operator instructions for patients


def test_interaction_with_something_the_label_never_mentions_says_so():
    result = answer_question("can i take lisinopril with kombucha")
    assert result.intent == "interaction"
    absence = [s for s in result.answer.sentences if s.role == "absence"]
    assert absence and "does not mention taking it with kombucha" in absence[0].text
    assert result.answer.text.startswith("The label does not say")
    assert absence[0].citations[0].source == "fda_label"


def test_interaction_found_in_label_text():
    result = answer_question("can i drink grapefruit juice with atorvastatin")
    assert result.intent == "interaction"
    assert "grapefruit" in result.answer.text.lower()
    assert _all_cited(result)


def test_unknown_drug_abstains():
    result = answer_question("what is the dose of zqxvbrtl")
    assert result.answer is None and result.abstained
    assert result.drugs == []


def test_comparison_covers_each_drug():
    result = answer_question("Gleevec vs Sprycel vs Tasigna")
    assert result.intent == "comparison"
    assert [d.name for d in result.drugs] == ["imatinib", "dasatinib", "nilotinib"]
    assert _all_cited(result)


def test_empty_and_huge_questions_are_rejected():
    with pytest.raises(ValueError):
        answer_question("   ")
    with pytest.raises(ValueError):
        answer_question("x" * 5000)


def test_ask_json_contract():
    out = io.StringIO()
    call_command("ask", "what is lisinopril used for", "--json", stdout=out)
    obj = json.loads(out.getvalue())
    assert set(obj) >= {
        "id",
        "question",
        "drugs",
        "intent",
        "secondary_intent",
        "answer",
        "abstained",
        "review",
    }
    assert obj["review"]["status"] == "unreviewed"
    assert obj["drugs"][0]["name"] == "lisinopril" and obj["drugs"][0]["matched"] == "lisinopril"
    for sentence in obj["answer"]["sentences"]:
        assert sentence["citations"]
        for c in sentence["citations"]:
            if c["source"] == "fda_label":
                assert {"set_id", "version", "effective_date", "section", "url"} <= set(c)


def test_ask_batch_keeps_order_and_reports_bad_lines(tmp_path):
    batch = tmp_path / "q.jsonl"
    batch.write_text(
        "\n".join(
            [
                json.dumps({"id": "a", "question": "what is atorvastatin used for"}),
                "this is not json",
                json.dumps({"id": "c", "question": ""}),
                json.dumps({"id": "d", "question": "side effects of sertraline"}),
            ]
        )
        + "\n"
    )
    out = io.StringIO()
    call_command("ask", "--batch", str(batch), stdout=out, stderr=io.StringIO())
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [obj.get("id") for obj in lines] == ["a", None, "c", "d"]
    assert "error" in lines[1] and "error" in lines[2]
    assert lines[0]["drugs"][0]["name"] == "atorvastatin" and lines[3]["intent"] == "side_effects"


def test_text_output_has_numbered_sources():
    out = io.StringIO()
    call_command("ask", "how should I store atorvastatin", stdout=out)
    text = out.getvalue()
    assert "[1]" in text and "Sources:" in text and "not yet medically reviewed" in text


def test_asked_symptom_leads_with_the_label_sentences_that_name_it():
    result = answer_question("can atorvastatin affect the liver")
    assert result.intent == "side_effects" and _all_cited(result)
    assert "liver" in result.answer.sentences[0].text.lower()


def test_asked_symptom_absent_from_label_is_said_so_with_the_checked_label_cited():
    result = answer_question("can losartan cause hair loss")
    first = result.answer.sentences[0]
    assert first.role == "absence" and "hair loss" in first.text
    # this bundled label is an extract: the claim is about the parts loaded, and says which parts are not
    assert first.text.startswith("The parts of the losartan label loaded here do not mention hair loss")
    assert "sections are not loaded here" in first.text
    version = LabelVersion.objects.get(id=first.citations[0].version_id)
    text = " ".join(s.text.lower() for s in version.sections.all())
    assert "alopecia" not in text and "hair loss" not in text  # the claim holds for the cited version


def test_related_wording_blocks_an_absence_claim():
    # NSAID labels speak of "ulceration", not "stomach ulcer": no "does not mention" for that
    result = answer_question("can i take naproxen with a stomach ulcer")
    assert not any(s.role == "absence" for s in result.answer.sentences)
    assert "ulcer" in result.answer.text.lower()
    assert result.answer.sentences[0].text.startswith("No, not")


def test_who_makes_names_the_application_holders_from_drugs_at_fda():
    result = answer_question("who makes gleevec")
    assert result.intent == "information"
    first = result.answer.sentences[0]
    assert "Novartis" in first.text and first.citations[0].source == "drugsatfda"


def test_cost_answer_does_not_open_with_yes():
    result = answer_question("why is eliquis so expensive")
    assert result.intent == "cost"
    assert not result.answer.text.startswith("Yes")


def test_supplement_without_label_gets_the_nci_definition_clearly_attributed():
    result = answer_question("what does magnesium do to your body")
    assert result.answer is not None
    first = result.answer.sentences[0]
    assert first.text.startswith("The NCI Dictionary of Cancer Terms describes magnesium")
    assert all(c.source == "nci_thesaurus_glossary" for c in first.citations)
    assert any("label text" in n for n in result.answer.notices)  # says FDA label text is not loaded


def test_generic_question_about_a_biologic_answers_with_purple_book_biosimilars():
    """With an FDA Purple Book file loaded (the hand-written fixture in the official layout), "is there a
    generic for Humira" is answered with the listed biosimilars, cited to the Purple Book."""
    from tests.web.price_helpers import load_test_purplebook

    load_test_purplebook()
    result = answer_question("is there a generic for humira")
    assert [d.name for d in result.drugs] == ["adalimumab"]
    first = result.answer.sentences[0]
    assert "biosimilar" in first.text and "Purple Book" in first.text
    assert first.citations[0].source == "purplebook" and first.citations[0].record.startswith("BLA ")


def test_which_drugs_cause_an_effect_lists_labels_that_name_it_as_a_phrase():
    result = answer_question("which drugs can cause hair loss")
    assert result.drugs[0].kind == "description" and result.drugs[0].name == "drugs that cause hair loss"
    assert result.answer is not None and 1 <= len(result.answer.sentences) <= 5
    for sentence in result.answer.sentences:
        (citation,) = sentence.citations
        assert citation.source == "fda_label" and citation.section
        section = LabelVersion.objects.get(id=citation.version_id).sections.get(key=citation.section)
        text = section.text.lower()
        assert "hair loss" in text or "alopecia" in text  # the cited section really names it
    assert any("not a complete list" in n for n in result.answer.notices)


def test_which_drugs_cause_an_effect_no_label_names_abstains():
    result = answer_question("what medicines cause zqxv syndrome")
    assert result.answer is None and "no FDA label" in result.abstained


def test_both_directions_of_an_absent_interaction_are_kept():
    result = answer_question("can i take tylenol with ibuprofen")
    assert result.intent == "interaction"
    assert [d.name for d in result.drugs] == ["acetaminophen", "ibuprofen"]
    # neither label names the other: one cited statement covering both labels, never "no interaction"
    absence = [s for s in result.answer.sentences if s.role == "absence"]
    if absence:
        assert "acetaminophen or ibuprofen" in absence[0].text and len(absence[0].citations) == 2
        assert "no interaction" not in result.answer.text.lower()


def test_a_substance_named_beside_a_medicine_gets_no_answer_of_its_own():
    result = answer_question("can you drink alcohol with amoxicillin")
    assert result.drugs[0].name == "amoxicillin"
    assert all("NCI" not in s.text for s in result.answer.sentences)  # no definition of alcohol


def test_combination_without_label_quotes_its_ingredients_labels_as_such():
    result = answer_question("what are the side effects of symbyax")
    assert result.drugs[0].name == "fluoxetine and olanzapine" and not result.drugs[0].has_label
    parts = [s for s in result.answer.sentences if "(an ingredient):" in s.text]
    assert parts and {s.text.split(" (an ingredient)")[0].lower() for s in parts} <= {
        "fluoxetine",
        "olanzapine",
    }
    for s in parts:
        version = LabelVersion.objects.get(id=s.citations[0].version_id)
        assert {d.key for d in version.label.drugs.all()} & {"fluoxetine", "olanzapine"}
    assert sum("not loaded" in n or "No label text" in n for n in result.answer.notices) == 1


def test_dose_for_a_young_child_leads_with_the_drug_facts_line_for_that_age():
    """Flattened Drug Facts directions are split per age group; the asker's age picks the group."""
    result = answer_question("how much tylenol can i give my 4 year old")
    assert result.intent == "dose" and result.drugs[0].name == "acetaminophen"
    first = result.answer.sentences[0].text
    assert first.startswith("Children under 6 years ask a doctor")
    assert not any("12 years and over" in s.text for s in result.answer.sentences)  # the adult line
    assert _all_cited(result)


def test_flattened_directions_become_one_sentence_per_age_group():
    from rxanswers.answers.evidence.sentences import quotable_sentences as _sentences
    from rxanswers.answers.population import population_of

    text = (
        "Directions do not take more than directed adults and children 12 years and over take 2 tablets every "
        "4 to 6 hours do not take more than 10 tablets in 24 hours children 6 to under 12 years take 1 tablet "
        "every 4 to 6 hours do not take more than 5 tablets in 24 hours children under 6 years ask a doctor"
    )
    assert _sentences(text) == [
        "Do not take more than directed.",
        "Adults and children 12 years and over take 2 tablets every 4 to 6 hours; do not take more than 10 "
        "tablets in 24 hours.",
        "Children 6 to under 12 years take 1 tablet every 4 to 6 hours; do not take more than 5 tablets in 24 "
        "hours.",
        "Children under 6 years ask a doctor.",
    ]
    assert population_of("dose for my 9 year old").age == 9
    assert population_of("motrin for an 18 month old").age == 1.5
    assert population_of("amoxicillin for 10 days") is None  # a treatment length, not an age
    assert population_of("adult dose of amoxicillin").group == "adult"


def test_symptom_in_everyday_words_finds_the_medical_term_and_never_claims_absence_wrongly():
    """ "swollen ankles" is edema in the label: the answer quotes it and makes no "does not mention" claim."""
    result = answer_question("both his ankles are swollen, can amlodipine do that")
    assert result.intent == "side_effects" and result.drugs[0].name == "amlodipine"
    assert "edema" in result.answer.sentences[0].text
    assert not any(s.role == "absence" for s in result.answer.sentences)


def test_how_long_questions_get_the_labels_timing_sentences():
    result = answer_question("how long does ibuprofin take to kick in")
    assert result.intent == "action" and result.drugs[0].name == "ibuprofen"
    # a time for the effect, not the class and not urine excretion
    first = result.answer.sentences[0]
    assert re.search(r"\b(?:hours?|days?|weeks?)\b", first.text) and "urine" not in first.text
    assert _all_cited(result)


def test_sunburn_in_a_question_finds_photosensitivity():
    result = answer_question("can doxycycline make you sunburn easier")
    assert result.answer.sentences[0].text.startswith("Yes")
    assert "photosensitivity" in " ".join(s.text for s in result.answer.sentences[:3])


def test_use_not_on_the_label_is_said_so_and_the_approved_uses_follow():
    result = answer_question("is gabapentin used for anxiety")
    first = result.answer.sentences[0]
    assert first.role == "absence" and first.text.startswith(
        "The label does not say that gabapentin treats anxiety"
    )
    assert "off-label" in first.text
    assert first.citations[0].section == "indications_and_usage"
    assert any("indicated" in s.text for s in result.answer.sentences[1:])


def test_is_it_addictive_quotes_the_labels_abuse_and_scheduling_text():
    result = answer_question("is tramadol addictive")
    assert result.intent == "information" and result.drugs[0].name == "tramadol"
    assert result.answer.sentences[0].text.startswith("Yes: the tramadol label warns about addiction")
    assert _all_cited(result)


def test_is_x_a_kind_of_medicine_answers_yes_or_no_from_the_fda_classes():
    yes = answer_question("is eliquis a blood thinner")
    assert yes.answer.sentences[0].text.startswith("Yes. Apixaban belongs to the FDA pharmacologic class")
    assert yes.answer.sentences[0].citations[0].source == "ndc"
    no = answer_question("is gabapentin a narcotic")  # its FDA class is far from any opioid class
    assert (
        no.answer.sentences[0].text
        == "No. FDA classes gabapentin as an anti-epileptic agent, not as a narcotic."
    )
    assert no.answer.sentences[0].citations[0].source == "ndc"
    assert not any(s.role == "absence" for s in no.answer.sentences)
    # androgen is close in meaning to steroid (testosterone is a steroid hormone): no "no" is claimed
    near = answer_question("is testosterone a steroid")
    assert not any(s.text.startswith("No") for s in near.answer.sentences)
    assert near.answer.sentences[0].text.startswith("Testosterone is an androgen")


def test_without_label_text_the_answer_first_says_what_it_cannot_answer():
    """A side-effect question about a medicine whose label is not loaded does not lead with a definition."""
    result = answer_question("what are the side effects of benzonatate")
    assert not result.drugs[0].has_label
    lead = result.answer.sentences[0]
    assert lead.text.startswith(
        "The FDA label text for benzonatate is not loaded here, so this answer cannot say what its label says "
        "about its side effects"
    )
    assert lead.citations and lead.role == "coverage"  # what is loaded here, not what the label lacks
    assert not any(n.startswith("The FDA label text for benzonatate") for n in result.answer.notices)
    what = answer_question("what is benzonatate")  # a definition is what was asked: no such lead
    assert not what.answer.sentences[0].text.startswith("The FDA label text")


@pytest.mark.django_db
def test_an_allergenic_extract_class_is_not_said_of_a_food_or_supplement():
    from rxanswers.answers.pipeline import answer_question

    result = answer_question("are cranberry pills ok to take?")
    text = result.answer.text if result.answer else ""
    assert "allergenic extract" not in text.lower()
    glycerin = answer_question("are glycerin suppositories ok for constipation?")  # "Chemical Allergen" too
    assert "allergen" not in (glycerin.answer.text if glycerin.answer else "").lower()
