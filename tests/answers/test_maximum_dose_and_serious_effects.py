""" "What is the maximum dose of X" (the stated limit leads, then the usual dose) and "what are its serious side
effects" (its warnings lead). Real behaviour on the bundled labels; the questions were written for the mechanisms,
none is from a benchmark."""

from __future__ import annotations

import pytest

from rxanswers.answers.pipeline import answer_question

pytestmark = pytest.mark.django_db


def _texts(question: str) -> list[str]:
    result = answer_question(question)
    assert all(s.citations for s in result.answer.sentences)
    return [s.text for s in result.answer.sentences]


def test_the_stated_maximum_leads_then_the_usual_dose():
    texts = _texts("what is the maximum daily dose of metformin")
    assert "maximum dose of 2550 mg per day" in texts[0]
    texts = _texts("how high can the losartan dose go")
    assert "maximum dose of 100 mg" in texts[0] and "50 mg once daily" in texts[1]


def test_an_adults_question_is_not_answered_by_a_childs_limit():
    texts = _texts("what is the highest dose of lisinopril")
    assert texts[0] == "Increase as tolerated to a maximum of 40 mg once daily."


def test_study_and_animal_sentences_naming_a_maximum_are_not_limits():
    for text in _texts("what is the max dose of gabapentin")[:2]:
        assert "mice" not in text and "MRHD" not in text


def test_serious_side_effects_are_answered_by_the_warnings_not_the_most_common_list():
    result = answer_question("what are the serious side effects of metformin")
    first = result.answer.sentences[0]
    assert first.citations[0].section in {"boxed_warning", "warnings_and_cautions", "warnings"}
    assert "lactic acidosis" in first.text
    common = answer_question("what are the side effects of metformin").answer.sentences[0]
    assert "most common" in common.text


def test_a_dose_question_naming_nobody_is_not_led_by_a_childs_per_weight_dose():
    first = answer_question("how many mg of naproxen should I take").answer.sentences[0].text
    assert "/kg" not in first and "mg" in first
    # every dose of brentuximab is per weight (adults too): its order is kept
    dose = answer_question("how much brentuximab do they give and how often").answer.sentences[0].text
    assert "1.8 mg/kg" in dose


def test_is_this_amount_too_much_is_answered_by_the_stated_limit():
    lead = _texts("is 2400 mg of ibuprofen a day too much")[0]
    assert "3200 mg" in lead


def test_asking_whether_a_dose_may_be_taken_is_no_call_for_poison_control():
    texts = _texts("can i take 3 tylenol at once")
    assert not texts[0].startswith("Yes: the acetaminophen label says to get medical help")
    assert any("more than" in t for t in texts[:3])  # the label's limit
    took = _texts("I accidentally took a double dose of tylenol, do I need to see someone?")
    assert took[0].startswith("Yes: the acetaminophen label says to get medical help")
    assert "(1-800-222-1222)" not in took[0] or "1-800-222-1222" in took[1]  # a number only when quoted
