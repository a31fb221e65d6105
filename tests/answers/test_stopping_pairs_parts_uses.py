"""Stopping, pairs of one class, body parts, "will it work", title-case headings: real behaviour on the bundled
labels. No question here is from a benchmark; each was written for the mechanism it tests."""

from __future__ import annotations

import pytest

from rxanswers.answers.evidence.sentences import quotable_sentences
from rxanswers.answers.hygiene import defects, title_like
from rxanswers.answers.pipeline import answer_question

pytestmark = pytest.mark.django_db


def _texts(result) -> list[str]:
    return [s.text for s in result.answer.sentences]


def _all_cited(result) -> bool:
    return all(s.citations for s in result.answer.sentences)


# -- stopping -------------------------------------------------------------------------------------------------


def test_a_label_that_says_nothing_of_stopping_with_care_gives_a_cited_does_not_say():
    result = answer_question("is there a weaning process when I stop taking amlodipine?")
    first = result.answer.sentences[0]
    assert first.text.startswith("The label does not say to lower the dose gradually")
    assert first.role == "absence" and first.citations


def test_a_taper_said_in_other_words_is_found():
    # gabapentin: "... should be done gradually over a minimum of 1 week"
    result = answer_question("can i quit gabapentin all at once")
    assert _texts(result)[0].startswith("No, not all at once")
    assert "gradually over a minimum of 1 week" in _texts(result)[1] and _all_cited(result)


def test_whether_to_stop_is_not_answered_with_a_taper_absence():
    # "should I stop it before surgery / now that I'm pregnant" asks whether, not how
    for question in (
        "i just found out i'm pregnant, should i stop my synthroid?",
        "do i need to stop my jardiance before surgery",
    ):
        result = answer_question(question)
        assert not any("lower the dose gradually: the FDA" in t for t in _texts(result)), question


def test_a_story_about_the_medicine_causing_something_is_not_a_side_effect_question():
    # the asking sentence is about weaning; "it has caused my pulse to be very high" is the story
    result = answer_question(
        "I am taking amlodipine and it has caused my pulse rate to be very high. Is there a weaning process "
        "when you stop taking amlodipine and start atenolol?"
    )
    assert not any("among its possible side effects" in t for t in _texts(result))


# -- two medicines of one class ---------------------------------------------------------------------------------


def test_a_class_sentence_about_the_medicine_itself_is_not_about_the_pair():
    # omeprazole's "PPIs, including omeprazole, are contraindicated with rilpivirine" says nothing of pantoprazole
    result = answer_question("can i take omeprazole with pantoprazole")
    assert not any("rilpivirine" in t for t in _texts(result))
    assert not any("advises against taking it with pantoprazole" in t for t in _texts(result))
    assert not any("mentions pantoprazole" in t for t in _texts(result))


def test_other_members_of_the_class_still_count():
    result = answer_question("can i take advil with aleve")
    assert _texts(result)[0].startswith("No:")
    assert "other" in _texts(result)[1] and _all_cited(result)
    lexapro = answer_question("can i take zoloft with lexapro")
    assert lexapro.answer.sentences[0].role != "absence"
    assert any("other SSRIs" in t for t in _texts(lexapro))


def test_an_allergy_to_the_other_medicine_is_not_a_warning_about_taking_both():
    result = answer_question("can i take ibuprofen with aspirin and dipyridamole")
    assert not any("allergic-type reactions after taking aspirin" in t for t in _texts(result)[:2])


def test_a_reaction_in_the_story_makes_the_class_history_sentence_the_answer():
    result = answer_question(
        "My face swelled up when I was on enalapril. My doctor wants to start me on lisinopril. Is that safe?"
    )
    assert _texts(result)[0].startswith("No")
    assert any("angioedema" in t for t in _texts(result)[:2])


