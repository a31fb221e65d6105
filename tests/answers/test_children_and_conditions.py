"""Yes/no questions about giving a medicine to a child (a label sentence ruling it out for children under an age
answers first) and conditions the person has (the warning for people who have it). Real behaviour on the bundled
labels; the questions were written for the mechanisms, none is from a benchmark."""

from __future__ import annotations

import pytest

from rxanswers.answers.pipeline import answer_question

pytestmark = pytest.mark.django_db


def _first(question: str):
    result = answer_question(question)
    assert all(s.citations for s in result.answer.sentences)
    return result.answer.sentences[0], result.answer.sentences[1]


def test_a_child_under_the_contraindicated_age_gets_no_before_any_use():
    first, quoted = _first("can my 8 year old take tramadol for the pain in his leg")
    assert first.text == "No: the tramadol label says not to use it in children younger than 12 years."
    assert "younger than 12 years" in quoted.text
    assert first.citations[0].section in {"boxed_warning", "contraindications"}


def test_an_exclusion_limited_to_a_situation_counts_only_when_the_question_names_it():
    first, _ = _first("is tramadol ok for my 15 year old after tonsillectomy")
    assert first.text.startswith(
        "No: the tramadol label says not to use it in children younger than 18 years"
    )
    assert "tonsillectomy" in first.text
    first, _ = _first("is tramadol ok for my 15 year old after knee surgery")
    assert "younger than" not in first.text  # 15 is over 12, and knee surgery is not a tonsillectomy


def test_no_age_given_is_answered_it_depends_on_the_age():
    first, _ = _first("can a child take tramadol for pain")
    assert first.text.startswith("It depends on the child's age: the tramadol label says not to use it")


def test_not_approved_and_not_recommended_are_said_as_the_label_says_them():
    first, _ = _first("can my 5 year old take escitalopram")
    assert (
        first.text == "No: the escitalopram label says it is not approved for children younger than 7 years."
    )
    first, _ = _first("can my 4 year old take lisinopril")
    assert first.text == "No: the lisinopril label does not recommend it for children younger than 6 years."


def test_a_drug_facts_table_row_saying_ask_a_doctor_is_not_a_plain_no():
    first, quoted = _first("can my 1 year old take zyrtec")
    assert first.text.startswith(
        "No, not without asking a doctor first: the cetirizine label says to ask a doctor"
    )
    assert "under 2 years" in quoted.text


def test_a_parent_asking_for_herself_while_breastfeeding_is_not_asking_for_the_baby():
    first, _ = _first("can i take zyrtec while breastfeeding my 2 month old")
    assert "children younger than" not in first.text and "breastfeeding" in first.text


def test_an_alternatives_question_naming_a_condition_leads_with_the_warning_for_it():
    first, quoted = _first("im allergic to sulfa drugs, what else can i take instead of bactrim")
    assert first.text.startswith(
        "The sulfamethoxazole and trimethoprim label says it should not be used by people"
    )
    assert "sulfonamides" in quoted.text
    # the condition it treats is no reason against it ("fungal infection" for an azole antifungal)
    result = answer_question("i keep getting fungal infections, what else can i use instead of fluconazole")
    assert not result.answer.sentences[0].text.startswith("The fluconazole label warns")


def test_a_bulleted_drug_facts_dosing_chart_gives_each_age_group_its_own_sentence():
    from rxanswers.answers.evidence.sentences import quotable_sentences

    chart = (
        "Directions • use only with enclosed dosing cup • find right dose on chart below • mL = milliliter adults "
        "and children 6 years and over 5 mL once daily; do not take more than 10 mL in 24 hours. children 2 to "
        "under 6 years of age 2.5 mL once daily. children under 2 years of age ask a doctor"
    )
    said = quotable_sentences(chart)
    assert "Use only with enclosed dosing cup." in said
    assert any(s.startswith("Adults and children 6 years and over 5 mL once daily") for s in said)
    assert "Children 2 to under 6 years of age 2.5 mL once daily." in said
    # a list introduced by a colon, or "young adults" in a warning, is not cut up
    warning = "• Antidepressants increased the risk of suicidal thoughts in children, adolescents, and young adults in trials."
    assert quotable_sentences(warning)[0].endswith("young adults in trials.")


def test_any_current_label_of_it_can_give_the_dose_for_the_childs_age():
    first, quoted = _first("can my 10 year old take zyrtec")
    assert first.text == "Yes: the cetirizine label gives a dose for a child of this age."
    assert "6 years and over" in quoted.text


def test_children_ruled_out_in_a_situation_make_it_depend_on_the_situation():
    first, quoted = _first("is aspirin safe for children")
    assert first.text.startswith("It depends on the child's situation: the aspirin label says")
    assert "chicken pox or flu-like symptoms" in quoted.text
