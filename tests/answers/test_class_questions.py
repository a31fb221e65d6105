"""Questions about a class of medicines, not one, and list questions written as yes/no ones. Bundled real data;
no question here is from a benchmark."""

from __future__ import annotations

import pytest

from rxanswers.answers.pipeline import answer_question

pytestmark = pytest.mark.django_db


def _texts(question: str) -> list[str]:
    return [s.text for s in answer_question(question).answer.sentences]


def _sections(question: str) -> list[str]:
    return [s.citations[0].section if s.citations else "" for s in answer_question(question).answer.sentences]


def test_a_class_question_is_answered_by_the_sentence_its_members_labels_share():
    texts = _texts("what about antibiotics?")
    assert "used only to treat" in texts[0] and "bacteria" in texts[0]
    assert texts[1].startswith("The ") and texts[1].endswith("(antibiotics too) say the same.")
    answer = answer_question("what about antibiotics?").answer
    assert len(answer.sentences[1].citations) >= 1  # every label that says the same is cited
    assert not texts[0].startswith("Antibiotics include")
    # as a yes/no question the same sentences answer "it depends", citing every label that says it
    texts = _texts("do I really need an antibiotic for this?")
    assert texts[0].startswith("It depends: ") and "used only to treat" in texts[1]


def test_members_that_say_different_things_are_each_quoted_by_name():
    texts = _texts("should a statin be taken with food or on an empty stomach?")
    named = [
        t for t in texts if t.split(" (a statin): ")[0] in {"Atorvastatin", "Simvastatin", "Rosuvastatin"}
    ]
    assert len(named) >= 2
    assert any("with or without food" in t for t in named)


def test_a_which_drugs_question_about_a_class_still_gets_its_members():
    assert _texts("what are some statins")[0].startswith("Statins (HMG-CoA reductase inhibitors) include")


def test_a_class_list_for_a_route_names_only_members_sold_for_it():
    from rxanswers.answers import selectors

    nasal = answer_question("which nasal antihistamines are there").answer.sentences
    assert nasal[0].text.startswith("Antihistamines for the nose include")
    assert "azelastine" in " ".join(s.text for s in nasal)
    assert not any(n in s.text for s in nasal for n in ("cetirizine", "hydroxyzine", "fexofenadine"))
    assert any("NASAL" in c.record for s in nasal for c in s.citations)  # the listing that shows the route
    ear = _texts("which antibiotic ear drops are there")
    assert ear[0].startswith("Antibiotics for the ear") and "ofloxacin" in ear[0]
    assert not any("amoxicillin" in t for t in ear)
    shots = _texts("what steroid shots are there")[0]
    assert shots.startswith("Steroids given by injection") and "prednisone" not in shots
    # a route word names the route only when a whole route name matches: INTRAORAL is not ORAL
    routed = selectors.class_members("Corticosteroid", routes=("ORAL",), limit=50)
    assert "prednisone" in {d.name for d in routed} and "clobetasol" not in {d.name for d in routed}


def test_uses_sorted_under_headings_are_said_by_their_headings():
    for question in ("what is prednisone used for", "what is prednisone"):
        lead = _texts(question)[0]
        assert lead.startswith(
            "The prednisone label lists its uses under these headings: endocrine disorders,"
        )
        assert "allergic states" in lead
    assert _sections("what is prednisone used for")[0] == "indications_and_usage"


def test_a_list_question_written_as_yes_no_opens_with_yes():
    texts = _texts("Are there any side effects with metformin?")
    assert texts[0] == "Yes: the metformin label lists side effects."
    assert "most common adverse reactions" in texts[1]
    serious = _texts("does sertraline have any serious side effects")
    assert serious[0] == "Yes: the sertraline label warns of serious side effects."
    assert not _texts("what are the side effects of metformin")[0].startswith("Yes")


def test_sentences_that_differ_in_a_number_do_not_say_the_same():
    from rxanswers.answers.composers.class_labels import _same

    a = "Fluoxetine is indicated for depression in patients 8 to 18 years of age."
    b = "Escitalopram is indicated for depression in patients 12 to 17 years of age."
    c = "Sertraline is indicated for depression in patients 8 to 18 years of age."
    skeleton = "is indicated for depression in patients to years of age"
    assert not _same(skeleton, a, skeleton, b)
    assert _same(skeleton, a, skeleton, c)


def test_a_short_brand_is_the_drug_of_the_products_named_after_it():
    from rxanswers.answers import selectors
    from rxanswers.answers.understanding import understand

    (pepto,) = understand("Can I take Pepto?", selectors.name_index()).drugs
    assert pepto.drug_key == "bismuth subsalicylate"  # Pepto-Bismol, not a calcium carbonate chewable


