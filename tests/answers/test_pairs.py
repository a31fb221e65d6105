"""Does a sentence state an interaction between two medicines it names (``evidence/pairs.py``)?"""

from __future__ import annotations

from rxanswers.answers.evidence.pairs import states_about, states_interaction


def spans(text: str, *names: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for name in names:
        i = text.index(name, start)
        out.append((i, i + len(name)))
        start = i + len(name)
    return out


def test_an_effect_between_two_medicines_is_an_interaction():
    text = "Ketoconazole increases the plasma concentrations of simvastatin."
    a, b = spans(text, "Ketoconazole", "simvastatin")
    assert states_interaction(text, a, b)


def test_no_effect_statements_are_not():
    text = "Pharmacokinetic properties of abacavir were not altered by the addition of lamivudine."
    a, b = spans(text, "abacavir", "lamivudine")
    assert not states_interaction(text, a, b)


def test_items_of_one_list_do_not_interact_with_each_other_but_with_the_subject():
    text = "Drugs such as ketoconazole, itraconazole, and intravenous and oral erythromycin may increase digoxin levels."
    keto, itra, ery, dig = spans(text, "ketoconazole", "itraconazole", "erythromycin", "digoxin")
    others = [keto, itra, ery, dig]
    assert not states_interaction(text, keto, ery, [itra, dig])
    assert states_interaction(text, keto, dig, [s for s in others if s not in (keto, dig)])


def test_a_pair_used_together_is_not_a_list():
    text = "Concurrent therapy with abatacept and TNF antagonists is not recommended."
    a, b = spans(text, "abatacept", "TNF antagonists")
    assert states_interaction(text, a, b)


def test_a_class_name_is_not_a_cue_and_an_implied_subject_counts():
    text = "These medications have included heparin, warfarin, and ACE inhibitors."
    a, b = spans(text, "heparin", "ACE inhibitors")
    assert not states_interaction(text, a, b)
    advice = "Avoid use with strong CYP3A4 inhibitors such as ketoconazole."
    assert states_about(advice, spans(advice, "ketoconazole")[0])
    assert not states_about("No interaction with warfarin was observed.", (20, 28))
