"""A long message's story words are not what it asks; the condition people were treated for is no side effect;
ingredient questions in any form. Real behaviour on the bundled labels; the questions were written for the
mechanisms, none is from a benchmark."""

from __future__ import annotations

import pytest

from rxanswers.answers.asked import asked_terms_with_kinds
from rxanswers.answers.composers.yes_no import _about_people
from rxanswers.answers.pipeline import answer_question

pytestmark = pytest.mark.django_db


def _first(question: str) -> str:
    result = answer_question(question)
    assert all(s.citations for s in result.answer.sentences)
    return result.answer.sentences[0].text


def test_a_word_of_the_story_is_no_condition_the_asker_has():
    first = _first(
        "I am writing because your site works with mental health organizations. I was taken off Wellbutrin "
        "completely without any tapering. I cannot find out online if this is safe. Can you please give me some "
        "advice?"
    )  # had been "No: the bupropion label says it should not be used by people with mental health problems"
    assert "psychiatric" not in first and "should not be used by people with" not in first


def test_verbs_and_routes_are_never_asked_symptoms():
    assert asked_terms_with_kinds("what happens if I stop it", set()) == []
    assert all(t[0] != "oral" for t in asked_terms_with_kinds("is the oral tablet risky", set()))


def test_the_condition_people_were_treated_for_is_not_a_side_effect():
    sentence = "In studies, 448 patients with vaginal candidiasis were treated with a single dose."
    assert not _about_people(sentence, ["vaginal candidiasis"])
    assert _about_people("Vaginal candidiasis was reported in 2% of patients.", ["vaginal candidiasis"])
    first = _first("can fluconazole give you a yeast infection")
    assert not first.startswith("Yes: the fluconazole label lists")


def test_an_ingredient_question_not_put_as_yes_or_no_is_answered_as_one():
    first = _first("which company makes a gluten and dye free warfarin")
    assert first.startswith("The label text loaded here does not say: it has no list of inactive ingredients")
    assert "gluten" in first


def test_how_much_of_an_ingredient_is_not_a_contains_question():
    first = _first("how much codeine is in tylenol 3")
    assert "not among the ingredients" not in first


def test_loose_words_side_by_side_are_one_thing_asked():
    terms = asked_terms_with_kinds("is it good for inflamed eyelids", set())
    assert [(t[0], t[1]) for t in terms] == [("inflamed eyelids", ["inflamed eyelids"])]
    # a use sentence naming one of the words ("pelvic inflammatory disease") is no "Yes"
    first = _first("is erythromycin good for inflamed eyelids")
    assert not first.startswith("Yes")


def test_keep_getting_is_no_storage_question_and_a_place_after_my_is_read():
    """ "I keep getting sores in my mouth": a side-effect question ("keep" is no storage word here, "2 months"
    no symptom, "sores in my mouth" the listed "sores in mouth")."""
    result = answer_question(
        "I've been on methotrexate for 2 months and I keep getting sores in my mouth. is that a normal side effect?"
    )
    first = result.answer.sentences[0].text
    assert first.startswith("Yes") and "months" not in first and "store" not in first
    assert "ulcer" in first or "stomatitis" in first or "sores" in first
