"""How a label sentence speaks of another medicine by its kind ("antibiotics", "diuretics"), and when a stated
fact about a pair answers "can I take them together" (an effect stated: with care; only studies that found no
effect: the label does not say to avoid it): the rules the interaction composer applies to the sentences it
finds."""

from __future__ import annotations

import re

from rxanswers.answers import selectors
from rxanswers.answers.evidence import mentions
from rxanswers.answers.evidence.facts import other_kinds_before
from rxanswers.answers.evidence.pairs import states_about

USE_SECTION_KEYS = frozenset({"indications_and_usage", "purpose", "uses"})


_APPOSITIVE = re.compile(r"\b([A-Za-z][\w-]{3,}),\s+(?:an?|the)\s+(?:[\w-]+\s+)?$")


def only_as_another_kind(text: str, names: list[str], by_class: frozenset[str]) -> bool:
    """Every mention of the other medicine is its kind word said of others of the kind: made another class
    ("thiazide diuretics", "macrolide antibiotics" for doxycycline), a part ("certain antibiotics"), or named
    members it is not among ("antibacterial agents (clarithromycin and amoxicillin)")."""
    kinds = {n for n in names if n in by_class}
    if not kinds:
        return False
    qualified = other_kinds_before(by_class)
    found = [(n, m) for n in names for m in mentions.word_pattern(n).finditer(text)]

    def said_of_others(n: str, m: re.Match) -> bool:
        if n not in kinds:
            return False
        before = text[max(0, m.start() - 40) : m.start()]
        if _SUBSET.search(before) or _NOT_A_MEDICINE_AFTER.match(text, m.end()):
            return True
        said_of = _APPOSITIVE.search(before)  # "Trazodone, an antidepressant, is ...": the kind of that one
        if said_of and not any(p.search(said_of.group(1)) for p in mentions.patterns(names)):
            if selectors.name_index().recognise(said_of.group(1)).drugs:
                return True
        if any(
            re.search(r"\b" + re.escape(q).replace(r"\-", "[- ]") + r"\s+$", before, re.I)
            for q in qualified.get(n, ())
        ):
            return True
        listed = _MEMBERS_LISTED.match(text, m.end()) or _OF_THE_TYPE.match(text, m.end())
        if listed is None or any(p.search(listed.group(1)) for p in mentions.patterns(names)):
            return False  # no list, or one naming it or its kind ("drugs (NSAIDs)")
        return bool(selectors.name_index().recognise(listed.group(1)).drugs)

    # a heading ("Calcium Channel Blockers: ... those of the verapamil and diltiazem type") says what follows is
    # about the kind; what follows says which of it
    body = [(n, m) for n, m in found if not (m.start() <= 2 and text[m.end() : m.end() + 1] == ":")]
    return bool(found) and all(said_of_others(n, m) for n, m in body or found)


# "can I take", "is it safe to have": asked whether it may be done (not "do I have to stop eating spinach")
_MAY_I_TAKE = re.compile(
    r"\b(?:can|could|may) (?:i|he|she|we|you|they|my \w+|a person|someone|one) (?:\w+ )?"
    r"(?:take|use|have|drink|eat|mix|combine|give)\b|\b(?:is|was) it (?:ok|okay|safe|fine|alright|all right) to\b|"
    r"\b(?:ok|okay|safe|fine|alright) to (?:take|use|have|drink|eat|mix|combine)\b",
    re.I,
)
_ABOUT_OTHER_MEDICINES = frozenset(
    {"drug_interactions", "precautions"}
)  # where a stated effect is one of a pair
# "had no impact", "did not potentiate", "no evidence of": a fact stated with any of these is never read as an effect
_ANY_NEGATION = re.compile(r"\b(?:no|not|without|neither|nor|unchanged|unaffected|similar)\b|n't\b", re.I)
_SWITCHING = re.compile(
    r"\b(?:transition\w*|switch\w*|convert\w*|chang\w* (?:from|over))\b", re.I
)  # one after the other
_OF_THE_TYPE = re.compile(
    r"\s+of the ([\w ,-]{3,60}?) types?\b", re.I
)  # "of the verapamil and diltiazem type"
_NOT_A_MEDICINE_AFTER = re.compile(r"\s+(?:effects?|activity|actions?|propert(?:y|ies)|response)\b", re.I)
_SUBSET = re.compile(r"\b(?:certain|specific|some|selected)\s+$", re.I)
# "antibacterial agents (clarithromycin and amoxicillin)": the members meant, not examples ("e.g.", "such as")
_MEMBERS_LISTED = re.compile(
    r"(?:\s+(?:agents?|drugs?|medicines?|medications?))?\s*"
    r"\((?!e\.g\.|eg\b|such as|including|for example|but not|except|not\b|other than)([^)]{3,120})\)",
    re.I,
)


def stated_effect(asking: str, passage) -> bool:
    """A sentence stating an effect of the pair ("macrolide antibiotics ... decrease steroid clearance") answers
    "can I take them together" with care: asked whether it may be done, in the drug interactions or precautions
    section, an effect and no "no effect", no switch from one to the other."""
    return (
        bool(_MAY_I_TAKE.search(asking))
        and passage.section in _ABOUT_OTHER_MEDICINES
        and states_about(passage.text, (0, 0))
        and not _ANY_NEGATION.search(passage.text)
        and not _SWITCHING.search(passage.text)
    )


# "had no significant effect on", "were not potentiated by", "did not alter": a study that found no effect
_NO_EFFECT = re.compile(
    r"\b(?:had|has|have|showed|produced|caused|with) no (?:\w+ ){0,3}?(?:effects?|changes?|impact|influence|"
    r"differences?|interactions?)\b|"
    r"\b(?:was|were|is|are) not (?:\w+ )?(?:potentiated|affected|altered|changed|increased|decreased|influenced)\b|"
    r"\bdid not (?:\w+ )?(?:alter|affect|change|potentiate|increase|decrease|influence|interact)\b",
    re.I,
)
# what a sentence may not say beside it: an effect after all ("did not alter Cmax but increased AUC by 30%")
_SOME_EFFECT = re.compile(
    r"\b(?:but|however|whereas|although|except)\b|\b(?:increas|decreas|reduc|rais|potentiat|inhibit|prolong|"
    r"elevat|lower|avoid|caution|monitor|contraindicat)\w*",
    re.I,
)


def no_effect_found(asking: str, passages) -> bool:
    """Every sentence of a label that speaks of the pair reports a study that found no effect ("grapefruit juice
    ... had no significant effect on the pharmacokinetics of amlodipine"), asked whether it may be done: the label
    does not say to avoid it, and the opening says so (``stated_effect`` is the opposite case)."""
    return (
        bool(passages)
        and bool(_MAY_I_TAKE.search(asking))
        and all(
            _NO_EFFECT.search(p.text) and not _SOME_EFFECT.search(_NO_EFFECT.sub(" ", p.text))
            for p in passages
        )
    )


NO_EFFECT_NOTE = (
    "A study that found no effect does not make a combination safe for everyone: ask your pharmacist."
)


def no_effect_opening(asking: str, passages, drug: str, other: str) -> str | None:
    """The opening when the label's only sentences on the pair report studies that found no effect."""
    if not no_effect_found(asking, passages):
        return None
    return (
        f"The label does not say to avoid {other}: the {drug} label reports a study in which taking the two "
        "together showed no effect."
    )
