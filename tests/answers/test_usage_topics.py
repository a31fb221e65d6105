"""Narrow usage topics (storage, disposal, missed dose, stopping) reached by the question's words or, for
storage, by a sure question type in words no cue knows. Bundled real data; no question here is from a
benchmark."""

from __future__ import annotations

import re

import pytest

from rxanswers.answers.pipeline import answer_question

pytestmark = pytest.mark.django_db

_ABOUT_STORAGE = re.compile(r"\bstor|refrigerat|room temperature|discard|expir|how long it keeps", re.I)


def test_a_sure_storage_question_in_other_words_is_answered_about_storage():
    """ "still good after 5 months" names no storage word; the classifier is sure it is about storage, so the
    answer is the storage sentences or a cited "does not say" — not a dosing sentence that says "3 months"."""
    result = answer_question("is the amoxicillin still good after 5 months?")
    assert result.intent == "storage_disposal"
    first = result.answer.sentences[0]
    assert _ABOUT_STORAGE.search(first.text), first.text
    assert first.citations


def test_stopping_in_other_words_keeps_the_ranked_answer():
    """ "get off" names no stopping cue; the ranked sentences answer it (the taper), not a topic fallback."""
    first = answer_question("how do i get off xanax safely?").answer.sentences[0].text
    assert re.search(r"taper|gradual", first, re.I), first


def test_how_it_works_when_the_loaded_label_is_silent_comes_from_the_nci_dictionary_not_the_class():
    """The axitinib label text loaded has no mechanism section: the NCI dictionary says how it works, cited to
    it; the class sentence ("a kinase inhibitor") follows instead of leading."""
    result = answer_question("how does axitinib work")
    first = result.answer.sentences[0]
    assert "blocks" in first.text and first.citations[0].source == "nci_thesaurus_glossary"
    assert not first.text.endswith("is a kinase inhibitor.")


def test_what_strengths_it_comes_in_is_answered_from_the_supplied_strengths_not_a_dose():
    result = answer_question("what strengths does lisinopril come in")
    first, second = result.answer.sentences[:2]
    assert "supplied as 2.5 mg, 5 mg, 10 mg" in first.text and first.citations[0].section in (
        "dosage_forms_and_strengths",
        "how_supplied",
        "description",
    )
    assert second.text.startswith("FDA product listings give these forms and strengths of lisinopril")
    metformin = answer_question("what size doses of metformin are available?").answer.sentences
    assert not any(
        "10MG; 1GM" in s.text for s in metformin
    )  # a combination product's pair is not metformin's


def test_what_time_of_day_is_answered_by_the_sentence_that_says_it_or_a_cited_absence():
    first = answer_question("what time should i take my simvastatin").answer.sentences[0].text
    assert "in the evening" in first
    silent, how_often = answer_question("when is the best time to take lotensin").answer.sentences[:2]
    assert silent.text.startswith("The label does not say") and "what time of day" in silent.text
    # no time of day, but how often an adult takes it (not a child's study dose or a kidney patient's)
    assert "once a day" in how_often.text and "creatinine" not in how_often.text and how_often.citations
    metformin = answer_question("what time of day should I take metformin").answer.sentences[0].text
    assert "with meals" in metformin and "AUC" not in metformin  # not the food-effect study


def test_a_use_question_about_a_label_extract_without_uses_gets_the_compiled_indications():
    """The lidocaine labels loaded are infusion extracts with no uses section: "what does it do" is answered
    from the compiled label indications, not with a contraindication ranked first."""
    first = answer_question("what does the lidocaine do, just reduce pain?").answer.sentences[0]
    assert "indicated" in first.text and "contraindicated" not in first.text
    assert first.citations[0].source != "fda_label"


def test_a_strength_asked_by_yes_or_no_is_answered_from_the_listed_strengths():
    yes = answer_question("is zoloft available in 25 mg").answer.sentences[0]
    assert yes.text.startswith("Yes: 25 mg is among the strengths listed for sertraline") and yes.citations
    silent = answer_question("does lisinopril come in 15 mg").answer.sentences[0]
    assert silent.text.startswith(
        "The label text and product listings loaded here do not mention a 15 mg strength"
    )
    assert silent.role == "absence"


