"""Yes/no questions open with the answer the cited label sentence supports: how-to-take conditions (with food,
time of day, chewing), "it depends" where the label says to weigh benefits, reassurance that is not a warning,
class membership stated by the label itself. Bundled real labels; no question here is from a benchmark."""

from __future__ import annotations

import pytest

from rxanswers.answers.composers.conditions import asked_condition, conditions
from rxanswers.answers.evidence.polarity import polarity
from rxanswers.answers.pipeline import answer_question

pytestmark = pytest.mark.django_db


def _lead(result) -> str:
    return result.answer.sentences[0].text


def _cited_like_next(result) -> bool:
    """The generated opening carries the citation of the quote that follows it."""
    first, second = result.answer.sentences[:2]
    return bool(first.citations) and {c.key for c in first.citations} <= {c.key for c in second.citations}


def test_conditions_file_loads_and_finds_the_asked_condition():
    assert {c.name for c in conditions()} >= {"food", "empty stomach", "night", "chew or split", "fridge"}
    assert asked_condition("should I take it with breakfast").name == "food"
    assert asked_condition("is it ok on an empty stomach").name == "empty stomach"
    assert asked_condition("can i crush the tablets").name == "chew or split"
    assert asked_condition("can it stay out of the fridge").name == "out of the fridge"
    assert asked_condition("what is it for") is None


def test_label_saying_the_opposite_is_a_no():
    result = answer_question("should levothyroxine be taken with breakfast")
    assert _lead(result).startswith("No:")
    assert "empty stomach" in result.answer.sentences[1].text and _cited_like_next(result)


def test_either_way_answers_an_obligation_no_and_a_permission_yes():
    must = answer_question("does lipitor have to be taken at night")
    assert _lead(must).startswith("No: the atorvastatin label says either way is fine")
    assert "any time of the day" in must.answer.sentences[1].text and _cited_like_next(must)
    may = answer_question("can i take lipitor at night")
    assert _lead(may).startswith("Yes")


def test_label_saying_to_do_it_is_a_yes():
    result = answer_question("do i take prednisone with food")
    assert _lead(result).startswith("Yes")
    assert "with food" in result.answer.sentences[1].text and _cited_like_next(result)


def test_polarity_kinds_from_label_wording():
    assert (
        polarity("The benefits of breastfeeding should be considered along with the mother's need.")
        == "depends"
    )
    assert polarity("The risk is increased with concomitant use of other serotonergic drugs.") == "caution"
    assert polarity("Do not use with other products containing acetaminophen.") == "no"
    assert (
        polarity("Use extreme caution when coadministering it with drugs that lower seizure threshold.")
        == "caution"
    )
    assert polarity("Tablets are white and round.") == "fact"


def test_weigh_the_benefits_opens_it_depends():
    result = answer_question("can i breastfeed while taking gabapentin")
    assert _lead(result).startswith("It depends: the gabapentin label says to weigh the benefits")
    assert _cited_like_next(result)


def test_no_identified_risk_is_reassurance_not_a_warning():
    result = answer_question("i am pregnant, is azithromycin safe for the baby")
    lead = _lead(result)
    assert "can harm an unborn baby" not in lead
    assert lead.startswith("Yes, as far as is known") and "not identified" in result.answer.sentences[1].text


def test_a_combination_the_label_warns_about_is_answered_with_care():
    result = answer_question("can i take tramadol while on sertraline")
    assert _lead(result).startswith(
        "Yes, but with care: the sertraline label warns about taking it with tramadol"
    )


def test_dictionary_words_for_organisms_and_specialties_are_not_medicines():
    result = answer_question(
        "my obgyn said to use something for toenail fungus, can i take ketoconazole pills"
    )
    assert [d.name for d in result.drugs] == ["ketoconazole"]


def test_an_allergy_is_context_and_the_label_warning_about_it_answers():
    result = answer_question("im allergic to penicillin can i take amoxicillin")
    assert result.drugs[0].name == "amoxicillin"
    assert _lead(result).startswith(
        "No, not without your doctor's advice: the amoxicillin label warns people who are allergic to penicillin"
    )
    assert "hypersensitivity" in result.answer.sentences[1].text and _cited_like_next(result)


