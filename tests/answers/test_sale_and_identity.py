"""How a medicine is sold (over the counter, prescription, controlled), whether two names are one medicine, the
route a question is about choosing the label, and body-part words blocking absence claims. Bundled real data;
no question here is from a benchmark."""

from __future__ import annotations

import pytest

from rxanswers.answers.evidence.routes import asked_routes, families_in, families_of
from rxanswers.answers.pipeline import answer_question
from rxanswers.answers.resources import ROUTE_FAMILIES

pytestmark = pytest.mark.django_db


def _first(result):
    return result.answer.sentences[0]


def _sources(sentence):
    return {c.source for c in sentence.citations}


def test_otc_question_answers_yes_for_the_brand_named_with_both_sources():
    result = answer_question("can i buy claritin at the pharmacy without a prescription")
    lead = _first(result)
    assert lead.text.startswith("Yes. Claritin is sold over the counter")
    assert _sources(lead) <= {"drugsatfda", "ndc"} and lead.citations


def test_prescription_only_medicine_is_a_no_to_otc_and_a_yes_to_needing_one():
    otc = answer_question("is cephalexin available over the counter")
    assert _first(otc).text.startswith("No. Cephalexin needs a prescription")
    rx = answer_question("do i need a prescription for cephalexin")
    assert _first(rx).text.startswith("Yes. Cephalexin needs a prescription")


def test_sold_both_ways_says_which_products():
    result = answer_question("do i need a prescription for ibuprofen")
    text = _first(result).text
    assert text.startswith("No, not for every product. Ibuprofen is sold both ways")
    assert "over the counter as" in text and "on prescription as" in text
    assert "generic ibuprofen" in text.lower() or "Advil" in text


def test_controlled_substance_question_names_the_dea_schedule():
    result = answer_question("is oxycodone a controlled substance")
    assert _first(result).text == "Yes. Oxycodone is a controlled substance: DEA schedule CII."
    assert "ndc" in _sources(_first(result))


def test_taking_an_otc_medicine_with_another_is_still_an_interaction_question():
    result = answer_question("I take otc ibuprofen, can I take it with lisinopril?")
    assert "sold over the counter" not in result.answer.text
    assert "lisinopril" in _first(result).text


def test_two_names_of_one_medicine_are_the_same():
    result = answer_question("is advil the same as motrin")
    assert _first(result).text == "Yes. Advil and Motrin are names of the same medicine, ibuprofen."
    assert _first(result).citations


def test_different_medicines_say_what_each_one_is():
    result = answer_question("Is augmentin the same as amoxicillin?")
    lead = _first(result).text
    assert lead.startswith("No, not exactly. Augmentin is amoxicillin and clavulanate, a penicillin-class")
    assert "Both contain amoxicillin" in result.answer.sentences[1].text
    asked_other_way = answer_question("is dexilant different from nexium")
    assert _first(asked_other_way).text.startswith("Yes. Dexilant is dexlansoprazole")


def test_route_words_and_brand_routes():
    assert families_in("how do I use the nasal spray") == {"nasal"}
    assert families_in("does it cause eye pain") == set()  # a body part is not a route
    assert families_of(["RESPIRATORY (INHALATION)"]) == {"inhalation"}
    assert all(spec["routes"] and spec["words"] for spec in ROUTE_FAMILIES.values())
    from rxanswers.answers import selectors

    fluticasone = selectors.drug_by_key("fluticasone")
    assert asked_routes("is flonase over the counter", fluticasone, "flonase") == {"nasal"}
    assert asked_routes("what is fluticasone for", fluticasone, "fluticasone") == frozenset()


def test_brand_of_one_route_picks_that_routes_indication_record():
    """Flonase is a nasal spray: its uses come from the nasal spray's record, not the inhaler's."""
    result = answer_question("what is flonase used for")
    assert "nasal" in _first(result).text.lower()
    assert "ellipta" not in result.answer.text.lower()


def test_short_body_part_word_blocks_an_absence_claim():
    """ "Eye problems": the label speaks of cataracts and glaucoma ("ophthalmic", "eye"): never "does not
    mention"."""
    result = answer_question("does prednisone cause eye problems")
    assert not any(s.role == "absence" for s in result.answer.sentences)
    assert _first(result).text.startswith("Yes")


def test_buying_words_about_another_product_do_not_make_a_sale_question():
    result = answer_question(
        "Can I treat the small cut with the mupirocin I have, and then treat the other rash with an over the "
        "counter cream?"
    )
    assert result.answer is None or "needs a prescription" not in result.answer.sentences[0].text


