"""'What can I take for X?' with no medicine named: medicines whose loaded labels list X among their uses, each
quoted and cited; never for a body part, a vague word, a long story, or someone who wants no medicine."""

from __future__ import annotations

import pytest

from rxanswers.answers.pipeline import answer_question

pytestmark = pytest.mark.django_db


def test_a_symptom_is_answered_with_medicines_whose_labels_list_it():
    result = answer_question("what can i take for heartburn")
    assert result.answer is not None and result.drugs[0].kind == "description"
    lead, *quotes = result.answer.sentences
    assert lead.text.startswith("The FDA labeling of these medicines lists heartburn among their uses:")
    assert quotes and all("heartburn" in q.text.lower() for q in quotes)
    assert all(q.citations and q.citations[0].section in ("purpose", "indications_and_usage") for q in quotes)
    assert {c.key for q in quotes for c in q.citations} <= {c.key for c in lead.citations}
    assert any("not a complete list or a recommendation" in n for n in result.answer.notices)


@pytest.mark.parametrize(
    "question",
    [
        "what is the best way to naturally treat insomnia without prescription medicine",
        "is there any medicine for my brain",
        "what can I take for this disease",
    ],
)
def test_no_list_for_no_medicine_wanted_a_body_part_or_a_vague_word(question):
    result = answer_question(question)
    assert result.answer is None or result.drugs[0].kind != "description"


def test_a_word_before_the_symptom_must_be_in_the_use_too():
    result = answer_question("what can i take for uvula swelling")
    assert result.answer is None or all("uvula" in s.text.lower() for s in result.answer.sentences[1:])


def test_a_compiled_indication_of_another_medicine_filed_under_this_one_is_not_its_use():
    """Compiled label indications filed under an ingredient can hold another product's text ("Chlorhexidine
    Gluconate Oral Rinse is indicated ..." under liraglutide, "Norepinephrine in Sodium Chloride Injection"
    under ampicillin); a combination's brand that contains it (ADVAIR for salmeterol) stays."""
    from rxanswers.answers.evidence.context import drug_context
    from rxanswers.answers.evidence.facts import indication_sentences
    from rxanswers.drugs.models import Drug

    for name, other in (("liraglutide", "chlorhexidine"), ("ampicillin", "norepinephrine")):
        texts = [s.text for s in indication_sentences(drug_context(Drug.objects.get(name=name), None))]
        assert texts and not any(other in t.lower() for t in texts), (name, texts)
    salmeterol = [
        s.text for s in indication_sentences(drug_context(Drug.objects.get(name="salmeterol"), None))
    ]
    assert any("ADVAIR" in t for t in salmeterol)


def test_compiled_records_glued_together_are_quoted_as_whole_sentences():
    from rxanswers.answers.evidence.facts import _unglued

    glued = (
        "Lidocaine and Prilocaine Cream is indicated as a topical anesthetic for use on: Lidocaine Ointment USP, 5% "
        "is indicated for production of anesthesia of accessible mucous membranes."
    )
    assert _unglued(glued) == [
        "Lidocaine Ointment USP, 5% is indicated for production of anesthesia of accessible mucous membranes."
    ]
    whole = "Famotidine is indicated for: active duodenal ulcer and gastric ulcer."
    assert _unglued(whole) == [whole]


def test_a_verb_before_the_symptom_does_not_narrow_it():
    result = answer_question("what medicine helps heartburn")
    assert result.answer is not None
    assert result.answer.sentences[0].text.startswith("The FDA labeling of these medicines lists heartburn")


def test_a_use_written_with_a_number_is_still_the_use_asked():
    """ "GM1 gangliosidosis" (not in the glossary): looked for as written in the uses, and said once."""
    first = answer_question("is miglustat used for GM1 gangliosidosis").answer.sentences[0].text
    assert first.startswith("The label does not say that miglustat treats GM1 gangliosidosis")
    acne = answer_question("is erythromycin good for acne").answer.sentences[0].text
    assert "acne (acne)" not in acne


def test_two_alternatives_named_without_a_use_get_the_uses_of_each():
    first, second = answer_question("Will Tylenol or advil help??").answer.sentences[:2]
    assert first.text.startswith("It depends on what it is for: the FDA labeling of acetaminophen lists")
    assert second.text.startswith("The FDA labeling of ibuprofen lists") and second.citations


def test_a_form_asked_for_lists_only_medicines_in_that_form_or_says_none_was_found():
    tablets = answer_question("which tablets can treat yeast infections").answer.sentences
    assert tablets[0].text.startswith("The FDA labeling of these medicines lists yeast infection")
    assert "fluconazole" in tablets[0].text
    assert not any(n in tablets[0].text for n in ("econazole", "terconazole"))  # creams, not tablets
    cream = answer_question("is there a cream that helps with itching").answer.sentences
    # none found for the skin: the labels that list it, said to be for other forms (no claim that none exists)
    assert cream[0].text.startswith("These medicines' labels list itching")
    assert "but they are not medicines for the skin:" in cream[0].text and cream[0].citations


@pytest.mark.parametrize(
    ("question", "opens_yes"),
    [
        ("Are there any medications recommended for pain?", True),
        ("is there a medicine for high blood pressure", True),
        ("any medicine for heartburn?", True),
        ("what can i take for heartburn", False),
    ],
)
def test_whether_any_medicine_exists_is_answered_yes_before_the_list(question, opens_yes):
    lead = answer_question(question).answer.sentences[0]
    assert lead.text.startswith("Yes: the FDA labeling ") is opens_yes
    assert lead.citations


def test_a_bare_symptom_is_not_answered_with_medicines_whose_use_is_it_in_a_disease():
    lead = answer_question("what helps itchy skin").answer.sentences[0].text
    assert "hydroxyzine" in lead
    assert "odevixibat" not in lead and "difelikefalin" not in lead  # itching in PFIC / kidney disease


def test_can_i_take_something_for_a_symptom_is_answered_yes_before_the_list():
    assert answer_question("can i take something for heartburn").answer.sentences[0].text.startswith("Yes: ")


def test_will_it_suit_me_is_asked_about_the_condition_the_story_names():
    """No use in the asking sentence ("would it be right for me"): the condition the person says they have."""
    yes = answer_question("I was diagnosed with psoriasis last year. would methotrexate be good for me?")
    assert yes.answer.sentences[0].text.startswith("Yes: the methotrexate label lists")
    other = answer_question(
        "I'm suffering from beta thalassemia since birth. Would hydroxyurea be suited for me?"
    )
    first = other.answer.sentences[0]
    assert first.text.startswith("The label does not say that hydroxyurea treats beta thalassemia")
    assert "sickle cell" in other.answer.sentences[1].text


def test_the_condition_of_the_person_it_is_for_is_the_use_asked_about():
    """ "Can it be used for my grandmother who has dementia": whether dementia is among its uses (the olanzapine
    label's boxed warning says it is not approved for dementia-related psychosis)."""
    first = answer_question("can olanzapine be used for my uncle who has dementia").answer.sentences[0]
    assert first.text.startswith("No: the olanzapine label says it is not for dementia")
    # a story about the person's weight is no question whether the medicine treats it
    story = answer_question("after methotrexate I gained weight, can I use it again?").answer.sentences[0]
    assert "treats obesity" not in story.text
