"""Several medicines named, one question about each: real behaviour on the bundled labels. No question here is
from a benchmark; each was written for the mechanism it tests."""

from __future__ import annotations

import pytest

from rxanswers.answers.pipeline import answer_question

pytestmark = pytest.mark.django_db


def _texts(result) -> list[str]:
    return [s.text for s in result.answer.sentences]


def test_what_each_of_several_medicines_is_for_gets_one_uses_sentence_each_in_the_order_named():
    result = answer_question("I take lisinopril, metoprolol and amlodipine. What is each one for?")
    texts = _texts(result)
    assert [t.split(" lists ")[0] for t in texts[:3]] == [
        "The FDA labeling of lisinopril",
        "The FDA labeling of metoprolol",
        "The FDA labeling of amlodipine",
    ]
    assert all("high blood pressure" in t for t in texts[:3])
    assert not any("together" in t for t in texts)  # not read as a combination question
    assert all(s.citations for s in result.answer.sentences)


def test_what_two_medicines_are_for_is_not_answered_about_taking_them_together():
    texts = _texts(answer_question("what are montelukast and loratadine for"))
    assert texts[0].startswith("The FDA labeling of montelukast lists asthma")
    assert texts[1].startswith("The FDA labeling of loratadine lists hay fever")


def test_side_effects_of_each_medicine_name_the_medicine_they_belong_to():
    result = answer_question("What side effects should I watch for with lisinopril and simvastatin?")
    texts = _texts(result)
    assert "lisinopril" in texts[0] and "headache" in texts[0]
    assert "simvastatin" in texts[1] and "constipation" in texts[1]
    assert {c.section for s in result.answer.sentences[:2] for c in s.citations} == {"adverse_reactions"}


@pytest.mark.parametrize(
    "question",
    [
        "what are the side effects of taking amlodipine and metoprolol together",  # the pair
        "can I take lisinopril and metoprolol",  # a permission to combine
        "what are the side effects of lisinopril with simvastatin",  # "X with Y"
        "is lisinopril or losartan better for blood pressure",  # a choice between them
    ],
)
def test_questions_about_the_pair_or_a_choice_are_not_split_into_one_answer_each(question):
    texts = _texts(answer_question(question))
    assert not all(t.startswith("The FDA labeling of ") for t in texts[:2])
    assert not (
        texts[0].startswith(("Lisinopril: ", "Amlodipine: "))
        and texts[1].startswith(("Simvastatin: ", "Metoprolol: "))
    )


def test_a_choice_between_medicines_for_a_use_is_answered_for_each_not_as_taking_both():
    texts = _texts(answer_question("is tylenol or advil ok to take for the pain"))
    assert texts[0] == "Yes: the acetaminophen label lists pain among its uses."
    assert texts[1] == "Yes: the ibuprofen label lists pain among its uses."
    assert not any("together" in t or "advises against" in t for t in texts)
