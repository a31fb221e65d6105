"""A medicine named in another label by its kind ("antibiotics", "diuretics", "anticoagulants"), and the kind
words that speak of other members only ("thiazide diuretics", "macrolide antibiotics", "calcium channel blockers
of the verapamil and diltiazem type"). Bundled real labels; no question here is from a benchmark."""

from __future__ import annotations

import pytest

from rxanswers.answers import selectors
from rxanswers.answers.composers.kind_mentions import only_as_another_kind
from rxanswers.answers.evidence.facts import class_terms, other_kinds_before
from rxanswers.answers.pipeline import answer_question

pytestmark = pytest.mark.django_db


def _by_class(key: str) -> frozenset[str]:
    return frozenset(t.lower() for t in class_terms(selectors.drug_by_key(key)))


def test_a_kind_every_class_of_which_is_one_names_its_members():
    furosemide = _by_class("furosemide")
    assert "diuretic" in furosemide and "loop diuretic" in furosemide
    assert {"thiazide", "potassium-sparing"} <= other_kinds_before(furosemide)["diuretic"]
    assert "loop" not in other_kinds_before(furosemide)["diuretic"]
    assert "anticoagulant" in _by_class("warfarin")
    assert "anticoagulant" not in _by_class("clopidogrel")  # antiplatelet: a blood thinner, no anticoagulant
    assert "chemotherapy" not in _by_class("imatinib")  # a loose word for some kinase inhibitors


def test_kind_words_said_of_other_members_do_not_name_the_medicine():
    doxycycline, furosemide = _by_class("doxycycline"), _by_class("furosemide")
    names = ["doxycycline", *doxycycline]
    assert only_as_another_kind("Macrolide antibiotics decrease steroid clearance.", names, doxycycline)
    assert only_as_another_kind("Avoid certain antibiotics (e.g., erythromycin).", names, doxycycline)
    assert only_as_another_kind(
        "See the labeling of the antibacterial agents (clarithromycin and amoxicillin).", names, doxycycline
    )
    assert not only_as_another_kind("Monitor INR when starting any antibiotic.", names, doxycycline)
    names = ["furosemide", *furosemide]
    assert only_as_another_kind("Potassium-sparing diuretics can increase potassium.", names, furosemide)
    assert not only_as_another_kind("Diuretics: excessive drop in blood pressure.", names, furosemide)
    assert not only_as_another_kind("Thiazide and loop diuretics lower potassium.", names, furosemide)
    citalopram = _by_class("citalopram")
    names = ["citalopram", *citalopram]
    assert only_as_another_kind(  # the kind said of trazodone, not of every antidepressant
        "Antidepressants: Trazodone, an antidepressant, is metabolized primarily by CYP3A.", names, citalopram
    )
    assert not only_as_another_kind("Use caution with other antidepressants.", names, citalopram)


def test_a_kind_named_in_the_other_label_answers_the_pair_instead_of_an_absence():
    result = answer_question("can I take doxycycline with warfarin?")
    lead = result.answer.sentences[0].text
    assert lead == "Yes, but with care: the warfarin label warns about taking it with doxycycline."
    assert "antibiotic" in result.answer.sentences[1].text


def test_calcium_channel_blockers_of_another_type_do_not_speak_of_amlodipine():
    result = answer_question("what are the side effects of taking amlodipine and metoprolol together")
    assert "verapamil and diltiazem type" not in result.answer.text


def test_an_antiplatelet_is_not_called_an_anticoagulant():
    assert not answer_question("is plavix an anticoagulant?").answer.sentences[0].text.startswith("Yes")
    assert answer_question("is eliquis an anticoagulant").answer.sentences[0].text.startswith("Yes. Apixaban")


