"""How long to wait between a medicine and something else: the label sentence naming the other thing with a time
answers, not the medicine's onset. Real behaviour on the bundled labels; the questions were written for the
mechanism, none is from a benchmark."""

from __future__ import annotations

import pytest

from rxanswers.answers.pipeline import answer_question

pytestmark = pytest.mark.django_db


def _first(question: str):
    result = answer_question(question)
    assert all(s.citations for s in result.answer.sentences)
    return result.answer.sentences[0]


def test_the_sentence_naming_the_other_thing_with_a_time_leads():
    first = _first("how many days after metronidazole do I have to avoid beer")
    assert "at least three days after" in first.text and "alcohol" in first.text


def test_waiting_to_eat_is_answered_by_when_to_take_it_not_by_its_onset():
    first = _first("how long do I have to wait after my levothyroxine before I eat")
    assert "before breakfast" in first.text and "weeks" not in first.text


def test_without_a_time_the_label_says_how_they_go_together_never_an_onset_absence():
    first = _first("how long after my doxycycline can I drink milk")
    assert "milk" in first.text and "starts to work" not in first.text


def test_two_medicines_taken_together_are_not_read_as_their_combination_product():
    result = answer_question("can i take tylenol and ibuprofen at the same time")
    assert [d.name for d in result.drugs] == ["acetaminophen", "ibuprofen"]
    product = answer_question("what is acetaminophen and codeine used for")
    assert product.drugs[0].name == "acetaminophen and codeine"


def test_a_drug_facts_list_cut_at_its_start_is_never_quoted():
    from rxanswers.answers.hygiene import defects

    assert "dangling list intro" in defects("Severe liver damage may occur if you take.")
    assert defects("Ask a doctor before use if you have liver disease.") == []


def test_the_it_of_it_is_recommended_is_never_replaced_by_the_medicine_name():
    from rxanswers.answers.composers.quoting import _PRONOUN_START

    assert not _PRONOUN_START.match("It is recommended that initial episodes be treated with one agent.")
    assert not _PRONOUN_START.match("It is not known whether it is excreted in human milk.")
    assert _PRONOUN_START.match("It should be taken with food.")


def test_before_i_can_drink_names_alcohol_without_its_word():
    from rxanswers.answers.evidence import substance_of

    assert substance_of("how long after metronidazole before i can drink", set()) == "alcohol"
    assert substance_of("can I start drinking again after my antibiotic", set()) == "alcohol"
    first = answer_question("once I finish metronidazole how long until I can drink again").answer.sentences[
        0
    ]
    assert "alcohol" in first.text and "three days" in first.text