def test_the_same_fda_class_is_said_when_no_label_warns():
    result = answer_question("I'm allergic to ampicillin is the augmentin still ok?")
    assert result.drugs[0].name == "amoxicillin and clavulanate"  # the allergen is context
    lead, cited = result.answer.sentences[:2]
    assert lead.text.startswith(
        "No, not without asking your doctor or pharmacist first:"
    )  # a yes/no question
    assert "Penicillin-class Antibacterial" in cited.text and cited.citations[0].source != "fda_label"
    other_form = answer_question("what should I know about augmentin if I am allergic to ampicillin")
    assert other_form.answer.sentences[0].text.startswith("Ask your doctor or pharmacist before taking it:")


def test_a_use_in_the_labels_own_words_is_a_yes():
    # "achiness": the OTC label lists "minor aches and pains"; every word of the asked use is in that sentence
    result = answer_question("is acetaminophen supposed to help with the achiness")
    first = result.answer.sentences[0]
    assert first.text == "Yes: the acetaminophen label lists this among its uses."
    assert "aches" in result.answer.sentences[1].text


def test_every_word_of_an_asked_use_must_be_in_one_use_sentence():
    from rxanswers.answers.evidence.mentions import names_every_word

    text = (
        "Indicated for the relief of runny nose associated with allergic and nonallergic perennial rhinitis."
    )
    assert names_every_word(text, ["allergic rhinitis"])
    assert not names_every_word("Indicated for nonallergic rhinitis.", ["allergic rhinitis"])
    assert names_every_word("Temporarily relieves minor aches and pains.", ["achiness"])
    assert not names_every_word("Temporarily relieves minor aches and pains.", ["eye itching"])


def test_a_misspelt_brand_that_the_medical_vocabulary_also_lists_is_still_the_medicine():
    result = answer_question("Is the Aumentin an antibiotic?")
    assert result.drugs and result.drugs[0].name == "amoxicillin and clavulanate"
    assert result.answer.sentences[0].text.startswith("Yes.")


def test_every_antibacterial_class_is_an_antibiotic():
    result = answer_question("is bactrim an antibiotic")
    assert result.answer.sentences[0].text.startswith("Yes.")
    assert "Antibacterial" in result.answer.sentences[0].text


def test_could_this_be_from_the_medicine_asks_about_a_side_effect_whatever_the_story_names():
    # the story names the use ("for a sinus infection"); the question is whether the new problem is from it
    result = answer_question(
        "I'm 67 and was put on ciprofloxacin for a sinus infection. Three days in, the back of my ankle "
        "hurts when I walk. Could this be from the antibiotic?"
    )
    first = result.answer.sentences[0].text
    assert first.startswith("Yes:") and "sinus" not in first
    assert "tendon" in " ".join(s.text for s in result.answer.sentences[:2]).lower()


def test_a_condition_the_story_names_is_checked_before_the_use_it_names():
    # "for my diabetes" is the use; the family history is what the label rules out (as "MTC", its abbreviation)
    result = answer_question(
        "My mom had medullary thyroid cancer years ago. My doctor wants to start me on mounjaro for my "
        "diabetes, is that ok?"
    )
    first = result.answer.sentences[0].text
    assert first.startswith("No: the tirzepatide label says it should not be used by people with medullary")
    assert "MTC" in result.answer.sentences[1].text


def test_curly_apostrophes_in_labels_match():
    from rxanswers.answers.evidence.mentions import word_pattern

    assert word_pattern("parkinson's disease").search("or have Parkinson’s disease.")
    result = answer_question("my uncle has parkinsons and is getting confused, can he take haldol")
    assert result.answer.sentences[0].text.startswith("No: the haloperidol label says it should not be used")