def test_a_prescription_only_brand_points_to_the_drugs_otc_products():
    result = answer_question("can i buy patanol over the counter")
    texts = [s.text for s in result.answer.sentences]
    assert texts[0].startswith("No. Patanol needs a prescription")
    assert (
        texts[1].startswith("Other olopatadine products are sold over the counter") and "Pataday" in texts[1]
    )
    assert "Hydrochloride" not in texts[1]  # a generic name is "generic olopatadine", not a brand


def test_three_or_more_names_are_not_an_identity_question():
    result = answer_question("are there any big differences between prilosec, nexium and zantac?")
    assert not result.answer or "names of the same medicine" not in result.answer.text
    assert not result.answer.sentences[0].text.startswith("Yes. Prilosec is omeprazole")


def test_a_kind_named_elsewhere_in_the_question_is_not_a_membership_no():
    result = answer_question("She is sensitive to medication. Should she take a statin and Plavix?")
    assert not any(
        s.text.startswith("No. FDA classes") for s in (result.answer.sentences if result.answer else [])
    )
    kind_by_use = answer_question("is oxycodone a painkiller")  # a kind defined by its use: never ruled out
    assert not any(s.text.startswith("No.") for s in kind_by_use.answer.sentences)


def test_uses_without_label_text_are_not_claimed_absent_for_otc_products():
    """The compiled indications hold prescription labels only: Afrin's (OTC) uses are not in them."""
    result = answer_question("does afrin help with a stuffy nose")
    assert not any(s.role == "absence" for s in result.answer.sentences)


def test_an_everyday_word_form_of_a_use_blocks_the_absence_claim():
    result = answer_question("Is acetaminophen supposed to help with the achiness")
    assert not any(s.role == "absence" for s in result.answer.sentences)
    assert result.answer.sentences[0].text.startswith("Yes:")  # every word of it in one use sentence
    assert "aches" in result.answer.sentences[1].text


def test_enzyme_classes_name_a_partner_unless_the_label_qualifies_their_strength():
    from rxanswers.answers import selectors
    from rxanswers.answers.composers.interaction import _only_by_qualified_enzyme_class
    from rxanswers.answers.evidence.facts import interaction_terms

    terms = interaction_terms(selectors.drug_by_key("ketoconazole"))
    assert "cyp3a4 inhibitors" in terms or "cyp3a inhibitors" in terms
    names = ["ketoconazole", "cyp3a4 inhibitors"]
    assert _only_by_qualified_enzyme_class("Avoid use with strong CYP3A4 inhibitors.", names)
    assert not _only_by_qualified_enzyme_class("CYP3A4 inhibitors increase exposure.", names)
    assert not _only_by_qualified_enzyme_class("Strong CYP3A4 inhibitors (e.g., ketoconazole) ...", names)


def test_a_critical_listed_pair_leads_over_a_milder_label_warning():
    result = answer_question("can i take simvastatin with fluconazole")
    lead = result.answer.sentences[0]
    assert lead.text.startswith("No, not without your doctor's advice: the VA National Drug File")
    assert lead.citations[0].source == "public_ddi_lists"


def test_otc_as_an_adjective_or_of_another_medicine_is_not_a_sale_question():
    for question in (
        "can i take otc ibuprofen for my headache",
        "is ibuprofen ok to take with tylenol over the counter",
    ):
        result = answer_question(question)
        assert "is sold both ways" not in result.answer.sentences[0].text, question


def test_a_use_another_label_of_the_medicine_may_list_is_never_claimed_absent():
    result = answer_question("does ibuprofen help with headaches")
    assert not any(s.role == "absence" for s in result.answer.sentences)


def test_a_strength_asked_counts_only_products_of_that_strength():
    high = answer_question("can i buy 800 mg ibuprofen over the counter")
    assert high.answer.sentences[0].text.startswith("No. Ibuprofen 800 mg needs a prescription")
    low = answer_question("is 200mg ibuprofen otc")
    assert low.answer.sentences[0].text.startswith("Yes, some products. Ibuprofen 200 mg is sold")


def test_a_bare_number_after_the_name_is_the_strength_and_dosing_is_not_buying():
    from rxanswers.answers.products import asked_strength

    assert asked_strength("can i get motrin 800 over the counter", "motrin") == "800mg"
    assert asked_strength("can i take ibuprofen 3 times a day", "ibuprofen") is None
    result = answer_question("can i get motrin 800 over the counter")
    assert result.answer.sentences[0].text.startswith("No. Ibuprofen 800 mg needs a prescription")
    dosing = answer_question("can i take ibuprofen 3 times a day over the counter")
    assert "is sold" not in dosing.answer.sentences[0].text


