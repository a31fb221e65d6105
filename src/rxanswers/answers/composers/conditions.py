"""Yes/no questions about how to take a medicine under a condition: with food or on an empty stomach, at night or
in the morning, chewed or split, in or out of the fridge. The condition is found in the question by a data file
(``resources/usage_conditions.json``); the best-ranked label sentence that speaks to it answers: it says to do it
("Yes"), that it does not matter ("either way": "No" to "does it have to", "Yes" to "can I"), or to do the other
thing ("No"). The opening states only what the quoted sentence says and carries its citation."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rxanswers.answers.composers.quoting import lead, pick, quote
from rxanswers.answers.resources import ResourceError, load

KINDS = ("yes", "either", "opposite")
# "does it have to / must / need to": an obligation; "can / may / is it ok": a permission
_OBLIGATION = re.compile(r"\b(?:have to|has to|need to|needs to|must|required|supposed to|should)\b", re.I)


@dataclass(frozen=True)
class Condition:
    name: str
    asked: tuple[re.Pattern[str], ...]
    says: dict[str, tuple[re.Pattern[str], ...]]
    # "the time of day to take it": said absent when no word of ``absent_words`` is in a loaded label
    absent_topic: str | None = None
    absent_words: tuple[re.Pattern[str], ...] = ()


@functools.cache
def conditions() -> tuple[Condition, ...]:
    data = load("usage_conditions.json")
    table = data.get("conditions")
    if not isinstance(table, dict) or not table:
        raise ResourceError("usage_conditions.json: 'conditions' must be a non-empty object")
    out = []
    for name, spec in table.items():
        try:
            asked = tuple(re.compile(p, re.I) for p in spec["asked"])
            says = {k: tuple(re.compile(p, re.I) for p in spec[k]) for k in KINDS}
            absent = spec.get("absent") or {}
            topic, words = absent.get("topic"), tuple(re.compile(p, re.I) for p in absent.get("words", ()))
        except (KeyError, TypeError) as exc:
            raise ResourceError(
                f"usage_conditions.json: '{name}' needs 'asked', {KINDS} lists ({exc})"
            ) from exc
        except re.error as exc:
            raise ResourceError(
                f"usage_conditions.json: a pattern of '{name}' does not compile ({exc})"
            ) from exc
        if not asked or not says["yes"]:
            raise ResourceError(f"usage_conditions.json: '{name}' needs 'asked' and 'yes' patterns")
        if absent and not (isinstance(topic, str) and topic and words):
            raise ResourceError(f"usage_conditions.json: '{name}': 'absent' needs a 'topic' and 'words'")
        out.append(Condition(name, asked, says, topic, words))
    return tuple(out)


def asked_condition(question: str) -> Condition | None:
    return next((c for c in conditions() if any(p.search(question) for p in c.asked)), None)


def _says(condition: Condition, text: str) -> str | None:
    for kind in ("either", "yes", "opposite"):  # "with or without food" also contains "with food"
        if any(p.search(text) for p in condition.says[kind]):
            return kind
    return None


# sections that report what happened, not how to take it ("reported at any time during that period")
_NOT_HOW_TO_TAKE = frozenset(
    {"adverse_reactions", "adverse_reactions_table", "clinical_studies", "overdosage"}
)
# a sentence giving a direction about taking or keeping it
_DIRECTION = re.compile(
    r"\b(?:take|taken|taking|administer\w*|dos(?:e|ed|ing)|given|swallow\w*|chew\w*|crush\w*|split|store\w*|"
    r"kept|keep|refrigerat\w*|appl(?:y|ied))\b",
    re.I,
)


def condition_answer(request):
    """ "Should X be taken with food?" / "Can I chew X?" / "Can I keep X out of the fridge?" """
    ctx = request.primary
    condition = asked_condition(request.question)
    if condition is None or ctx is None or ctx.label is None:
        return None
    found = pick(
        request.evidence.ranked(ctx),
        1,
        where=lambda r: (
            r.passage.section not in _NOT_HOW_TO_TAKE
            and _DIRECTION.search(r.passage.text) is not None
            and _says(condition, r.passage.text) is not None
        ),
    )
    if not found:
        return _no_direction(request, ctx, condition)
    says = _says(condition, found[0].passage.text)
    quoted = quote(found[0], ctx)
    obligation = bool(_OBLIGATION.search(request.question))
    if says == "either":
        opening = ("No" if obligation else "Yes") + f": the {ctx.name} label says either way is fine."
    elif says == "yes":
        opening = f"Yes: the {ctx.name} label says so."
    elif _IF_CLAUSE.match(found[0].passage.text):  # "If stomach upset occurs, take it with meals"
        opening = f"It depends: the {ctx.name} label says otherwise in some cases."
    else:
        opening = f"No: the {ctx.name} label says otherwise."
    return [lead(opening, [quoted]), quoted], []


# a direction that holds only in some cases: "If gastrointestinal complaints occur, administer with meals"
_IF_CLAUSE = re.compile(r"^(?:if|when|in patients who|for patients who)\b", re.I)


_HOW_OFTEN = re.compile(r"\b(?:once|twice|\w+ times) (?:a |per )?(?:day|daily)\b|\bevery \d+ hours\b", re.I)


def _no_direction(request, ctx, condition: Condition):
    """ "Should I take lisinopril in the morning?" when no loaded label of it has a word about the time of day:
    the label does not say, then how its label says to take it. Only when the label quoted has its dosage
    section; the opening says it is the label text loaded here that was read."""
    from rxanswers.answers import citations

    if condition.absent_topic is None:
        return None
    indexes = request.evidence.all_indexes(ctx)
    if not indexes or "dosage_and_administration" not in ctx.label.sections:
        return None
    for index in indexes:  # every section but those reporting what happened ("sleep problems" in a trial)
        for key, section in index.view.sections.items():
            if key in _NOT_HOW_TO_TAKE:
                continue
            if any(p.search(section.text) for p in condition.absent_words):
                return None
    dosing = [r for r in request.evidence.ranked(ctx) if r.passage.section == "dosage_and_administration"]
    often = [r for r in dosing if _HOW_OFTEN.search(r.passage.text)]  # "5 mg once daily" first
    how = pick(often or dosing, 1)
    text = (
        f"The label does not say: the {ctx.name} label text loaded here gives no direction about "
        f"{condition.absent_topic}."
    )
    checked = lead(text, role="absence", citations=[citations.whole_label(i.view) for i in indexes])
    return [checked, *(quote(r, ctx) for r in how)], []