def test_an_animal_study_or_the_opposite_change_is_not_a_side_effect_in_people():
    from rxanswers.answers.composers.yes_no import _about_people

    assert not _about_people(
        "This dose was associated with maternal toxicity (decreased body weight gain).", ["weight gain"]
    )
    assert not _about_people("Poor feeding and poor weight gain in infants were reported.", ["weight gain"])
    assert _about_people("Weight gain was reported in 5% of patients.", ["weight gain"])
    result = answer_question("can lexapro make you gain weight")
    assert not result.answer.sentences[0].text.startswith("Yes")


def test_an_effect_no_glossary_knows_is_looked_for_as_written():
    """ "cause stuttering": not a glossary term; every loaded bupropion label was read for it. (This test asked
    about dissociation until session 21, when "dissociation" became a consumer wording of depersonalization,
    which the label lists: that absence had been a false one.)"""
    lead = answer_question("can wellbutrin cause stuttering?").answer.sentences[0].text
    assert lead.startswith("The parts of the bupropion label loaded here do not mention stuttering")


def test_a_misspelt_or_qualified_effect_is_never_claimed_absent():
    for question in (
        "can wellbutrin cause dissassociation?",
        "does doxycycline make you burn easier in the sun",
    ):
        result = answer_question(question)
        assert not result.answer.sentences[0].text.startswith("The label does not say"), question


def test_a_word_of_a_generic_kind_is_not_the_effect_asked():
    """ "brain fog" (cognitive impairment) is not named by "renal impairment"; "feel like" is no symptom."""
    for question in ("can metformin cause brain fog", "does prozac make you feel like a zombie"):
        lead = answer_question(question).answer.sentences[0].text
        assert not lead.startswith("Yes"), question


def test_a_question_whether_it_has_an_effect_in_pregnancy_gets_no_permission_opening():
    """ "Will Claritin affect my milk supply?" asks about an effect: "No, not without asking first" would read
    as "it has no effect". "Is lisinopril harmful in pregnancy?" is answered yes from the fetal-harm sentence."""
    supply = answer_question("Will Claritin affect breastfeeding supply?").answer.sentences[0]
    assert not supply.text.startswith(("No", "Yes")) and supply.citations[0].section
    harm = answer_question("is lisinopril harmful in pregnancy").answer.sentences[0]
    assert harm.text.startswith("Yes: the lisinopril label says it can harm an unborn baby")


def test_how_dangerous_is_answered_by_what_the_label_says_not_by_a_yes():
    first = answer_question("how bad is it to drink alcohol with metronidazole").answer.sentences[0]
    # no yes or no to "how bad": what the label says, its strongest sentence first (a contraindication)
    assert first.text.startswith("The metronidazole label advises against") and first.citations


def test_a_sentence_telling_to_stop_drinking_is_a_no_and_drink_on_means_alcohol():
    for question in ("can you drink alcohol on metronidazole", "can i drink on flagyl"):
        result = answer_question(question)
        assert _lead(result) == "No: the metronidazole label advises against taking it with alcohol."
        assert "Discontinue consumption of alcohol" in result.answer.sentences[1].text


def test_no_evidence_of_harm_to_the_fetus_is_no_harm():
    lead = _lead(answer_question("is amoxicillin safe during pregnancy"))
    assert "can harm an unborn baby" not in lead


def test_a_lab_finding_naming_a_medicine_is_not_that_medicine():
    result = answer_question("can omeprazole cause low magnesium")
    assert [d.name for d in result.drugs] == ["omeprazole"]
    assert _lead(result).startswith("Yes: the omeprazole label warns about low magnesium")


def test_a_kind_broader_than_its_classes_is_not_claimed_from_the_class():
    texts = [s.text for s in answer_question("is xanax a sleeping pill").answer.sentences]
    assert not texts[0].startswith("Yes")
    assert any("anxiety" in t for t in texts)  # what it is used for instead
    water = answer_question("is hydrochlorothiazide a water pill").answer.sentences[0].text
    assert water.startswith("Yes. Hydrochlorothiazide belongs to the FDA pharmacologic class")  # not a form


