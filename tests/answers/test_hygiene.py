"""The hygiene check (answers/hygiene.py): what counts as a defect in a quoted sentence. Sentences written for
the test in the style of label text."""

from __future__ import annotations

import pytest

from rxanswers.answers.hygiene import defects


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Of Albuterol Sulfate may be associated with the following: bronchospasm.", "fragment start"),
        ("Of Ibuprofen may blunt the effect of diuretics.", "fragment start"),
        ("Of Tramadol Extended-Release Tablets The initial dose is 100 mg once daily.", "fragment start"),
        ("and the dose should be reduced.", "fragment start"),
        ("Lactic acidosis has been reported (5.1) in patients with renal impairment.", "section number"),
        ("Hypoglycemia may occur [see Warnings and Precautions (5.3)].", "cross-reference"),
        ("Adverse reactions include the following:", "dangling list intro"),
        ("Warfarin: Increased INR Digoxin: Increased levels Lithium: Toxicity", "flattened table"),
    ],
)
def test_defects_found(sentence, kind):
    assert kind in defects(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Of 56 patients treated, 3 had a rash.",
        "Of the patients treated with metformin, few reported nausea.",
        "Take metformin with meals to reduce stomach upset.",
    ],
)
def test_clean_sentences_pass(sentence):
    assert defects(sentence) == []


def test_a_heading_tail_glued_to_a_sentence_is_cut_off():
    from rxanswers.answers.evidence.sentences import _mend

    glued = "Of Tramadol Extended-Release Tablets The initial dose is 100 mg once daily."
    assert _mend(glued) == "The initial dose is 100 mg once daily."
    assert _mend("Of Albuterol Sulfate may cause x.") == "Of Albuterol Sulfate may cause x."  # not mendable


def test_a_drug_facts_heading_before_a_capital_is_cut_but_never_the_imperative_use():
    from rxanswers.answers.evidence.sentences import quotable_sentences

    assert quotable_sentences("Purpose Pain reliever/fever reducer.") == ["Pain reliever/fever reducer."]
    assert quotable_sentences("Uses Temporarily relieves minor aches and pains.")[0].startswith("Temporarily")
    kept = "Use Xylocaine with caution in patients with severe shock."
    assert quotable_sentences(kept)[0].startswith("Use Xylocaine")


def test_a_title_case_heading_glued_before_the_medicines_name_is_cut_but_never_an_order():
    from rxanswers.answers.evidence.sentences import without_heading_before as cut

    assert cut(
        "Hypertension Acebutolol HCl capsules are indicated for hypertension.", ["acebutolol"]
    ).startswith("Acebutolol HCl capsules are indicated")
    assert cut("Use Warfarin sodium tablets have no direct effect on a thrombus.", ["warfarin"]).startswith(
        "Warfarin"
    )
    for kept, names in (
        ("Take Lisinopril once a day with water.", ["lisinopril"]),  # an order, not a heading
        ("Use Xylocaine with caution in patients who are in shock.", ["xylocaine"]),
        ("In Patients Receiving Lisinopril the dose is lower.", ["lisinopril"]),
        ("Children's Motrin is indicated for fever.", ["Children's Motrin", "Motrin"]),  # the name itself
    ):
        assert cut(kept, names) == kept


def test_a_footnote_mark_is_not_quoted_but_a_count_is():
    from rxanswers.answers.evidence.sentences import quotable_sentences

    text = (
        "Treatment of adults with relapsed lymphoma. 1 This indication is approved under accelerated approval "
        "based on tumor response rate. 2 Single-Use Prefilled Pens are in each carton."
    )
    sentences = quotable_sentences(text)
    assert "This indication is approved under accelerated approval based on tumor response rate." in sentences
    assert any(s.startswith("2 Single-Use Prefilled Pens") for s in sentences)


def test_a_usage_or_limitations_of_use_heading_and_a_doubled_stop_are_not_quoted():
    from rxanswers.answers.evidence.sentences import quotable_sentences

    usage = quotable_sentences(
        "Sinusitis ( 1.11 ) Usage To reduce the development of drug-resistant bacteria, it should be used only to "
        "treat infections caused by bacteria [see Clinical Studies (14)]."
    )
    assert usage == [
        "To reduce the development of drug-resistant bacteria, it should be used only to treat infections caused "
        "by bacteria."
    ]
    limits = quotable_sentences(
        "(1.8) Limitations of Use To reduce the development of drug-resistant bacteria, use it."
    )
    assert limits[0].startswith("To reduce the development")
    assert quotable_sentences("Limitations of Use: Not for acute bronchospasm.") == [
        "Limitations of Use: Not for acute bronchospasm."
    ]


def test_a_text_stored_cut_inside_a_bracket_ends_where_the_bracket_opened_marked_as_cut():
    from rxanswers.answers.evidence.sentences import quotable_sentences
    from rxanswers.answers.hygiene import defects

    assert "cut inside brackets" in defects("It is used for infections due to Staphylococcus aureus (S.")
    assert not defects("It is used for infections due to Staphylococcus aureus (S. aureus).")
    assert quotable_sentences(
        "It is indicated for impetigo due to susceptible isolates of Staphylococcus aureus (S."
    ) == ["It is indicated for impetigo due to susceptible isolates of Staphylococcus aureus …"]


def test_an_interaction_tables_row_label_is_cut_from_the_sentence_it_heads():
    from rxanswers.answers.evidence.sentences import without_table_row_label

    assert without_table_row_label("Intervention: Avoid grapefruit juice.") == "Avoid grapefruit juice."
    assert (
        without_table_row_label("Clinical Impact: Alcohol may raise levels.") == "Alcohol may raise levels."
    )
    assert without_table_row_label("Examples: butorphanol, nalbuphine") == "Examples: butorphanol, nalbuphine"
    assert without_table_row_label("The Intervention: is rare.") == "The Intervention: is rare."


def test_a_drug_facts_warning_heading_and_its_bullets_read_as_one_list_sentence():
    from rxanswers.answers.evidence.sentences import quotable_sentences

    text = (
        "Ask a doctor before use if you have glaucoma. When using this product • you may get drowsy • avoid "
        "alcoholic drinks • use caution when driving Stop use and ask a doctor if a rash occurs."
    )
    assert quotable_sentences(text) == [
        "Ask a doctor before use if you have glaucoma.",
        "When using this product: you may get drowsy; avoid alcoholic drinks; use caution when driving.",
        "Stop use and ask a doctor if a rash occurs.",
    ]


def test_a_storage_direction_run_into_the_packaging_list_is_its_own_clean_sentence():
    from rxanswers.answers.evidence.sentences import quotable_sentences

    listed = quotable_sentences(
        "Supplied as round tablets: NDC 12345-678-90 Bottles of 30 Store the tablets at 20° to 25°C (68° to 77°F) "
        "in a tight container."
    )
    assert listed[-1] == "Store the tablets at 20° to 25°C (68° to 77°F) in a tight container."
    headed = quotable_sentences(
        "NDC 12345-678-91 in bottles of 100 tablets. Recommended storage Store at 20°C to 25°C (68°F to 77°F); "
        "excursions permitted to 15°C to 30°C (59°F to 86°F)."
    )
    assert (
        headed[-1]
        == "Store at 20°C to 25°C (68°F to 77°F); excursions permitted to 15°C to 30°C (59°F to 86°F)."
    )
