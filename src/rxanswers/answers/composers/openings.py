"""The first words of an answer: what kind of yes/no question it is, and how a cited sentence answers it.

A permission question ("can I take X with Y", "is it safe to ...") is answered by what the label allows; an
existence question ("does X affect Y", "is that dangerous", "can X cause Y") by whether the label says so. The
wording of each opening states only what its cited sentence says.
"""

from __future__ import annotations

import re

_EXISTENCE = re.compile(
    r"\b(?:dangerous|harmful|risky|interact\w*|affect\w*|interfer\w*|cancel\w*|weaken\w*|"
    r"(?:is|are|was|were|it's|that's|be) (?:\w+ )?bad\b|bad (?:for|to|idea)|"
    r"(?:make|makes|stop|stops) (?:\w+ ){0,3}(?:not work|working|less effective)|not work)\b",
    re.I,
)
_PERMISSION = re.compile(
    r"\b(?:can|could|may|should|shall|do|must) (?:i|he|she|we|you|they|my \w+|a person|someone|one)\b|"
    r"\b(?:is|was) it (?:ok|okay|safe|fine|alright|all right)\b|\b(?:ok|okay|safe|fine|alright) to\b|"
    r"\bis (?:that|this) (?:ok|okay|safe|fine|alright)\b|\btogether\b|"
    r"\b(?:am|is|are) (?:i|he|she|we|they|it) allowed\b|\ballowed to (?:take|use|have|give)\b",
    re.I,
)


_SPACED = re.compile(
    r"\b(?:at least |about |approximately )?\d+(?:\.\d+)? (?:to \d+ )?hours? (?:before|after|apart)\b|"
    r"\b(?:separate|space|stagger)(?:d)? (?:the )?(?:doses|dosing|administration)\b|\bnot at the same time\b",
    re.I,
)


def spaced(sentence: str) -> bool:
    """The sentence says to take the two some hours apart, unless it rules the combination out."""
    return bool(_SPACED.search(sentence)) and not re.search(r"\bcontraindicated\b|\bavoid\b", sentence, re.I)


_SEVERITY = re.compile(
    r"\bhow (?:bad|dangerous|serious|risky|harmful|unsafe|much (?:of a )?(?:risk|danger))\b", re.I
)


def question_kind(question: str) -> str:
    """``severity`` (how bad is it), ``existence`` (does the label say it happens), ``permission`` (may I) or
    ``open``."""
    if _SEVERITY.search(question):
        return "severity"
    if _EXISTENCE.search(question):
        return "existence"
    if _PERMISSION.search(question):
        return "permission"
    return "open"


def combination(kind: str, polarity: str, drug: str, other: str) -> str | None:
    """The opening for what ``drug``'s label says about taking it with ``other``; None: lead with the quote."""
    if kind == "existence":
        if polarity == "fact":
            return f"Yes: the {drug} label says {other} can interact with it."
        return {
            "no": f"Yes: the {drug} label advises against taking it with {other}.",
            "ask": f"Yes: the {drug} label says to ask a doctor or pharmacist before taking it with {other}.",
            "harm": f"Yes: the {drug} label warns that taking it with {other} can cause serious harm.",
            "caution": f"Yes: the {drug} label warns about taking it with {other}.",
            "depends": f"Yes: the {drug} label says the benefits of taking it with {other} must be weighed against "
            "the risks.",
        }[polarity]
    if kind == "severity":  # "how dangerous is it": what the label says, without a yes or a no
        return {
            "no": f"The {drug} label advises against taking it with {other}.",
            "ask": f"The {drug} label says to ask a doctor or pharmacist before taking it with {other}.",
            "harm": f"The {drug} label warns that taking it with {other} can cause serious harm.",
            "caution": f"The {drug} label warns about taking it with {other}.",
            "depends": f"The {drug} label says to weigh the benefits of taking it with {other} against the risks.",
            "fact": f"The {drug} label says {other} can interact with it.",
        }[polarity]
    if kind == "permission":
        return {
            "no": f"No: the {drug} label advises against taking it with {other}.",
            "ask": f"No, not without asking a doctor or pharmacist first: the {drug} label says to ask before "
            f"taking it with {other}.",
            "harm": f"No, not unless your doctor decides it is needed: the {drug} label warns that taking it with "
            f"{other} can cause serious harm.",
            "caution": f"Yes, but with care: the {drug} label warns about taking it with {other}.",
            "depends": f"It depends: the {drug} label says to weigh the benefits of taking it with {other} against "
            "the risks.",
            "fact": None,
        }[polarity]
    return None


def general(kind: str, polarity: str, drug: str) -> str | None:
    """The opening for a yes/no question answered by a label sentence that is not about a combination."""
    if polarity == "fact" or kind == "severity":
        return None
    if kind == "existence" and polarity in ("harm", "caution"):
        return f"Yes: the {drug} label warns about this."
    return {
        "no": f"No: the {drug} label advises against this.",
        "ask": "No, not without asking a doctor or pharmacist first.",
        "harm": f"No, not unless your doctor decides it is needed: the {drug} label warns of serious harm.",
        "caution": f"Yes, but with care: the {drug} label has a warning about this.",
        "depends": f"It depends: the {drug} label says to weigh the benefits against the risks.",
    }[polarity]
