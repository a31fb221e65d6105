"""How a label sentence bears on a yes/no question: it rules the thing out (``no``), says to weigh benefits against risks (``depends``), asks for a health
professional first (``ask``), reports serious harm (``harm``), allows it with care or monitoring
(``caution``), or states a fact (``fact``).
The patterns are a data file (``resources/polarity.json``), validated when loaded."""

from __future__ import annotations

import functools
import re

from rxanswers.answers.resources import ResourceError, load

KINDS = ("no", "depends", "ask", "harm", "caution")


@functools.cache
def _patterns() -> dict[str, list[re.Pattern[str]]]:
    data = load("polarity.json")
    out = {}
    for kind in KINDS:
        items = data.get(kind)
        if not isinstance(items, list) or not items:
            raise ResourceError(f"polarity.json: '{kind}' must be a non-empty list of patterns")
        try:
            out[kind] = [re.compile(p, re.I) for p in items]
        except re.error as exc:
            raise ResourceError(f"polarity.json: a '{kind}' pattern does not compile ({exc})") from exc
    return out


def polarity(sentence: str) -> str:
    """``no``, ``depends``, ``ask``, ``harm``, ``caution`` or ``fact``."""
    for kind, patterns in _patterns().items():
        if any(p.search(sentence) for p in patterns):
            return kind
    return "fact"
