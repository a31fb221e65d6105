"""Dose questions on labels that dose each use in its own numbered sub-section ("2.4 Management of Pain ...",
"2.5 Acute Gout"): the use asked about gets its own dose; naming none, each adult use's usual dose, named.
Real behaviour on the bundled labels; the questions were written for the mechanism, none is from a benchmark."""

from __future__ import annotations

import pytest

from rxanswers.answers.evidence.sentences import numbered_parts
from rxanswers.answers.pipeline import answer_question

pytestmark = pytest.mark.django_db


def _texts(question: str) -> list[str]:
    result = answer_question(question)
    assert all(s.citations for s in result.answer.sentences)
    return [s.text for s in result.answer.sentences]


def test_numbered_parts_split_a_section_at_its_sub_headings():
    text = (
        "Use the lowest dose. 2.1 Hypertension The usual dose is 10 mg once daily. "
        "2.2 Acute Gout The recommended starting dose is 750 mg. Then 250 mg every 8 hours."
    )
    assert numbered_parts(text) == [
        ("", "Use the lowest dose."),
        ("Hypertension", "The usual dose is 10 mg once daily."),
        ("Acute Gout", "The recommended starting dose is 750 mg. Then 250 mg every 8 hours."),
    ]
    assert numbered_parts("No sub-sections here.") == [("", "No sub-sections here.")]


def test_a_dose_question_naming_no_use_gives_each_uses_dose_named():
    texts = _texts("how many mg of naproxen should i be taking")
    assert texts[0].startswith("For pain") and "550 mg" in texts[0]
    assert texts[1].startswith("For gout:") and "750 mg" in texts[1]
    assert not any("/kg" in t or "825 mg" in t for t in texts)  # no child's dose, no second gout line


def test_the_use_asked_about_gets_its_own_dose():
    texts = _texts("what is the naproxen dose for gout")
    assert "750 mg" in texts[0] and not texts[0].startswith("For ")
    lead = _texts("how much naproxen sodium for menstrual cramps")[0]
    assert "550 mg followed by 550 mg every 12 hours" in lead


def test_sub_sections_for_people_or_several_unknown_uses_are_not_doses_by_use():
    # sertraline's "Dosage in Patients with MDD, OCD, PD, PTSD, and SAD" is not the dose of PTSD alone
    assert not any(t.startswith("For ") for t in _texts("how much sertraline should i take"))
    # bupropion's sub-sections are for liver and kidney disease: not uses
    assert not any(t.startswith("For ") for t in _texts("what dose of bupropion do people take"))


def test_an_older_label_naming_each_use_before_a_colon_is_dosed_by_use_too():
    texts = _texts("how many mg of ibuprofen can i take")
    assert any(t.startswith("Mild to moderate pain: 400 mg every 4 to 6 hours") for t in texts)
    assert "osteoarthritis" in texts[0] and "1200 mg to 3200 mg daily" in texts[0]


def test_a_juvenile_use_is_a_childs_not_an_adults():
    texts = _texts("what dose of methotrexate do people take")
    assert texts and not any("juvenile" in t.lower() or "/m 2" in t and "arthritis" in t for t in texts)