def test_taking_it_with_an_unnamed_other_medicine_depends_on_which():
    result = answer_question("can i take warfarin with my other medications")
    first, second = result.answer.sentences[:2]
    assert first.text.startswith("It depends on the other medicine: the warfarin label names medicines")
    assert second.citations[0].section in ("drug_interactions", "contraindications")
    assert any("Name the other medicine" in n for n in result.answer.notices)
    food = answer_question("can i eat bananas while on spironolactone").answer.sentences[0]
    assert not food.text.startswith("It depends on the other medicine")


def test_a_mention_of_the_other_medicine_outside_the_combination_sections_is_not_pointed_to():
    """The atorvastatin label names "other statins" only in its pregnancy section: that says nothing about
    taking two statins together, so the answer is the checked absence, saying where the name does appear."""
    first = answer_question("is it ok to take atorvastatin with rosuvastatin").answer.sentences[0]
    assert first.role == "absence" and "ask your pharmacist what it means" not in first.text
    assert "only in its pregnancy section" in first.text


def test_a_combination_question_that_is_not_yes_no_gets_no_yes():
    """ "What are the side effects of taking X and Y together" is told what is known, without a "Yes"."""
    asked = "what are the side effects of taking amlodipine and metoprolol together"
    first = answer_question(asked).answer.sentences[0].text
    assert not first.startswith(("Yes", "No")) and "metoprolol" in first
    assert answer_question("can I take amlodipine with metoprolol").answer.sentences[0].text.startswith("Yes")


def test_two_medicines_of_one_class_that_no_label_pairs_are_said_to_share_it():
    sentences = answer_question("can I take lipitor with crestor").answer.sentences
    assert sentences[0].role == "absence"
    assert sentences[1].text == (
        "Atorvastatin and rosuvastatin are both HMG-CoA reductase inhibitors (their FDA pharmacologic class)."
    )
    assert sentences[1].citations[0].source != "fda_label"


def test_coming_off_another_medicine_is_no_rule_about_taking_the_two_together():
    from rxanswers.answers.composers.interaction import _only_as_withdrawn

    text = (
        "Bupropion is contraindicated in patients undergoing abrupt discontinuation of alcohol, benzodiazepines, "
        "barbiturates, and antiepileptic drugs."
    )
    assert _only_as_withdrawn(text, ["benzodiazepines"])
    assert not _only_as_withdrawn("Avoid taking bupropion with benzodiazepines.", ["benzodiazepines"])
    lead = answer_question("can I take bupropion with xanax").answer.sentences[0].text
    assert not lead.startswith("No")
    alcohol = answer_question("can I drink alcohol while taking wellbutrin").answer.sentences
    assert alcohol[0].text == "No: the bupropion label advises against taking it with alcohol."
    assert "minimized or avoided" in alcohol[1].text


def test_a_word_in_the_medicines_own_salt_name_or_in_breast_milk_is_not_what_was_asked_about():
    losartan = answer_question("can I take losartan with potassium supplements").answer.sentences
    assert "aliskiren" not in " ".join(s.text for s in losartan[:2])
    assert "potassium" in losartan[1].text
    milk = " ".join(s.text for s in answer_question("can i take doxycycline with milk").answer.sentences[:2])
    assert "breast milk" not in milk and "milk" in milk


def test_a_food_or_drink_to_space_apart_is_a_yes_but_not_at_the_same_time():
    sentences = answer_question("can I take ciprofloxacin with antacids").answer.sentences
    assert sentences[0].text.startswith("Yes, but not at the same time")
    assert "at least 2 hours before or 6 hours after" in sentences[1].text


def test_breastfeeding_is_answered_from_what_labels_say_about_people_breastfeeding():
    sertraline = answer_question("is sertraline safe while breastfeeding").answer.sentences[0]
    assert sertraline.text.startswith("Only part of the sertraline label is loaded here")  # not a rat study
    assert sertraline.role == "coverage"
    lisinopril = answer_question("is lisinopril safe when breastfeeding").answer.sentences
    assert lisinopril[0].text == "No: the lisinopril label advises against using it during breastfeeding."
    assert "advise women not to breastfeed" in lisinopril[1].text
    assert polarity("Advise women not to breastfeed during treatment.") == "no"