def test_a_stated_effect_answers_may_i_take_them_with_care_but_not_do_i_have_to_stop():
    result = answer_question("can I take losartan with rifampin?")
    assert result.answer.sentences[0].text == (
        "Yes, but with care: the losartan label says rifampin can interact with it."
    )
    spinach = answer_question("im on coumadin do i have to stop eating salads and spinach")
    assert not spinach.answer.sentences[0].text.startswith("Yes, but with care")


def test_no_effect_is_never_read_as_an_interaction():
    result = answer_question("can I take sildenafil with alcohol")
    assert not result.answer.sentences[0].text.startswith("Yes, but with care")


def test_what_a_medicine_treats_is_not_its_side_effect_unless_a_sentence_says_it_causes_it():
    for question in (
        "can sildenafil cause erectile dysfunction?",
        "can lisinopril cause high blood pressure",
    ):
        assert not answer_question(question).answer.sentences[0].text.startswith("Yes"), question
    assert answer_question("does viagra cause headaches").answer.sentences[0].text.startswith("Yes: ")


def test_other_members_named_only_in_the_stewardship_sentence_are_no_note_on_the_pair():
    result = answer_question("can I take cipro with amoxicillin?")
    assert "only in its indications" not in result.answer.sentences[0].text


def test_a_pair_the_label_reports_only_a_no_effect_study_of_is_not_to_be_avoided_by_that_label():
    result = answer_question("can I take cimetidine with amlodipine?")
    first, second = (s.text for s in result.answer.sentences[:2])
    assert first == (
        "The label does not say to avoid cimetidine: the amlodipine label reports a study in which taking the two "
        "together showed no effect."
    )
    assert "did not alter" in second
    assert result.answer.sentences[0].citations == result.answer.sentences[1].citations
    assert any("does not make a combination safe" in note for note in result.answer.notices)


def test_a_no_effect_study_beside_a_reported_change_is_no_such_opening():
    from rxanswers.answers.composers.kind_mentions import no_effect_found

    class P:
        def __init__(self, text):
            self.text = text

    asking = "can I take them together"
    assert no_effect_found(asking, [P("X had no significant effect on the pharmacokinetics of Y.")])
    assert no_effect_found(asking, [P("The effects of alcohol were not potentiated by Y.")])
    assert not no_effect_found(asking, [P("X did not alter Cmax but increased AUC by 30%.")])
    assert not no_effect_found(asking, [P("X had no effect on Y."), P("Monitor blood pressure.")])
    assert not no_effect_found("do I have to stop X", [P("X had no effect on Y.")])
    assert not no_effect_found(asking, [])


def test_a_kind_defined_by_use_whose_every_class_is_one_names_its_members():
    # "antidepressant" (SSRIs, SNRIs, tricyclics, MAOIs) names escitalopram; "sleeping pill" (benzodiazepines are
    # not all sleeping pills: epc_by_use) does not name alprazolam
    assert "antidepressant" in _by_class("escitalopram")
    assert "sleeping pill" not in _by_class("alprazolam")


def test_a_kind_its_own_label_says_it_is_is_read_as_its_own_class_not_the_other_medicine():
    # bupropion's label calls it "an aminoketone antidepressant": "patients being treated with antidepressants
    # should be monitored" speaks of bupropion itself; "other drugs that lower seizure threshold (... antidepressants)"
    # speaks of escitalopram
    result = answer_question("can I take wellbutrin and lexapro together")
    texts = [s.text for s in result.answer.sentences]
    assert texts[0] == "Yes, but with care: the bupropion label warns about taking it with escitalopram."
    assert "seizure threshold" in texts[1] and "antidepressants" in texts[1]
    assert not any("monitored appropriately" in t for t in texts)


def test_a_message_that_is_only_the_pair_asks_about_taking_them_together():
    """ "What about azithromycin and a steroid?": nothing asked but the two, whatever the classifier's type."""
    from rxanswers.answers.pipeline import answer_question

    first = answer_question("what about azithromycin and a steroid?").answer.sentences[0]
    assert first.text.startswith("The label does not say") and "steroid" in first.text
    assert first.role == "absence"
