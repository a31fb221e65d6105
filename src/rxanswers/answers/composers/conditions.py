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
        out.append(Condition(name, asked, says))
    return tuple(out)


def asked_condition(question: str) -> Condition | None:
    return next((c for c in conditions() if any(p.search(question) for p in c.asked)), None)


def _says(condition: Condition, text: str) -> str | None:
    for kind in ("either", "yes", "opposite"):  # "with or without food" also contains "with food"
        if any(p.search(text) for p in condition.says[kind]):
            return kind
    return None


def condition_answer(request):
    """ "Should X be taken with food?" / "Can I chew X?" / "Can I keep X out of the fridge?" """
    ctx = request.primary
    condition = asked_condition(request.question)
    if condition is None or ctx is None or ctx.label is None:
        return None
    found = pick(
        request.evidence.ranked(ctx), 1, where=lambda r: _says(condition, r.passage.text) is not None
    )
    if not found:
        return None
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
