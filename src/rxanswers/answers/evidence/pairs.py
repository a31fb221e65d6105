"""Does a label sentence state an interaction between two of the medicines it names?

Used by the interaction checker to put sentences that state an interaction between the two medicines before those
that merely name both, and evaluated on DDI-2013 (``bench/eval_ddi2013.py``). Rules, no training: a sentence
states an interaction between two mentions when it has an interaction cue ("increase", "inhibit", "avoid",
"concomitant use", ...), is not a no-effect statement ("was not altered", "no clinically significant"), and the
two mentions are not items of one list ("such as A, B, or C": A and B do not interact with each other).
Cue lists: ``resources/interaction_levels.json`` ("pair_cues").
"""

from __future__ import annotations

import functools
import re

from rxanswers.answers.resources import ResourceError, load

# what may stand between two items of one list: other mentions, commas, "and", "or", "e.g.", parentheses
_LIST_GLUE = re.compile(
    r"^(?:[\s,;/()\[\]]|\band/or\b|\band\b|\bor\b|\be\.g\.|\bi\.e\.|\bincluding\b|\bsuch as\b|\bnor\b|\betc\b|\.)*$",
    re.I,
)


@functools.cache
def _cues() -> tuple[re.Pattern[str], re.Pattern[str]]:
    file = "interaction_levels.json"
    data = load(file).get("pair_cues")
    if not isinstance(data, dict) or not data.get("interaction") or not data.get("no_effect"):
        raise ResourceError(f"{file}: 'pair_cues' must list 'interaction' and 'no_effect' patterns")
    try:
        return (
            re.compile("|".join(f"(?:{p})" for p in data["interaction"]), re.I),
            re.compile("|".join(f"(?:{p})" for p in data["no_effect"]), re.I),
        )
    except re.error as exc:
        raise ResourceError(f"{file}: a 'pair_cues' pattern does not compile ({exc})") from exc


def _blank(text: str, spans) -> str:
    """The text with the given mentions replaced by spaces (a class name's "inhibitors" is no cue)."""
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


_TOGETHER_BEFORE = re.compile(
    r"\b(?:combin\w*|concomitant\w*|concurrent\w*|co-?administ\w*|coadminist\w*|use|used|therapy|treatment|"
    r"regimens?|administration|both|between)\s+(?:(?:of|with|containing)\s+)?(?:\w+\s+){0,2}$",
    re.I,
)
_TOGETHER_AFTER = re.compile(
    r"\s*(?:\w+\s+){0,2}(?:are |is |were |was )?(?:used |given |taken |administered |ingested )?"
    r"(?:concurrently|together|concomitantly|simultaneously|in combination|combined)\b",
    re.I,
)
MAX_ITEM_WORDS = 4  # words a list item may have besides its mention ("intravenous and oral nitrates")


def same_list(
    text: str, first: tuple[int, int], second: tuple[int, int], others: list[tuple[int, int]]
) -> bool:
    """Are the two mentions (character spans) items of one list: between them only other mentions, list glue
    and short modifiers ("heparin, warfarin, intravenous and oral nitrates"), no interaction cue?"""
    (a0, a1), (b0, b1) = sorted([first, second])
    between = _blank(text, [o for o in others if a1 <= o[0] and o[1] <= b0])[a1:b0]
    if _LIST_GLUE.match(between):
        # "combined use of X and Y", "X and Y used concurrently": a pair joined by "and" that is used together
        return not (_TOGETHER_BEFORE.search(text[max(0, a0 - 40) : a0]) or _TOGETHER_AFTER.match(text[b1:]))
    if "," not in between or _cues()[0].search(between):
        return False
    return all(len(chunk.split()) <= MAX_ITEM_WORDS for chunk in re.split(r"[,;]", between))


def _same_name(a: str, b: str) -> bool:
    a, b = a.lower().rstrip("s"), b.lower().rstrip("s")
    return a == b


def _repeated(text: str, mention: tuple[int, int], others) -> bool:
    """A mention that does not carry the statement: a heading ("Phenytoin: If acitretin is given with
    phenytoin...") or a repeat of a name already mentioned earlier in the sentence."""
    name = text[mention[0] : mention[1]]
    same = [o for o in others if _same_name(text[o[0] : o[1]], name)]
    if mention[0] == 0 and text[mention[1] : mention[1] + 1] == ":" and same:
        return True
    return any(o[0] < mention[0] and not (o[0] == 0 and text[o[1] : o[1] + 1] == ":") for o in same)


def states_interaction(
    text: str, first: tuple[int, int], second: tuple[int, int], others: list[tuple[int, int]] = ()
) -> bool:
    """True when the sentence states that the two mentioned medicines interact (or advises about using them
    together)."""
    if _same_name(text[first[0] : first[1]], text[second[0] : second[1]]):
        return False
    if _repeated(text, first, others) or _repeated(text, second, others):
        return False
    interaction, no_effect = _cues()
    plain = _blank(text, [first, second, *others])
    if no_effect.search(plain) or not interaction.search(plain):
        return False
    return not same_list(text, first, second, list(others))


def states_about(text: str, mention: tuple[int, int]) -> bool:
    """A label sentence naming one other medicine, its own medicine implied ("Avoid use with ketoconazole"):
    does it state an effect or advice rather than no effect?"""
    interaction, no_effect = _cues()
    plain = _blank(text, [mention])
    return not no_effect.search(plain) and bool(interaction.search(plain))