def test_a_sentence_about_taking_it_with_another_medicine_opens_no_other_question():
    first = answer_question("can I take omeprazole long term").answer.sentences[0].text
    assert not first.startswith("No")


def test_a_direction_that_holds_only_in_some_cases_is_an_it_depends():
    sentences = answer_question("can I take ibuprofen on an empty stomach").answer.sentences
    assert sentences[0].text.startswith("It depends:")
    assert sentences[1].text.startswith("If gastrointestinal complaints occur")


def test_a_child_whose_age_the_directions_give_a_dose_for_is_a_yes():
    nine = answer_question("can my 9 year old take tylenol").answer.sentences
    assert nine[0].text == "Yes: the acetaminophen label gives a dose for a child of this age."
    assert nine[1].text.startswith("Children 6 to under 12 years take 1 tablet")
    three = answer_question("is it safe to give my 3 year old tylenol").answer.sentences[0].text
    assert three.startswith("No, not without asking a doctor first")
    assert answer_question("can my 8 year old take tramadol").answer.sentences[0].text.startswith("No:")


def test_a_drug_facts_verdict_for_breastfeeding_is_not_one_for_pregnancy():
    pregnancy = answer_question("is zyrtec safe during pregnancy").answer.sentences
    assert pregnancy[0].text.startswith("No, not without asking a health professional first")
    assert "if pregnant: ask a health professional" in pregnancy[1].text
    nursing = answer_question("is zyrtec safe while breastfeeding").answer.sentences[0].text
    assert nursing == "No: the cetirizine label advises against using it during breastfeeding."


def test_a_lab_level_or_the_condition_treated_is_not_what_was_asked_about():
    from rxanswers.answers.evidence.mentions import word_pattern

    calcium = word_pattern("calcium")
    assert not calcium.search("monitor magnesium and calcium levels") and calcium.search(
        "take calcium tablets"
    )
    tums = answer_question("can I take tums with omeprazole").answer.sentences[0].text
    assert not tums.startswith("Yes, but with care")
    weight = answer_question("does sertraline cause weight gain").answer.sentences[0].text
    assert "Physical symptoms associated with PMDD" not in weight and not weight.startswith("Yes")


def test_safety_in_children_not_established_is_a_no_without_a_doctor():
    sentences = answer_question("can my child take nitroglycerin").answer.sentences
    assert sentences[0].text.startswith("No, not without a doctor's advice: the nitroglycerin label says")
    assert "have not been established" in sentences[1].text
    from rxanswers.answers.composers.children import _QUALIFIED

    assert _QUALIFIED.search("Safety in pediatric patients under 6 months of age has not been established.")


def test_a_condition_the_label_rules_out_answers_before_one_it_treats():
    result = answer_question(
        "i had bulimia as a teenager and now i am depressed. am i allowed to take bupropion?"
    )
    assert _lead(result).startswith(
        "No: the bupropion label"
    )  # "bulimia" is in no glossary: the words say it
    assert "bulimia" in result.answer.sentences[1].text


def test_a_rule_for_a_narrower_case_of_what_was_asked_is_no_no():
    # "after surgery": the contraindication is for coronary artery bypass graft surgery only
    result = answer_question("can i take ibuprofen after surgery")
    assert not _lead(result).startswith("No")
    assert "CABG" in _lead(result)  # the sentence itself is still quoted


def test_a_breastfed_babys_exposure_is_not_a_side_effect_of_the_person_taking_it():
    texts = [s.text for s in answer_question("can warfarin cause bruising").answer.sentences]
    assert not any("breastfeeding infants" in t for t in texts[:2])


def test_an_expiry_question_is_not_answered_by_keep_out_of_reach():
    texts = [s.text for s in answer_question("can you take expired tylenol").answer.sentences]
    assert "Keep out of the reach of children" not in texts[0]
    assert "expiration date" in texts[0]  # what is missing is said (only part of the label is loaded)


