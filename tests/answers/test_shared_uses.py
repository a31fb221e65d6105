"""Whether two medicines are used for the same things, from the uses their FDA labeling lists (the condition
index). Bundled real data; no question here is from a benchmark."""

from __future__ import annotations

import pytest

from rxanswers.answers.pipeline import answer_question

pytestmark = pytest.mark.django_db


def test_shared_and_different_uses_are_said_with_citations():
    result = answer_question("are sertraline and lexapro used for the same things?")
    first, second = result.answer.sentences[:2]
    assert first.text.startswith("Yes, in part: the FDA labeling of both sertraline and escitalopram lists")
    assert "depression" in first.text and first.citations
    assert second.text.startswith("In the labeling loaded here, only sertraline's lists")
    assert "OCD" in second.text  # an acronym is written as one


def test_no_shared_use_is_a_no():
    lead = answer_question("do metformin and lisinopril treat the same conditions").answer.sentences[0].text
    assert lead.startswith("No: their FDA labeling lists different uses: metformin for type 2 diabetes")


def test_a_risk_named_in_a_use_section_is_not_a_use():
    from rxanswers.answers.condition_index import condition_index

    addiction = condition_index().get("addiction")
    assert addiction is None or not any(
        "because of the risks of addiction" in m.sentence.lower() for m in addiction.medicines
    )