def test_stopping_something_else_is_no_word_on_stopping_this_medicine():
    from types import SimpleNamespace

    from rxanswers.answers.composers.stopping import says_how_to_stop, stops_something_else

    bupropion = SimpleNamespace(name="bupropion", ref=SimpleNamespace(brands=["Wellbutrin"]))
    other = (
        "It is contraindicated in patients undergoing abrupt discontinuation of alcohol and benzodiazepines."
    )
    assert stops_something_else(other, bupropion) and not says_how_to_stop(other, bupropion)
    own = "Premature discontinuation of any oral anticoagulant, including bupropion, increases the risk."
    assert not stops_something_else(own, bupropion)
    assert says_how_to_stop("Do not stop taking bupropion without talking to your doctor.", bupropion)
    switch = (
        "At least 14 days should be allowed after stopping bupropion before starting an MAOI antidepressant."
    )
    assert not says_how_to_stop(switch, bupropion)


def test_no_taper_said_when_the_only_stopping_sentences_are_about_other_things():
    lead = _texts("Can I stop taking bupropion cold turkey?")[0]
    assert lead.startswith("The label does not say to lower the dose gradually")
    assert _texts("can i stop metoprolol suddenly")[0].startswith("No, not all at once")


def test_stopping_it_and_a_class_it_belongs_to_in_one_sentence_is_about_stopping_it():
    from types import SimpleNamespace

    from rxanswers.answers.composers.stopping import stops_something_else

    jardiance = SimpleNamespace(name="empagliflozin", ref=SimpleNamespace(brands=["Jardiance"]))
    text = (
        "Urinary glucose excretion persists for 3 days after discontinuing JARDIANCE; however, there have been "
        "reports lasting up to 2 weeks after discontinuation of SGLT2 inhibitors."
    )
    assert not stops_something_else(text, jardiance)
    lead = _texts("after my OCD got better can I stop taking sertraline")[0]
    assert lead.startswith("No, not all at once")  # how to stop it, before any other sentence naming stopping


def test_a_class_asked_about_in_pregnancy_gets_each_members_verdict():
    texts = _texts("are antibiotics safe during pregnancy")
    named = [t for t in texts if " (an antibiotic): " in t]
    assert len(named) >= 2
    assert all(t.split(" (an antibiotic): ")[1].startswith(("Yes", "No", "It depends")) for t in named)


def test_a_does_not_that_advises_nothing_is_no_no_in_pregnancy():
    first = _texts("is erythromycin safe during pregnancy")[0]
    assert not first.startswith("No")  # "does not reach the fetus in adequate concentration" advises nothing


def test_a_yes_no_question_about_a_class_opens_with_the_labels_own_limit_on_its_use():
    result = answer_question("Will I need antibiotics?")
    first, second = result.answer.sentences[:2]
    assert first.text.startswith("It depends: the labels of antibiotics such as ")
    assert "should be used only to treat" in first.text and len(first.citations) >= 2
    assert "should be used only to treat" in second.text and second.citations
    # not a yes/no question: the shared sentence, no verdict
    assert not answer_question("what about antibiotics?").answer.sentences[0].text.startswith("It depends")


def test_a_class_named_only_in_the_story_of_a_long_message_is_not_listed():
    story = (
        "Three years ago I hurt my back lifting boxes at work and I was given antibiotics for an infection "
        "after the surgery that followed. Since then I have had a dull ache in my lower back every morning, "
        "worse when it rains, and I sleep badly. I walk every day and I have lost some weight. "
        "What exercises or treatments would you suggest for the ache?"
    )
    result = answer_question(story)
    assert result.answer is None or not any(
        s.text.startswith("Antibiotics include") for s in result.answer.sentences
    )
    if result.answer is None:  # the reason names the kind it saw, not "no medicine named"
        assert "only a kind: antibiotics" in result.abstained
    asked = answer_question("what antibiotics are there")
    assert asked.answer.sentences[0].text.startswith("Antibiotics include")


@pytest.mark.parametrize(
    "question", ["can you drink on antibiotics", "does birth control cause mood swings", "are statins safe?"]
)
def test_a_yes_no_question_about_a_kind_is_not_answered_with_a_list_of_it(question):
    result = answer_question(question)
    assert result.answer is None or " include " not in result.answer.sentences[0].text


def test_a_kind_asked_for_by_route_or_as_an_option_is_still_listed():
    assert _texts("is it possible to get a vaginal antibiotic")[0].startswith("Antibiotics for vaginal use")
    assert _texts("are there any statins")[0].startswith("Statins")


def test_a_label_that_speaks_of_the_medicines_activity_as_a_kind_answers_is_it_one():
    """Dabigatran has no FDA class in the bundled files; its label speaks of "PRADAXA's anticoagulant
    activity", and an anticoagulant is a blood thinner (every FDA class of the one is one of the other's)."""
    for question in ("is dabigatran considered a blood thinner?", "is pradaxa an anticoagulant drug"):
        first = answer_question(question).answer.sentences[0]
        assert first.text.startswith("Yes: the dabigatran label describes its anticoagulant"), question
        assert first.citations[0].section == "warnings_and_cautions"