def test_pairs_the_labels_speak_of_come_before_the_shared_does_not_say():
    result = answer_question(
        "Her pain is not relieved by Tylenol. Could she take Motrin along with these meds: Aggrenox, amlodipine"
    )
    roles = [s.role for s in result.answer.sentences]
    assert roles[0] != "absence"
    if "absence" in roles:
        absence = result.answer.sentences[roles.index("absence")].text
        assert "acetaminophen and for aspirin and dipyridamole" in absence


# -- body parts and uses ----------------------------------------------------------------------------------------


def test_a_body_part_is_never_called_a_side_effect_or_a_condition():
    heart = answer_question("does lisinopril lower heart rate")
    assert not any("lists heart among" in t for t in _texts(heart))
    liver = answer_question("can atorvastatin affect the liver")
    assert _texts(liver)[0] == "Yes: the atorvastatin label warns about effects on the liver."
    assert "liver" in _texts(liver)[1] and "contraindicated" not in _texts(liver)[1]
    kidneys = answer_question("his kidneys stopped working, he is on dialysis. can he still take furosemide?")
    assert not any("if you have kidneys" in t for t in _texts(kidneys))


def test_will_it_work_without_a_use_named_depends_on_what_it_is_for():
    result = answer_question("would you recommend lexapro?")
    first = result.answer.sentences[0]
    assert first.text.startswith("It depends on what it is for: the FDA labeling of escitalopram lists")
    assert "depression" in first.text and first.citations


def test_the_uses_listed_follow_the_labels_own_order_and_wording():
    result = answer_question("will lisinopril work")
    assert result.answer.sentences[0].text.startswith(
        "It depends on what it is for: the FDA labeling of lisinopril lists high blood pressure (hypertension)"
    )
    # a use heading that does not repeat the name ("Urinary Tract Infections: For the treatment of ...") counts
    bactrim = answer_question("could we try bactrim this time?")
    assert "UTI (urinary tract infection)" in bactrim.answer.sentences[0].text


def test_a_disease_named_with_a_symptom_word_is_not_that_symptom():
    from rxanswers.answers.composers.shared_uses import uses_by_drug
    from rxanswers.drugs.models import Drug

    doxycycline = Drug.objects.get(name="doxycycline")
    names = [name for name, _ in uses_by_drug({doxycycline.id})[doxycycline.id].values()]
    assert "fever" not in names and any("spotted fever" in n for n in names)
    result = answer_question("is doxycycline the only treatment?")
    assert "Rocky Mountain spotted fever" in result.answer.sentences[0].text  # as the label writes it


def test_a_not_for_sentence_answers_only_a_use_that_shares_its_words():
    result = answer_question("is bactrim useful for arthritis")
    assert not _texts(result)[0].startswith(
        "No: the sulfamethoxazole and trimethoprim label says it is not for"
    )


def test_code_like_condition_names_are_written_in_capitals():
    result = answer_question("would paxlovid work for me?")
    assert "COVID-19" in result.answer.sentences[0].text


# -- headings ---------------------------------------------------------------------------------------------------


def test_title_case_headings_are_dropped_or_cut():
    text = (
        "Other Adverse Reactions Observed during the Clinical Development of Bupropion In addition to the adverse "
        "reactions noted above, the following adverse reactions have been reported in clinical trials. "
        "Other Adverse Reactions with Abrupt or Rapid Discontinuation. Following abrupt discontinuation of "
        "gabapentin, some patients experienced anxiety."
    )
    assert quotable_sentences(text) == [
        "In addition to the adverse reactions noted above, the following adverse reactions have been reported in "
        "clinical trials.",
        "Following abrupt discontinuation of gabapentin, some patients experienced anxiety.",
    ]
    assert "heading" in defects("Other Adverse Reactions with Abrupt or Rapid Discontinuation.")
    assert not title_like("Take Lisinopril once a day".split())
    assert not defects("Ibuprofen Tablets are indicated for relief of mild to moderate pain.")


