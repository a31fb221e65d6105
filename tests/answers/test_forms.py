"""Which forms a medicine comes in, from the marketed products (NDC directory, Drugs@FDA). Bundled real data;
no question here is from a benchmark."""

from __future__ import annotations

import pytest

from rxanswers.answers.composers.forms import asked_form
from rxanswers.answers.pipeline import answer_question
from rxanswers.answers.resources import dosage_forms

pytestmark = pytest.mark.django_db


def _lead(question: str) -> str:
    return answer_question(question).answer.sentences[0].text


def test_the_form_a_question_asks_about():
    assert asked_form("does metformin come in liquid form").name == "liquid"
    assert asked_form("pataday is an eye drop?", ("pataday",)).name == "eye drops"
    assert asked_form("is there a patch for nicotine").name == "patch"
    # "is ... a pill" only when the words between are the medicine's name or a pronoun
    assert asked_form("is it safe to take a pill of ibuprofen every day", ("ibuprofen",)) is None
    assert asked_form("is there a generic for lipitor tablets", ("lipitor",)) is None


def test_forms_match_whole_parts_of_the_listed_dosage_form():
    liquid = next(f for f in dosage_forms() if f.name == "liquid")
    assert liquid.matches("SUSPENSION", "ORAL")
    assert not liquid.matches("CAPSULE, LIQUID FILLED", "ORAL")
    assert not liquid.matches("INJECTION, SOLUTION", "INTRAVENOUS")


def test_a_form_that_is_sold_is_a_yes_with_products_of_it():
    lead = _lead("does metformin come in liquid form")
    assert lead.startswith("Yes. Metformin is sold as a liquid to take by mouth")
    assert "(solution, oral)" in lead


def test_the_brand_named_is_answered_for_its_own_products():
    lead = _lead("is tylenol in a liquid form")
    assert lead.startswith("Yes. Tylenol is sold as a liquid")
    assert "Tylenol (suspension, oral)" in lead


def test_a_form_no_product_has_is_a_no_with_the_forms_listed():
    result = answer_question("can i get flonase as a pill")
    lead = result.answer.sentences[0]
    assert lead.text.startswith("No. FDA product listings show no pill of Flonase; they list it as")
    assert "(nasal)" in lead.text
    assert {c.source for c in lead.citations} <= {"ndc", "drugsatfda"}


def test_a_choice_between_forms_gets_no_yes():
    assert _lead("is lipitor a pill or an injection").startswith("Lipitor is sold as a tablet")


def test_without_label_text_the_products_listed_are_those_of_the_route_the_name_stands_for():
    from rxanswers.answers.pipeline import answer_question

    texts = [s.text for s in answer_question("how do i use flonase").answer.sentences]
    listing = next(t for t in texts if t.startswith("FDA product listings give these forms"))
    assert "(nasal)" in listing and "(inhalation)" not in listing and "(topical)" not in listing
