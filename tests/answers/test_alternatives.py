"""Other medicines for the same use (composers/alternatives.py), from the condition index. Bundled real data; no
question here is from a benchmark."""

from __future__ import annotations

import pytest

from rxanswers.answers.pipeline import answer_question

pytestmark = pytest.mark.django_db


def test_instead_of_a_focused_medicine_lists_others_for_its_use_not_its_class_first():
    result = answer_question("what could I take instead of xanax?")
    first = result.answer.sentences[0]
    assert first.text.startswith("The FDA labeling loaded here names anxiety disorder")
    assert "other medicines" in first.text and "alprazolam" not in first.text.lower()
    assert first.citations
    assert any(s.text == "Alprazolam is a benzodiazepine." for s in result.answer.sentences[1:])


def test_the_use_named_for_it_picks_which_of_its_uses():
    first = answer_question("what else can I use besides lisinopril for my blood pressure").answer.sentences[
        0
    ]
    assert first.text.startswith("The FDA labeling loaded here names high blood pressure (hypertension)")


def test_a_condition_the_person_has_is_not_the_use_wanted():
    """ "since I have high blood pressure" is why another decongestant is wanted: no blood pressure medicines."""
    result = answer_question("is there something other than sudafed since i have high blood pressure?")
    assert not result.answer.sentences[0].text.startswith(
        "The FDA labeling loaded here names high blood pressure"
    )


def test_besides_x_for_a_use_lists_others_for_the_medicines_own_kind_of_that_use():
    """ "what else besides metformin treats diabetes": metformin's own use is type 2 diabetes, so the list is of
    that (not every label that mentions people with diabetes)."""
    first = answer_question("what else besides metformin treats diabetes").answer.sentences[0].text
    assert first.startswith("The FDA labeling loaded here names type 2 diabetes")
    assert "simvastatin" not in first


def test_a_condition_the_person_has_is_the_use_when_the_medicine_or_its_class_is_listed_for_it():
    """ "I have had jock itch ... ketoconazole cream, what else?": azole antifungals are listed for jock itch,
    so the medicines listed for it lead, not ketoconazole's class and its other members."""
    first = answer_question(
        "I have had jock itch for years and use ketoconazole cream, what else could I try?"
    ).answer.sentences[0]
    assert "jock itch" in first.text and "other medicines" in first.text and "ketoconazole" not in first.text


def test_a_condition_that_is_no_use_of_the_class_is_not_taken_as_the_use():
    """high blood pressure is not what decongestants are listed for: no list of blood pressure medicines."""
    result = answer_question("I have high blood pressure, what can I take instead of sudafed")
    assert "as a use of" not in result.answer.sentences[0].text


def test_class_alternatives_lead_with_the_other_medicines_not_with_the_class():
    first = answer_question("what can I take instead of omeprazole").answer.sentences[0].text
    assert first.startswith("Medicines in the same FDA class as omeprazole (proton pump inhibitor) include")
    assert "pantoprazole" in first and "esomeprazole strontium" not in first


def test_class_members_that_share_no_use_are_no_alternatives():
    """Baclofen shares zolpidem's FDA class, not its use: no list, the class sentence as before."""
    first = answer_question("what can i use instead of ambien to sleep").answer.sentences[0].text
    assert "baclofen" not in first


def test_other_members_of_a_named_class_leave_out_the_medicine_taken():
    sentences = answer_question("i take xarelto. what other blood thinners are there").answer.sentences
    assert sentences[0].text.startswith("Blood thinners include")
    assert not any("rivaroxaban" in s.text for s in sentences) and "apixaban" in " ".join(
        s.text for s in sentences
    )


def test_a_yes_no_class_question_after_a_what_question_is_answered_yes():
    asked = "My grandmother was put on xarelto after her hospital stay. What exactly is it? Is it a blood thinner?"
    first = answer_question(asked).answer.sentences[0].text
    assert first.startswith("Yes.") and "blood thinner" in first