def test_asked_terms_do_not_depend_on_the_order_names_are_removed_in():
    # a process's set order (its hash seed) must not change what a question is read as asking
    from rxanswers.answers.asked import asked_terms

    question = "which is more potent for pain relief, acetaminophen-cod #3 or #4?"
    names = ["acetaminophen", "pain relief", "acetaminophen-cod", "cod"]
    assert asked_terms(question, names) == asked_terms(question, list(reversed(names)))


# -- which side effects -----------------------------------------------------------------------------------------


def test_what_are_the_side_effects_leads_with_the_labels_own_list_of_the_most_common():
    result = answer_question("side effects of metformin")
    first = result.answer.sentences[0].text
    assert "most common adverse reactions" in first and "diarrhea" in first and _all_cited(result)
    steroid = answer_question("what are the side effects of prednisone")
    assert steroid.answer.sentences[0].text.startswith("Common adverse reactions")
    # an introduction that names no effect never leads
    sertraline = answer_question("what are common side effects of sertraline")
    assert "not mentioned previously" not in sertraline.answer.sentences[0].text
    assert "nausea" in sertraline.answer.sentences[0].text


def test_lists_effects_needs_a_list_not_an_introduction():
    from rxanswers.answers.composers.side_effects import lists_effects

    assert lists_effects("The most common adverse reactions are diarrhea, nausea, gas and headache.")
    assert not lists_effects("The following adverse reactions have been identified during post approval use.")
    assert not lists_effects(
        "The following are the most common adverse reactions that were not mentioned previously."
    )


# -- uses from the compiled indications; effects named by one shared word ------------------------------------------


def test_a_use_in_a_compiled_record_is_found_even_behind_a_cross_reference_and_an_abbreviation():
    # guanfacine's loaded label (Tenex) has no uses section; the compiled record says "... (ADHD) ... [see ...]"
    result = answer_question("is guanfacine used for adhd")
    first, second = _texts(result)[:2]
    assert first.startswith(
        "Yes: the FDA labeling of guanfacine lists ADHD (attention deficit hyperactivity disorder)"
    )
    assert "Attention Deficit Hyperactivity Disorder" in second and "[see" not in second
    assert result.answer.sentences[0].role != "absence"


def test_one_shared_word_is_not_a_side_effect():
    # "outflow tract" in a warning is not a urinary tract infection
    result = answer_question("can lisinopril cause a uti")
    assert not _texts(result)[0].startswith("Yes")


def test_a_comparison_quotes_each_ones_use_not_the_consider_the_risks_preamble():
    result = answer_question("is it better to take tylenol or advil?")
    texts = _texts(result)
    assert not any(t.startswith("Carefully consider") for t in texts)
    assert any("Ibuprofen" in t and "indicated for" in t for t in texts)


def test_a_caution_about_discontinuing_is_not_a_yes_to_just_stopping():
    result = answer_question("can I just stop losartan")
    assert not _texts(result)[0].startswith("Yes")


def test_a_public_interaction_list_answers_when_neither_label_text_is_loaded():
    from rxanswers.drugs.models import DrugLabel, InteractionPair

    pair = InteractionPair.objects.filter(first__name="tapentadol", second__name="amitriptyline").first()
    assert pair is not None and not DrugLabel.objects.filter(drug__in=[pair.first, pair.second]).exists()
    result = answer_question("can I take tapentadol with amitriptyline")
    first = result.answer.sentences[0]
    assert first.text.startswith("Yes, but with care: the VA National Drug File (2014) lists tapentadol with")
    assert first.citations and any("without explaining it" in n for n in result.answer.notices)


def test_an_introduction_or_a_cut_list_never_leads_the_default_answer():
    from rxanswers.answers.composers.topical import _WEAK_LEAD

    assert _WEAK_LEAD.search("The following adverse reactions have been identified during post-approval use.")
    assert _WEAK_LEAD.search(
        "In addition to the reactions noted above, the following were reported: a, b, c …"
    )
    assert not _WEAK_LEAD.search("The following adverse reactions were observed: headache, dizziness, cough.")
    result = answer_question("can lisinopril cause a uti")
    assert not _WEAK_LEAD.search(_texts(result)[0])


