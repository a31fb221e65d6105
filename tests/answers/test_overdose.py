"""Too much taken: what the label says an overdose does and how it is treated, from its Overdosage section; said
plainly when that part of a label is not loaded. Bundled real labels; no question here is from a benchmark."""

from __future__ import annotations

import pytest

from rxanswers.answers.pipeline import answer_question

pytestmark = pytest.mark.django_db


def _texts(result) -> list[str]:
    return [s.text for s in result.answer.sentences]


def test_a_child_who_swallowed_pills_gets_what_an_overdose_does_first_and_the_poison_control_notice():
    result = answer_question("my 2 year old swallowed some of my lisinopril pills")
    first = result.answer.sentences[0]
    assert "manifestation of overdosage" in first.text and "low blood pressure" in first.text
    assert {c.section for c in first.citations} == {"overdosage"}
    assert any("Poison Control" in n for n in result.answer.notices)


def test_a_label_without_its_overdosage_section_says_so_instead_of_quoting_stopping_warnings():
    result = answer_question("what happens if a child eats a clonidine tablet")
    first = result.answer.sentences[0]
    assert first.text.startswith("Only part of the clonidine label is loaded here, without its Overdosage")
    assert first.role == "coverage"
    assert not any("cessation" in t for t in _texts(result))


def test_lines_for_the_physician_do_not_answer_the_person_who_took_it():
    texts = _texts(answer_question("took 2 ambien instead of 1"))
    assert "overdose" in texts[0] and "somnolence" in texts[0]
    assert not any("physician may wish" in t for t in texts)


@pytest.mark.parametrize(
    "question, expected",
    [
        ("how many tylenol is an overdose", "4,000 mg"),  # a limit asked: the dose sentences answer it
        ("symptoms of lithium toxicity", "lithium toxicity"),  # nothing taken: its warnings describe them
    ],
)
def test_questions_about_a_limit_or_about_signs_alone_keep_their_answers(question, expected):
    texts = _texts(answer_question(question))
    assert any(expected in t for t in texts[:2])
    assert not texts[0].startswith("Treatment:")


def test_an_overdosage_section_of_case_reports_is_quoted_as_cases():
    """The ibuprofen tablet label's Overdosage section is a series of case stories: they are said to be case
    reports, and only sentences that tell a case whole are quoted (not "Blood level of ibuprofen was ...")."""
    texts = [s.text for s in answer_question("what happens if you take too much ibuprofen").answer.sentences]
    assert texts[0].startswith("The ibuprofen label describes overdoses only through individual case reports")
    assert "19-month old child" in texts[1] and not any("mcg/mL" in t for t in texts)
