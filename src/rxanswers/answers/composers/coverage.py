"""What the label text loaded here leaves out. Many bundled labels are extracts (ten or so sections of a full
label, without How Supplied, Description or the patient information). "The label does not say how to store it"
is honest only when a section where labels say it was loaded and read; when none was, the answer says the label
is only partly loaded here and names the missing part, instead of claiming the label is silent."""

from __future__ import annotations

from rxanswers.answers import citations
from rxanswers.answers.composers.quoting import lead
from rxanswers.answers.resources import FULL_LABEL_SECTIONS, PLAIN_SECTION_TITLES, ROUTE_FAMILIES, WHERE_SAID
from rxanswers.sources.section_keys import section_catalog


def _loaded_keys(indexes) -> set[str]:
    return {key.removesuffix("_table") for index in indexes for key in index.view.sections}


def _title(key: str) -> str:
    if key in PLAIN_SECTION_TITLES:
        return PLAIN_SECTION_TITLES[key]
    kind = section_catalog().by_key.get(key)
    return kind.title if kind is not None else key.replace("_", " ")


def _titles(keys, limit: int = 2) -> str:
    names = [t for t in dict.fromkeys(_title(k) for k in keys) if t != "other"][:limit]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def where_said_missing(indexes, topic: str) -> bool:
    """True when the medicine's labels are loaded but none has a section where labels say ``topic``."""
    return bool(indexes) and not (_loaded_keys(indexes) & set(WHERE_SAID[topic]["sections"]))


def partly_loaded(ctx, indexes, topic: str, cannot: str):
    """ "Only part of the gabapentin label is loaded here, without its How Supplied or patient information
    sections, where labels give storage directions, so this answer cannot say how to store it." — cited to the
    label versions it checked; a coverage statement, not a claim about the label."""
    spec = WHERE_SAID[topic]
    missing = _titles(spec["sections"])
    plural = "sections" if " or " in missing else "section"
    return lead(
        f"Only part of the {ctx.name} label is loaded here, without its {missing} {plural}, where labels "
        f"{spec['says']}, so this answer cannot say {cannot}.",
        citations=[citations.whole_label(index.view) for index in indexes[:3]],
        role="coverage",
    )


def silent_in(ctx, indexes, saying: str, first=(), *, only_first: bool = False) -> str:
    """ "The label does not say: the FDA label text loaded for X <saying>." for a complete label; for an extract
    "The parts of the X label loaded here <saying>; its Adverse Reactions section is not loaded here." """
    missing = not_loaded_part(indexes, first, only_first=only_first)
    if not missing:
        return f"The label does not say: the FDA label text loaded for {ctx.name} {saying}."
    return (
        f"The parts of the {ctx.name} label loaded here {saying.replace('does not', 'do not', 1)}{missing}."
    )


def not_loaded_part(indexes, first=(), *, only_first: bool = False) -> str:
    """ "; its Adverse Reactions and How Supplied sections are not loaded here" when the loaded labels lack
    sections every complete label has (those in ``first``, where the answer would be, named first; with
    ``only_first`` only those), so a "does not mention" is read as being about the parts that were read;
    else ""."""
    loaded = _loaded_keys(indexes)
    wanted = [k for k in first if k in FULL_LABEL_SECTIONS] if only_first else [*first, *FULL_LABEL_SECTIONS]
    missing = [k for k in dict.fromkeys(wanted) if k not in loaded]
    if not indexes or not missing:
        return ""
    names = list(dict.fromkeys(_title(k) for k in missing))[:3]
    if len(names) == 1:
        return f"; its {names[0]} section is not loaded here"
    return f"; its {', '.join(names[:-1])} and {names[-1]} sections are not loaded here"


def another_route(ctx, asked: str, quoted: str):
    """ "No label of ketoconazole for the skin is loaded here: the label quoted is for ketoconazole taken by
    mouth, ..." — the first thing said when the question is about one form and only another's label is here."""
    return lead(
        f"No label of {ctx.name} {ROUTE_FAMILIES[asked]['plain']} is loaded here: the label quoted is for "
        f"{ctx.name} {ROUTE_FAMILIES[quoted]['plain']}, a different product whose uses, doses and warnings can "
        "differ.",
        citations=[citations.whole_label(ctx.label)],
        role="coverage",
    )


def another_brand(ctx, named: str, quoted: str):
    """ "No label of Wegovy itself is loaded here: the label quoted is OZEMPIC's, another product containing
    semaglutide, whose uses, doses and warnings can differ." — said first when the brand asked about is not the
    one whose label speaks."""
    return lead(
        f"No label of {named} itself is loaded here: the label quoted is {quoted}'s, another product containing "
        f"{ctx.name}, whose uses, doses and warnings can differ.",
        citations=[citations.whole_label(ctx.label)],
        role="coverage",
    )