def test_a_topic_whose_sections_are_not_loaded_is_said_to_be_missing_not_absent():
    """The bundled gabapentin and amlodipine labels are extracts without How Supplied or Description: the
    answer says the part that gives storage / appearance / side effects is not loaded, not that the label is
    silent."""
    for question, part in (
        ("how long is gabapentin good at room temperature", "How Supplied"),
        ("what shape is the amlodipine pill", "How Supplied"),
        ("what are the side effects of lidocaine", "Adverse Reactions"),
        ("how soon does losartan affect blood pressure", "Clinical Pharmacology"),
        ("is tamsulosin gluten free", "Description"),
    ):
        first = answer_question(question).answer.sentences[0]
        assert first.role == "coverage", question
        assert first.text.startswith("Only part of the") and part in first.text, question
        assert "does not say" not in first.text and first.citations, question


def test_a_list_of_capsule_dyes_is_not_what_a_capsule_looks_like():
    """ "black iron oxide, D & C Red 28, FD & C Blue 1 ...": dye names are no colours of the capsule; the
    omeprazole label loaded here has no How Supplied, so the answer says that part is missing."""
    first = answer_question("what does omeprazole look like").answer.sentences[0]
    assert "iron oxide" not in first.text and first.role == "coverage"


def test_a_side_effect_question_on_an_extract_quotes_its_warnings_after_saying_what_is_missing():
    sentences = answer_question("what are the side effects of atenolol").answer.sentences
    assert sentences[0].role == "coverage" and "Adverse Reactions" in sentences[0].text
    assert len(sentences) > 1 and all(c.section for s in sentences[1:] for c in s.citations)


def test_a_temperature_in_the_label_does_not_hide_a_missing_missed_dose_instruction():
    first = answer_question("what if i miss a dose of lisinopril").answer.sentences[0]
    assert "missed dose" in first.text and first.role == "coverage"


def test_how_long_to_stay_on_a_medicine_is_not_answered_with_its_half_life():
    first = answer_question("how long do i have to stay on clopidogrel after a stent").answer.sentences[0]
    assert "half-life" not in first.text and "how soon" not in first.text


def test_how_it_works_is_not_answered_by_how_the_body_handles_it():
    texts = [s.text for s in answer_question("how does atorvastatin work").answer.sentences]
    assert "inhibitor of" in texts[0] and "(HMG-CoA) reductase" in texts[0]
    assert not any("bioavailability" in t or "exposure" in t for t in texts[:2])


def test_a_peak_blood_level_is_said_to_be_one_not_the_time_it_takes_to_work():
    texts = [s.text for s in answer_question("how long before sertraline starts working").answer.sentences]
    assert texts[0] == (
        "The sertraline label gives how soon it reaches its highest level in the blood, not how soon it starts "
        "to work."
    )
    assert "peak plasma" in texts[1]


def test_before_meals_answers_when_to_take_it():
    first = answer_question("when is the best time to take omeprazole").answer.sentences[0].text
    assert "before meals" in first


def test_what_stopping_it_risks_answers_is_it_dangerous_to_stop_it():
    result = answer_question("is it dangerous to stop taking plavix")
    texts = [s.text for s in result.answer.sentences]
    assert texts[0] == "Yes: the clopidogrel label warns about stopping it early."
    assert "discontinuation" in texts[1].lower() and "risk" in texts[1]
    assert not any("return to baseline" in t for t in texts[:2])  # test values after stopping are no rule
    before = answer_question("should i stop plavix before surgery").answer.sentences[0].text
    assert "prior to surgery" in before


def test_how_long_it_stays_leads_with_the_time_said_for_everyone_not_for_some_or_beside_another_medicine():
    texts = [s.text for s in answer_question("how long will metformin be in my body").answer.sentences]
    assert re.search(r"half-life (?:is|of) approximately \d", texts[0])
    assert "elderly" not in texts[0] and "renal function" not in texts[0]
    fluconazole = answer_question("how long will fluconazole remain in my system").answer.sentences[0].text
    assert "approximately 30 hours" in fluconazole