@pytest.mark.parametrize(
    "question", ["wean off tegretol?", "how to taper off prednisone", "how do i wean off gabapentin"]
)
def test_how_to_come_off_a_medicine_opens_with_not_all_at_once(question):
    first, second = answer_question(question).answer.sentences[:2]
    assert first.text.startswith("Not all at once:") and first.citations
    assert second.citations[0].section
    assert "gradual" in second.text.lower() or "abrupt" in second.text.lower()


def test_what_happens_when_stopping_suddenly_gets_the_consequences_first():
    first = answer_question("what happens if i stop taking metoprolol suddenly").answer.sentences[0]
    assert not first.text.startswith("Not all at once")


def test_a_use_of_another_numbered_kind_is_neither_a_yes_nor_a_no():
    """ "type 1 diabetes" in a "not indicated" sentence does not answer "does it treat type 2 diabetes", and
    a "type 2" use does not make "is it used for type 1" a yes."""
    yes = answer_question("does jardiance treat type 2 diabetes").answer.sentences[0].text
    assert yes.startswith("Yes: the empagliflozin label lists type 2 diabetes")
    other = answer_question("is metformin used for type 1 diabetes").answer.sentences[0].text
    assert not other.startswith(("Yes", "No"))


def test_whether_stopping_is_dangerous_is_not_answered_no():
    """ "Is it dangerous to stop X": a "No, not all at once" would read as "not dangerous"."""
    first = answer_question("is it dangerous to stop taking prednisone").answer.sentences[0].text
    assert first.startswith("Yes, if it is stopped suddenly:")
    how_bad = answer_question("how dangerous is it to stop taking metoprolol suddenly").answer.sentences[0]
    assert not how_bad.text.startswith(("Not all at once", "No", "Yes")) and how_bad.citations[0].section


def test_a_long_list_of_uses_is_summed_up_before_it_is_quoted():
    first, second = answer_question("what is naproxen used for").answer.sentences[:2]
    assert first.text.startswith("The FDA labeling of naproxen lists ") and "among its uses" in first.text
    assert second.citations[0].section == "indications_and_usage"


def test_whether_there_is_a_weaning_process_is_answered_yes_when_the_label_says_to_taper():
    first = answer_question("is there a weaning process for prednisone").answer.sentences[0].text
    assert first.startswith("Yes: the prednisone label says to lower the dose gradually")


def test_a_class_word_is_never_reported_as_naming_the_other_medicine():
    """The cetirizine label's "Purpose Antihistamine" does not name hydroxyzine; its "Do not use" does, about an
    allergy: the absence stands (nothing about taking them together) and that sentence follows it."""
    from rxanswers.answers.pipeline import answer_question

    result = answer_question("can i take hydroxyzine and cetirizine together")
    texts = [s.text for s in result.answer.sentences]
    assert not any("purpose section" in t for t in texts)
    assert texts[0].startswith(
        "The label does not say: the FDA label text loaded for cetirizine does not mention"
    )
    assert texts[0].endswith("(the cetirizine label names hydroxyzine only in an allergy warning).")
    assert "antihistamine containing hydroxyzine" in texts[1]


def test_a_class_named_only_as_the_subject_of_a_study_is_not_a_combination_statement():
    """Read for escitalopram (an SSRI), bupropion's "Pooled analyses of ... antidepressant drugs (SSRIs and others)
    show that these drugs increase the risk of suicidal thinking" says nothing about taking the two together."""
    from rxanswers.answers.pipeline import answer_question

    texts = [s.text for s in answer_question("can i take wellbutrin and lexapro together").answer.sentences]
    assert not texts[0].startswith("Yes") or "coadministering" in texts[1]  # a yes only from a combination
    assert not any("Pooled analyses" in t for t in texts[:2])
    assert "names escitalopram" not in texts[0]  # no claim that it is named where only "SSRIs" stands