def test_what_is_the_difference_is_not_answered_with_a_yes():
    result = answer_question("difference between tylenol and advil?")
    lead = _first(result).text
    assert lead.startswith("Tylenol is acetaminophen; Advil is ibuprofen")
    yes_no = answer_question("is there a difference between tylenol and advil")
    assert _first(yes_no).text.startswith("Yes. Tylenol is acetaminophen")


def test_each_alternative_is_paired_with_the_medicine_named_outside_the_choice():
    result = answer_question("can I take ibuprofen or tylenol with lisinopril?")
    texts = [s.text for s in result.answer.sentences]
    # ibuprofen with lisinopril: the lisinopril label's NSAID warning leads, said as a careful yes
    assert texts[0].startswith("Yes, but with care:") and "ibuprofen" in texts[0] and "lisinopril" in texts[0]
    assert not any("ibuprofen or acetaminophen or lisinopril" in t for t in texts)
    silent = [s for s in result.answer.sentences if s.role == "absence"]
    # acetaminophen with lisinopril: no loaded label names the pair, said once, about that pair only
    assert len(silent) == 1 and "taking acetaminophen with lisinopril" in silent[0].text


def test_alternatives_no_label_speaks_about_share_one_absence_sentence():
    result = answer_question("can i take zyrtec or claritin with sertraline")
    lead = _first(result)
    assert lead.role == "absence"
    assert "taking cetirizine or loratadine with sertraline" in lead.text
    assert {c.set_id for c in lead.citations} >= {
        c.set_id for s in result.answer.sentences for c in s.citations if c.source == "fda_label"
    }


def test_a_jumbled_compiled_list_of_uses_is_said_once_as_a_list():
    from rxanswers.answers.evidence.facts import _jumbled, _listed_uses

    text = (
        "Generalized anxiety disorder (GAD) Major depressive disorder (MDD) Brand CR is indicated in adults for "
        "the treatment of: Panic disorder (PD) BRAND is indicated in adults for the treatment of: Major "
        "depressive disorder (MDD)"
    )
    assert _jumbled(text)
    assert _listed_uses(text) == [
        "generalized anxiety disorder (GAD)",
        "major depressive disorder (MDD)",
        "panic disorder (PD)",
    ]
    assert not _jumbled(
        "Ambrisentan tablets are indicated for the treatment of pulmonary arterial hypertension (PAH)."
    )


def test_three_medicines_are_read_as_the_pairs_asked():
    # "A with B and C": A with each; every pair no loaded label names said once, naming only loaded labels
    result = answer_question("can I take tylenol with ibuprofen and lisinopril")
    lead = _first(result)
    assert lead.role == "absence"
    assert "taking acetaminophen with ibuprofen or lisinopril" in lead.text
    together = answer_question("is it ok to take zyrtec, flonase and sudafed together")
    text = _first(together).text
    assert text.startswith(
        "The label does not say: the FDA label text loaded for cetirizine does not mention"
    )


def test_one_medicine_whose_brands_share_no_form_says_how_the_products_differ():
    result = answer_question("is sarafem the same as prozac")
    texts = [s.text for s in result.answer.sentences]
    assert texts[0] == "Yes. Sarafem and Prozac are names of the same medicine, fluoxetine."
    assert texts[1].startswith("The products differ: FDA product listings give Sarafem as tablet (oral)")
    # brands sold in a common form: nothing more to say
    assert len(answer_question("is advil the same as motrin").answer.sentences) == 1


def test_a_brand_answered_from_another_brands_label_says_so():
    """ "Botox": the only botulinum toxin type A label loaded is DAXXIFY's, a different product."""
    result = answer_question("what is botox used for")
    first = result.answer.sentences[0]
    assert first.role == "coverage" and first.text.startswith("No label of BOTOX itself is loaded here")
    assert "DAXXIFY's, another product containing" in first.text
    # no verdict is drawn from another brand's label: Wegovy is not labelled for diabetes as OZEMPIC is
    wegovy = [s.text for s in answer_question("does wegovy treat diabetes").answer.sentences]
    assert wegovy[0].startswith("No label of Wegovy itself") and not any(t.startswith("Yes") for t in wegovy)
    generic_label = answer_question(
        "what is glucophage used for"
    )  # a generic metformin label: no such notice
    assert not any(n.startswith("The label quoted is") for n in generic_label.answer.notices)