def test_without_label_text_a_yes_no_question_first_says_it_cannot_say_yes_or_no():
    result = answer_question("will amitriptyline help me sleep?")
    assert not result.drugs[0].has_label
    lead = result.answer.sentences[0]
    assert lead.text == (
        "The FDA label text for amitriptyline is not loaded here, so this answer cannot say yes or no from its label."
    )
    assert lead.role == "coverage" and lead.citations  # cited to what follows: the class found instead
    assert {c.key for c in lead.citations} <= {
        c.key for s in result.answer.sentences[1:] for c in s.citations
    }


def test_an_effect_the_label_names_nowhere_among_side_effects_is_said_not_to_be_listed():
    # "weight" is in the metformin label only as "molecular weight" and in studies of babies: no mention of
    # weight gain in a section that lists effects
    result = answer_question("does metformin cause weight gain")
    assert _lead(result).startswith(
        "The parts of the metformin label loaded here do not list weight gain among"
    )
    assert result.answer.sentences[0].role == "absence"


def test_a_loose_word_of_the_question_is_not_answered_with_another_effect_it_only_glosses():
    # "poor" is in the lay wording of incoordination ("poor coordination"): poor feeding is another thing
    result = answer_question("can escitalopram cause poor feeding")
    assert not _lead(result).startswith("Yes")
    assert "coordination" not in " ".join(s.text for s in result.answer.sentences[:2])


def test_an_instruction_to_do_what_was_asked_opens_yes():
    from rxanswers.answers.composers.verdicts import instructed

    result = answer_question("do i have to prime my proair inhaler")
    assert _lead(result) == "Yes: the albuterol label says to prime it."
    assert _cited_like_next(result)
    assert instructed("should i shake the inhaler", "Shake the inhaler well before each spray.") == "shake"
    assert instructed("should i shake the inhaler", "Do not shake the inhaler.") is None
    assert (
        instructed("should i take it", "Take 1 tablet daily.") is None
    )  # names nothing asked after the verb


def test_a_leaflet_heading_written_as_a_question_is_never_quoted():
    from rxanswers.answers.hygiene import defects

    assert "question heading" in defects("How should I store nitroglycerin sublingual tablets?")
    assert not defects("Store the tablets at room temperature.")


def test_a_use_the_label_does_not_list_is_answered_with_all_the_uses_it_lists():
    result = answer_question("does metformin help with weight loss")
    assert _lead(result).startswith("The FDA labeling of metformin lists type 2 diabetes")
    absent = answer_question("is amoxicillin good for acne")
    assert _lead(absent).startswith("The label does not say that amoxicillin treats acne")
    assert absent.answer.sentences[1].text.startswith("The FDA labeling of amoxicillin lists")


def test_infection_is_too_common_a_word_to_block_an_absence_or_to_make_a_no():
    # "yeast infection": every antibiotic label speaks of infections, none loaded for Bactrim of yeast or candida
    first = answer_question("does bactrim cause yeast infections").answer.sentences[0].text
    assert first.startswith(
        "The parts of the sulfamethoxazole and trimethoprim label loaded here do not mention yeast"
    )
    # "should not be used for ... streptococcal infections" says nothing about sinus infections
    first = answer_question("can you use bactrim for a sinus infection").answer.sentences[0].text
    assert not first.startswith("No")


def test_no_use_is_claimed_absent_when_the_compiled_uses_point_to_a_list_they_do_not_hold():
    # the compiled indications of levofloxacin stop at "... in the conditions listed in this section."
    result = answer_question("does levofloxacin treat urinary tract infections?")
    assert _lead(result).startswith(
        "The FDA label text for levofloxacin is not loaded here, so this answer cannot say whether it treats"
    )
    assert "does not say that" not in result.answer.text
    assert any(c.source == "medrecpro_indications" for c in result.answer.sentences[1].citations)


def test_is_there_an_ingredient_in_it_is_not_answered_with_the_kind_of_medicine():
    result = answer_question("is there any sulfa in kapvay?")
    assert not _lead(result).startswith("Clonidine is a")


