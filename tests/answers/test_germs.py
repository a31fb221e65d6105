"""Germs are what a question is about, not medicines: "is cipro good for e coli", "what is the best medicine for
h pylori". Homeopathic products list germs as ingredients; the germs label indications name
(``understanding/data/pathogens.txt``) are read as conditions, and a germ's name is no other word's stem."""

from __future__ import annotations

import pytest

from rxanswers.answers.consumer_terms import consumer_terms
from rxanswers.answers.evidence import mentions
from rxanswers.answers.pipeline import answer_question
from rxanswers.answers.understanding.name_data import pathogens


def test_the_germ_list_is_derived_data_that_validates():
    germs = pathogens()
    assert "escherichia coli" in germs and "helicobacter pylori" in germs
    assert all(len(g.split()) == 2 for g in germs)


def test_people_write_germs_short_and_with_a_dot():
    terms = consumer_terms()
    for question, germ in [
        ("is cipro good for e coli", "escherichia coli"),
        ("e. coli in urine", "escherichia coli"),
    ]:
        found = terms.find(question)
        assert [row.label_terms for _, _, row in found] == [(germ,)]
        assert found[0][2].kind == "germ"


def test_a_germ_name_is_not_another_words_stem():
    sentence = "Infections due to susceptible isolates of Haemophilus influenzae and H. influenzae."
    assert mentions.names_every_word("Active tuberculosis (TB) was reported.", ["active tuberculosis"])
    assert not mentions.names_every_word(sentence, ["influenza"])
    assert mentions.names_every_word("Treatment of influenza A and B.", ["influenza"])
    assert mentions.names_every_word(sentence, ["haemophilus influenzae"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "question",
    [
        "what is the best medicine for h pylori",
        "Pseudomonas aeruginosa was found in our water tank, any advice?",
    ],
)
def test_a_germ_is_never_read_as_the_medicine_asked_about(question):
    result = answer_question(question)
    medicines = [d.name.lower() for d in result.drugs if d.kind != "description"]
    assert not any("pylori" in name or "pseudomonas" in name for name in medicines)


@pytest.mark.django_db
def test_medicines_for_a_germ_are_those_whose_labels_list_it():
    result = answer_question("what is the best medicine for h pylori")
    assert "h pylori" in result.answer.sentences[0].text.lower()
    assert any("pylori" in s.text.lower() for s in result.answer.sentences[1:])


@pytest.mark.django_db
def test_a_germ_the_label_lists_answers_yes_with_its_sentence():
    result = answer_question("is cipro good for e coli")
    first, second = result.answer.sentences[:2]
    assert first.text.startswith("Yes: the ciprofloxacin label lists")
    assert "Escherichia coli" in second.text and second.citations[0].section == "indications_and_usage"


@pytest.mark.django_db
def test_not_first_choice_and_a_germ_named_flu_are_no_yes():
    for question in ("is cipro used for strep throat", "does amoxicillin treat the flu"):
        result = answer_question(question)
        assert not result.answer.sentences[0].text.startswith("Yes"), question


@pytest.mark.django_db
def test_which_medicine_treats_a_germ_is_answered_by_the_labels_that_list_it_not_by_a_class_list():
    answer = answer_question("what antibiotic treats staph").answer
    lead = answer.sentences[0]
    assert lead.text.startswith(
        "The FDA labeling loaded here names infections caused by Staphylococcus as a use"
    )
    assert all("staphylococc" in s.text.lower() for s in answer.sentences[1:])
    assert any("laboratory tests of that germ" in n for n in answer.notices)
    assert (
        answer_question("what treats e coli")
        .answer.sentences[0]
        .text.startswith("The FDA labeling loaded here names infections caused by Escherichia coli")
    )
    listed = answer_question("which antibiotics are there").answer
    assert listed is not None and listed.sentences[0].text.startswith("Antibiotics include")


@pytest.mark.django_db
def test_a_germ_named_by_its_genus_is_no_misspelt_medicine_and_no_class_list_answers_it():
    result = answer_question(
        "SUBJECT: treatment for Serratia marcescens MESSAGE: which medication should be used when you have the "
        "bacteria Serratia marcescens in a wound?"
    )
    assert not [d for d in result.drugs if d.kind != "description"]  # not "swertia"
    assert result.answer.sentences[0].text.startswith(
        "The FDA labeling loaded here names infections caused by Serratia marcescens"
    )
    # the genus alone: the medicines listed for any of its species, never a class list
    genus = answer_question("which antibiotic for serratia").answer.sentences[0].text
    assert genus.startswith("The FDA labeling loaded here names infections caused by Serratia as a use")


@pytest.mark.django_db
def test_antibiotics_for_an_infection_their_labels_list_get_no_it_depends():
    first = answer_question("I cant receive antibiotics for chlamydia?").answer.sentences[0].text
    assert not first.startswith("It depends") and "chlamydia" in first.lower()
    # "in patients with pelvic inflammatory disease and Chlamydia ..., antichlamydial coverage should be added"
    assert "ceftriaxone" not in first
