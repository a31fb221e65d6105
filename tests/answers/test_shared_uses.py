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


def test_one_medicine_instead_of_another_depends_on_the_shared_uses():
    result = answer_question("could I use naproxen instead of tylenol")
    first = result.answer.sentences[0]
    assert first.text.startswith(
        "It depends on what it is for: the FDA labeling of both naproxen and acetaminophen"
    )
    assert "pain" in first.text and first.citations
    assert any("nonsteroidal anti-inflammatory" in s.text for s in result.answer.sentences)  # what each is
    assert any("prescriber" in n for n in result.answer.notices)


def test_a_use_the_index_missed_is_looked_for_in_the_other_labels_use_text():
    """The condition index keeps only use sentences that name the medicine; "Urinary Tract Infections: For
    the treatment of urinary tract infections ..." does not, yet it lists the use: never "only X's lists UTI"."""
    result = answer_question("is it possible to switch to bactrim instead of macrobid?")
    first = result.answer.sentences[0].text
    assert first.startswith("It depends on what it is for:")
    assert "UTI" in first
    assert not any("only nitrofurantoin's lists UTI" in s.text for s in result.answer.sentences)
    assert len({c.key for c in result.answer.sentences[0].citations}) >= 2  # both medicines' sentences cited


def test_a_conditions_initials_are_written_as_one_everywhere_it_is_shown():
    from rxanswers.answers.condition_index import _acronym_of

    assert _acronym_of("gerd", "gastroesophageal reflux disease") and _acronym_of(
        "copd", "chronic obstructive pulmonary disease"
    )
    assert not _acronym_of("tinea", "tinea cruris") and not _acronym_of("gout", "gout")
    first = answer_question("what is used to treat copd").answer.sentences[0].text
    assert "COPD (chronic obstructive pulmonary disease)" in first