def test_warned_against_excess_is_a_caution_warned_against_anything_else_a_no():
    from rxanswers.answers.evidence.polarity import polarity

    assert polarity("Warn patients against excessive alcohol intake while receiving it.") == "caution"
    assert polarity("Avoid heavy drinking.") == "caution"
    assert polarity("Patients should be warned against driving.") == "no"


def test_this_morning_is_when_something_happened_not_a_time_of_day_asked_about():
    from rxanswers.answers.composers.conditions import asked_condition

    assert asked_condition("I skipped my pill this morning, what now") is None
    assert asked_condition("should I take it in the morning").name == "morning"
    assert asked_condition("is morning better for it").name == "morning"


def test_no_word_about_the_time_of_day_in_the_loaded_label_is_said_and_the_dosing_follows():
    result = answer_question("would it be better to take my lisinopril in the evening?")
    first, second = result.answer.sentences[:2]
    assert first.text == (
        "The label does not say: the lisinopril label text loaded here gives no direction about the time of day "
        "to take it."
    )
    assert first.role == "absence" and all(c.section == "" for c in first.citations)
    assert second.citations[0].section == "dosage_and_administration" and "daily" in second.text
    # a label that speaks of the time of day answers instead
    lipitor = answer_question("would it be better to take my lipitor in the evening?")
    assert "any time of the day" in lipitor.answer.text


def test_a_direction_is_read_only_where_the_label_says_how_to_take_it():
    from rxanswers.answers.composers.conditions import _DIRECTION, _NOT_HOW_TO_TAKE

    assert "adverse_reactions" in _NOT_HOW_TO_TAKE
    assert not _DIRECTION.search("reported at any time during that period was 13.7%")
    assert _DIRECTION.search("may be administered at any time of the day")


def test_a_reaction_told_as_hives_or_a_rash_from_a_medicine_makes_it_the_allergy_not_the_one_asked_about():
    from rxanswers.answers.understanding import ALLERGY_BEFORE

    assert ALLERGY_BEFORE.search("I once got hives from ")
    assert ALLERGY_BEFORE.search("my son broke out in a rash after the ")
    assert not ALLERGY_BEFORE.search("I take it for hives and ")
    result = answer_question("I got a rash from hydroxyzine last year, is it ok to use cetirizine?")
    assert result.drugs[0].name == "cetirizine"
    first = result.answer.sentences[0].text
    assert first.startswith("No, not without your doctor's advice") and "allergic to hydroxyzine" in first


def test_an_allergy_to_the_medicine_itself_does_not_answer_someone_allergic_to_something_else():
    result = answer_question("my wife is allergic to sulfa drugs, can she take furosemide?")
    first = result.answer.sentences[0].text
    assert not first.startswith("No: the furosemide label says it should not be used")
    assert "sulfonamides" in result.answer.text
    own = answer_question("can I take furosemide if I am allergic to furosemide?").answer.sentences[0].text
    assert own.startswith("No")


def test_whether_it_lowers_milk_supply_is_not_answered_by_whether_to_take_it():
    """ "Does Claritin decrease breast milk production?": its label only says to ask before use while
    breastfeeding; a "No, not without asking" would read as "no, it does not decrease it"."""
    for question in (
        "does claritin decrease breast milk production",
        "will zyrtec lower my milk supply while nursing",
    ):
        first, then = answer_question(question).answer.sentences[:2]
        assert first.text.startswith("The label does not say whether") and "milk supply" in first.text
        assert first.role == "absence" and "breast-feeding" in then.text


def test_a_misspelled_side_effect_is_found_and_shown_spelled_right():
    """ "dissassociation": the consumer wording of depersonalization, shown as "dissociation" (not echoed as
    typed); "halucinations" is shown as "hallucinations"."""
    first = answer_question("wellbutrin can cause dissassociation?").answer.sentences[0].text
    assert first.startswith("Yes: the bupropion label lists dissociation (depersonalization)")
    assert "halucinations" not in answer_question("can ambien cause halucinations").answer.sentences[0].text
