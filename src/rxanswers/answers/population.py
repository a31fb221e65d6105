"""Who a medication question is about ("my 4 year old", "adult dose", "elderly"), and how well a dose or
usage sentence of a label fits that person (age brackets such as "children 6 to under 12 years")."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Population:
    """Who the question is about, when it says: ``group`` child / adult / older, ``age`` in years."""

    group: str
    age: float | None = None


_AGE = re.compile(
    r"\b(\d{1,2}(?:\.\d)?)\s*-?\s*(years?|yrs?|yr|y/?o|months?|mos?|mths?|weeks?|wks?)(?:\s*-?\s*old)?\b",
    re.I,
)
_CHILD_WORDS = re.compile(
    r"\b(child|children|childrens|child's|children's|kids?|toddlers?|bab(?:y|ies)|infants?|infants'|newborns?|"
    r"pediatric|paediatric|grandchild|grandson|granddaughter|junior)\b",
    re.I,
)
_OLDER_WORDS = re.compile(
    r"\b(elderly|seniors?|geriatric|older (?:adults?|people|persons?|patients?))\b", re.I
)
_ADULT_WORDS = re.compile(r"\b(adults?|grown[- ]ups?)\b", re.I)


def population_of(question: str) -> Population | None:
    """ "how much tylenol for my 4 year old" -> child, 4; "adult dose of amoxicillin" -> adult."""
    age = None
    for m in _AGE.finditer(question):
        unit = m.group(2).lower()
        following = question[m.end() : m.end() + 12].lower()
        # "2 years old", "a 4 yr old", "18 months": an age, not "for 2 weeks" of treatment
        if not re.search(r"old|y/?o", m.group(0), re.I) and not re.match(r"\s*(?:old|of age)\b", following):
            if not re.search(r"\b(?:my|a|an|our|his|her|aged?)\s+$", question[: m.start()].lower()):
                continue
        value = float(m.group(1))
        age = value if unit.startswith("y") else value / 12 if unit.startswith("m") else value / 52
        break
    if age is not None:
        return Population("older" if age >= 65 else "adult" if age >= 18 else "child", age)
    if _CHILD_WORDS.search(question):
        return Population("child")
    if _OLDER_WORDS.search(question):
        return Population("older")
    if _ADULT_WORDS.search(question):
        return Population("adult")
    return None


_OPEN_END = 200.0
_AGE_BRACKETS: list[tuple[re.Pattern[str], object]] = [
    (
        re.compile(r"\b(?:adults and )?children (\d+) years(?: of age)? and (?:over|older)", re.I),
        lambda m: (float(m.group(1)), _OPEN_END),
    ),
    (
        re.compile(r"\b(\d+) years(?: of age)? (?:and|or) (?:over|older)", re.I),
        lambda m: (float(m.group(1)), _OPEN_END),
    ),
    (
        re.compile(
            r"\b(?:children|ages?|aged|patients) (\d+) (?:to|-|through) (under |less than )?(\d+) years", re.I
        ),
        lambda m: (float(m.group(1)), float(m.group(3)) + (0 if m.group(2) else 1)),
    ),
    (
        re.compile(r"(?<!to )(?<!- )\b(?:under|younger than|less than) (\d+) years", re.I),
        lambda m: (0.0, float(m.group(1))),
    ),
    (
        re.compile(r"\b(\d+) (?:to|-) (\d+) years(?: of age)?", re.I),
        lambda m: (float(m.group(1)), float(m.group(2)) + 1),
    ),
]
_CHILD_MENTION = re.compile(
    r"\b(pediatric|children|child|infants?|neonates?|newborns?|adolescents?|kids?)\b", re.I
)
_ADULT_MENTION = re.compile(r"\badults?\b", re.I)
_OLDER_MENTION = re.compile(r"\b(geriatric|elderly|older (?:adults?|patients?)|65 years)\b", re.I)


def population_fit(sentence: str, population: Population) -> float:
    """Score adjustment for a dose/usage sentence by whether it speaks of the asker's age group."""
    brackets = []
    for pattern, to_range in _AGE_BRACKETS:
        for m in pattern.finditer(sentence):
            brackets.append(to_range(m))
    child = bool(_CHILD_MENTION.search(sentence))
    adult = bool(_ADULT_MENTION.search(sentence))
    if population.age is not None and brackets:
        return 4.0 if any(lo <= population.age < hi for lo, hi in brackets) else -9.0
    if population.group == "child":
        if child or any(lo < 12 for lo, _ in brackets):
            return 3.0
        return -3.0 if adult else 0.0
    if population.group == "older" and _OLDER_MENTION.search(sentence):
        return 3.0
    if child and not adult and not any(hi >= _OPEN_END for _, hi in brackets):
        return -4.0  # a children's dose does not answer an adult's question
    return 1.0 if adult else 0.0