def test_another_routes_label_says_so_only_for_a_route_named_beside_the_medicine():
    result = answer_question("can I use ketoconazole cream on my face")
    first = result.answer.sentences[0]
    assert first.role == "coverage" and first.text.startswith(
        "No label of ketoconazole for the skin is loaded here: the label quoted is for ketoconazole taken by mouth"
    )
    # no verdict drawn from the tablets' label about the cream
    assert not any(
        s.text.startswith(("Yes", "No:", "The label does not say")) for s in result.answer.sentences
    )
    story = answer_question("I put a cream on my rash and I also take lisinopril, what are its side effects")
    assert not story.answer.sentences[0].text.startswith("No label of")
    assert not any(n.startswith("The label quoted is for") for n in story.answer.notices)


def test_a_brand_against_its_generic_is_the_same_medicine_by_fdas_equivalence_rating():
    same = answer_question("is diflucan the same as the generic").answer.sentences
    assert same[0].text.startswith("Yes, the same medicine: Diflucan is a brand of fluconazole")
    assert same[0].citations and "ANDA" in same[1].text
    better = answer_question("is brand name lipitor better than the generic").answer.sentences[0]
    assert better.text.startswith("No: Lipitor is a brand of atorvastatin")
    # several codes on one product are listed once each, grouped by what they mean
    codes = answer_question("generic vs brand synthroid").answer.sentences[2].text
    assert codes.count("FDA rates it therapeutically equivalent") == 1


def test_no_absence_is_drawn_from_another_routes_label_even_when_nothing_else_is_left():
    sentences = answer_question("can I use paclitaxel cream for lichen planus").answer.sentences
    assert sentences[0].role == "coverage" and "for the skin" in sentences[0].text
    assert not any(s.role == "absence" for s in sentences)


@pytest.mark.parametrize("question", ["testosterone over counter?", "cephalexin otc?"])
def test_a_name_with_over_the_counter_alone_asks_how_it_is_sold(question):
    assert " needs a prescription: every marketed product" in _first(answer_question(question)).text
    assert _first(answer_question(question)).text.startswith("No. ")


def test_habit_forming_without_label_text_says_so_then_gives_the_dea_schedule():
    result = answer_question("is klonopin habit forming")
    assert _first(result).text == (
        "The FDA label text for clonazepam is not loaded here, so this answer cannot say what its label says "
        "about abuse, addiction and dependence."
    )
    assert result.answer.sentences[1].text == "Clonazepam is a controlled substance: DEA schedule CIV."
    assert _sources(result.answer.sentences[1]) <= {"drugsatfda", "ndc"}
    unscheduled = answer_question("is buspirone addictive")
    assert (
        "No marketed buspirone product is listed with a DEA schedule" in unscheduled.answer.sentences[1].text
    )


def test_is_x_a_y_where_y_names_its_class_or_an_ingredient_is_a_yes():
    assert _first(answer_question("is amoxicillin a penicillin")).text == (
        "Yes. Amoxicillin belongs to the FDA pharmacologic class Penicillin-class Antibacterial."
    )
    assert _first(answer_question("is norco a hydrocodone")).text.startswith(
        "Yes. Norco contains hydrocodone"
    )
    assert _first(answer_question("is keflex a penicillin")).text.startswith("No. Keflex is cephalexin")


def test_a_kind_with_a_relative_clause_is_answered_about_the_clause():
    result = answer_question("is prednisone a steroid that causes weight gain")
    assert _first(result).text.startswith("Yes: the prednisone label lists weight gain")


def test_a_label_without_a_route_takes_the_route_of_the_products_of_its_brand():
    # the bundled lidocaine labels are extracts titled by brand ("Lidocaine Hydrochloride and Dextrose") with no
    # route field and no section saying their form; the NDC products of that brand are all infusions
    result = answer_question("can I go in the pool while wearing the lidocaine patch?")
    first = result.answer.sentences[0]
    assert first.role in ("coverage", "absence") and first.text.startswith(
        "No label of lidocaine for the skin is loaded here: the label quoted is for lidocaine given by injection"
    )
    injection = answer_question("what are the side effects of lidocaine injection")
    assert not injection.answer.sentences[0].text.startswith("No label of")


def test_what_schedule_on_a_label_silent_about_it_is_answered_from_the_product_listings():
    """ "What schedule is gabapentin": its loaded label is silent; the NDC / Drugs@FDA listings carry no DEA
    schedule for it, which leads; a yes/no ("is metformin addictive") opens with the label's silence."""
    from rxanswers.answers.pipeline import answer_question

    first, second = answer_question("what schedule drug is gabapentin").answer.sentences[:2]
    assert first.text.startswith("No marketed gabapentin product is listed with a DEA schedule")
    assert first.citations[0].source in {"ndc", "drugsatfda"} and second.role == "absence"
    yes_no = answer_question("is metformin addictive").answer.sentences
    assert yes_no[0].text.startswith("The label does not say") and "DEA schedule" in yes_no[1].text
