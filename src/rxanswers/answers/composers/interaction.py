"""Interaction questions ("can I take X with Y", "X and alcohol", "what happens if I mix X with a blood
thinner"): what the labels say about that combination, bottom line first.

Both directions are read: X's labels naming Y (by name, brand or class: "NSAIDs", "ACE inhibitors") and Y's
labels naming X. The strongest statement sets the opening: advised against ("No"), only after asking a health
professional ("No, not without ..."), allowed with care or monitoring ("Yes, but with care"). The public interaction lists (VA National Drug
File, ONC) add how much the pair matters, cited to the list; they never explain it. When no loaded label and no
list names the combination, the answer says exactly that, never "no interaction".
"""

from __future__ import annotations

import dataclasses
import re

from rxanswers.answers import selectors
from rxanswers.answers.composers.asked_terms import asking_text
from rxanswers.answers.composers.interaction_lists import (
    LIST_ONLY,
    combination_kind,
    listed_opening,
    listed_pairs,
)
from rxanswers.answers.composers.kind_mentions import (
    NO_EFFECT_NOTE,
    USE_SECTION_KEYS,
    no_effect_opening,
    only_as_another_kind,
    stated_effect,
)
from rxanswers.answers.composers.openings import combination, spaced
from rxanswers.answers.composers.quoting import lead, pick, quote
from rxanswers.answers.evidence import mentions
from rxanswers.answers.evidence.facts import (
    class_terms,
    class_words,
    interaction_terms,
    listed,
    lower_first,
    names_another_medicine,
)
from rxanswers.answers.evidence.polarity import polarity
from rxanswers.answers.evidence.ranking import Query, Ranked
from rxanswers.answers.resources import SUBSTANCE_SYNONYMS
from rxanswers.answers.schemas import Sentence
from rxanswers.core.drugnames import SALT_WORDS

NAMING_SENTENCES_READ = 3  # of the best-ranked sentences naming the other, the strongest verdict leads
NAMING_SENTENCES_WEIGHED = 5  # ... and a "do not" among the next two
STRENGTH = {"no": 4, "ask": 3, "harm": 2, "depends": 1, "caution": 1, "fact": 0}
INTERACTION_SECTIONS = {
    "drug_interactions",
    "contraindications",
    "boxed_warning",
    "warnings_and_cautions",
    "warnings",
    "precautions",
    "do_not_use",
    "ask_doctor_or_pharmacist",
    "ask_doctor",
    "when_using",
    "information_for_patients",
    "spl_medguide",
    "spl_patient_package_insert",
    "dosage_and_administration",
    "clinical_pharmacology",
    "pharmacokinetics",
}


def _targets(request) -> list[tuple[object, str, list[str], frozenset[str]]]:
    """(medicine whose labels are read, what it is read for, the words that name it, those of them that are its
    class and enzyme words: "antihistamines", "CYP3A4 inhibitors")."""
    ev = request.evidence
    pairs = []
    for a in [request.primary, *request.others][:2]:
        for b in [request.primary, *request.others][:2]:
            if a is b or a.label is None:
                continue
            by_class = [t.lower() for t in interaction_terms(b.drug)]
            names = [b.name, b.ref.matched, *b.ref.brands[:6], *by_class]
            names += SUBSTANCE_SYNONYMS.get(b.drug.key if b.drug is not None else b.name.lower(), [])
            pairs.append(
                (a, b.name, sorted({n.lower() for n in names if n and len(n) > 2}), frozenset(by_class))
            )
    if not request.others and request.primary.label is not None:
        if ev.substance:
            forms = SUBSTANCE_SYNONYMS.get(ev.substance, [ev.substance])
            pairs.append((request.primary, ev.substance, forms, frozenset()))
        elif request.understanding.classes:
            cls = request.understanding.classes[0]
            pairs.append((request.primary, cls.name + "s", class_words(cls), frozenset()))
    return pairs


_ENZYME_TERM = re.compile(r"^(?:cyp|p-gp|pgp|p-glycoprotein|cytochrome)")


def _only_by_qualified_enzyme_class(text: str, names: list[str]) -> bool:
    """The sentence names the other medicine only as "strong CYP3A4 inhibitors" (or moderate, weak): whether
    it is one that strong is not known here, so the sentence does not speak for the pair."""
    direct = [n for n in names if not _ENZYME_TERM.match(n)]
    if any(p.search(text) for p in mentions.patterns(direct)):
        return False
    enzyme = [
        m for p in mentions.patterns([n for n in names if _ENZYME_TERM.match(n)]) for m in p.finditer(text)
    ]
    return bool(enzyme) and all(
        mentions.STRENGTH_QUALIFIER.search(text[max(0, m.start() - 40) : m.start()]) for m in enzyme
    )


def _as_its_own_class(text: str, names: list[str], shared: set[str]) -> bool:
    """The sentence names the other medicine only by a class this medicine belongs to as well: in omeprazole's
    label read for pantoprazole, "PPIs, including omeprazole, are contraindicated with rilpivirine", "PPI
    therapy may be associated with fractures" speak of omeprazole itself. Only "other / another / additional
    PPIs" speaks of a second one. ``shared``: ``shared_class_terms`` of the pair, computed once."""
    if not shared:
        return False
    if any(p.search(text) for p in mentions.patterns([n for n in names if n not in shared])):
        return False
    for t in shared:
        for m in re.finditer(
            r"\b(?:other|another|additional|more than one)\s+(?:[\w,()-]+\s+){0,5}"
            + re.escape(t)
            + r"(?:e?s)?(?!\w|\s+(?:trials?|stud(?:y|ies)|data|experience))",
            text,
            re.I,
        ):
            if not _COMPARED.search(text[max(0, m.start() - 20) : m.start()]) and _TAKEN_TOGETHER.search(
                text
            ):
                return False  # not "as with other beta blockers", "avoid ibuprofen and other NSAIDs in pregnancy"
    return True


_TAKEN_TOGETHER = re.compile(
    r"\b(?:concomitant\w*|concurrent\w*|co-?administ\w*|combin\w*|together|in addition to|along with|with other|"
    r"while taking)\b",
    re.I,
)


_USED_WITH = re.compile(
    r"\b(?:us(?:e|ed|ing)|tak(?:e|en|ing)|giv(?:e|en|ing)|administered)\s+(?:\w+\s+){0,2}with\b", re.I
)


def _about_taking_together(ranked, own_names: list[str]) -> bool:
    """A sentence naming the other medicine only by its class speaks of taking the two together: it is in the
    drug interactions section, or says "concomitant", "in combination", "used with" ...; not "Pooled analyses of
    antidepressant drugs (SSRIs and others) show that these drugs increase the risk of ..." read for Lexapro."""
    text = ranked.passage.text
    return (
        any(p.search(text) for p in mentions.patterns(own_names))
        or ranked.passage.section.startswith(_RULES_FOR_OTHERS)
        or bool(_TAKEN_TOGETHER.search(text) or _USED_WITH.search(text) or _ON_IT.search(text))
    )


# sections that speak of other medicines only to say what not to take with this one
_RULES_FOR_OTHERS = ("drug_interactions", "contraindications", "do_not_use", "ask_doctor")
_ON_IT = re.compile(r"\b(?:taking|receiving|treated with|stopping|on)\b", re.I)


_COMPARED = re.compile(
    r"\b(?:as with|like|unlike|similar to|than|studies with|trials with|experience with)\s*$", re.I
)


def shared_class_terms(ctx, names: list[str]) -> set[str]:
    """The other medicine's class words that are this medicine's class words too: its FDA classes' words, or a
    kind its own label says it is ("bupropion ... are an aminoketone antidepressant")."""
    own = {t.lower() for t in class_terms(ctx.drug)} & set(names)
    if ctx.label is None:
        return own
    sections = ctx.label.sections
    said = " ".join(
        sections[k].text[:1500] for k in ("indications_and_usage", "description") if k in sections
    )
    return own | {
        t
        for t in names
        if t not in own
        and re.search(rf"\b(?:is|are) (?:a|an) (?:[\w-]+ ){{0,3}}{re.escape(t)}\b", said, re.I)
    }


_ALLERGY_BEFORE = re.compile(
    r"\b(?:allerg\w*|hypersensitiv\w*|sensitivity|anaphyla\w*|asthma\w*|angioedema|history of)\b[^.;]{0,120}$",
    re.I,
)


_REACTED = re.compile(
    r"\b(?:allerg\w*|reaction\w*|swell\w*|swollen|hives|rash\w*|angioedema|anaphyla\w*)", re.I
)


# "I take Zyrtec for my allergies": what it is taken for, not a reaction to a medicine
_TREATED_ALLERGY = re.compile(r"\bfor (?:my |his |her |their |the |seasonal |bad )?allerg\w*", re.I)


_SALTS = "|".join(re.escape(w) for w in sorted(SALT_WORDS, key=len, reverse=True))  # longest first


def _names_outside_own_name(text: str, names: list[str], ctx) -> bool:
    """The other medicine is named somewhere other than in this medicine's own salt name ("potassium" in
    "losartan potassium" is no potassium supplement)."""
    own = "|".join(re.escape(n) for n in {ctx.name, *ctx.ref.brands[:8]} if n)
    masked = re.sub(rf"\b(?:{own})(?:\s+(?:{_SALTS}))+\b", ctx.name, text, flags=re.I) if own else text
    return any(p.search(masked) for p in mentions.patterns(names))


_WITHDRAWN_BEFORE = re.compile(
    r"\b(?:discontinu\w*|withdraw\w*|withdrawal|cessation|stopping) (?:of|from)\b[^.;]{0,100}$", re.I
)


def _only_as_withdrawn(text: str, names: list[str]) -> bool:
    """Every mention of the other medicine is what someone is coming off ("contraindicated in patients undergoing
    abrupt discontinuation of alcohol, benzodiazepines ..."): a warning about withdrawal from it, not about
    taking the two together."""
    found = [m for p in mentions.patterns(names) for m in p.finditer(text)]
    return bool(found) and all(
        _WITHDRAWN_BEFORE.search(text[max(0, m.start() - 120) : m.start()]) for m in found
    )


def _only_as_an_allergy(text: str, names: list[str]) -> bool:
    """Every mention of the other medicine is what someone reacted to ("allergic-type reactions after taking
    aspirin or other NSAIDs"): a warning for people allergic to it, not about taking the two together."""
    found = [m for p in mentions.patterns(names) for m in p.finditer(text)]
    return bool(found) and all(
        _ALLERGY_BEFORE.search(text[max(0, m.start() - 150) : m.start()]) for m in found
    )


def _with_query(request, names: list[str]) -> Query:
    q = request.evidence.query
    return Query(
        text=q.text,
        vector=q.vector,
        words=q.words,
        topics={"interaction": 1.0},
        forms=q.forms,
        asked=mentions.patterns(names),
        population=q.population,
    )


_OR_BETWEEN = re.compile(r"^\W*(?:or|or maybe|or even|or the|or a|or an)\W*$|^\s*/\s*$", re.I)


def _position(request, ctx) -> int | None:
    for m in request.understanding.drugs:
        if m.matched == ctx.ref.matched:
            return m.start
    return None


_PIVOT = re.compile(r"\b(?:with|while (?:on|taking|using)|together with|alongside|plus|on top of)\b", re.I)


def _placed(request) -> list[tuple[int, int, object]]:
    placed = []
    for ctx in request.contexts:
        start = _position(request, ctx)
        if start is None:
            return []
        placed.append((start, start + len(ctx.ref.matched), ctx))
    return sorted(placed, key=lambda p: p[0])


def only_alternatives(request) -> bool:
    """ "Will Tylenol or Advil help?": two or more medicines, each named as another's alternative."""
    placed = _placed(request)
    return len(placed) > 1 and all(
        _OR_BETWEEN.match(request.question[a[1] : b[0]]) for a, b in zip(placed, placed[1:], strict=False)
    )


def asked_pairs(request) -> list[tuple[object, object]]:
    """The pairs a question about three or more things asks about, in the order asked; [] for one pair.
    "Can I take ibuprofen or Tylenol with lisinopril?": each alternative with lisinopril. "Can I take Tylenol
    with ibuprofen and lisinopril?": Tylenol with each. "Zyrtec, Flonase and Sudafed together?": every pair."""
    placed = _placed(request)
    question = request.question
    for i in range(len(placed) - 1):
        group = [placed[i]]
        while len(group) < len(placed) - i and _OR_BETWEEN.match(
            question[group[-1][1] : placed[i + len(group)][0]]
        ):
            group.append(placed[i + len(group)])
        if len(group) > 1:
            chosen = {id(p[2]) for p in group}
            rest = [p[2] for p in placed if id(p[2]) not in chosen]
            return [(g[2], r) for g in group for r in rest] if rest else []
    if len(placed) < 3:
        return []
    for k in range(1, len(placed)):
        if _PIVOT.search(question[placed[k - 1][1] : placed[k][0]]):
            return [(a[2], b[2]) for a in placed[:k] for b in placed[k:]]
    return [(a[2], b[2]) for i, a in enumerate(placed) for b in placed[i + 1 :]]


def _each_pair(request, pairs) -> tuple[list[Sentence], list[str]]:
    """One short answer per pair ("ibuprofen with lisinopril: ...", "acetaminophen with ..."); the pairs no
    loaded label speaks about share one "does not say" sentence."""
    sentences, notices, silent = [], [], []
    for chosen, other in pairs:
        evidence = dataclasses.replace(request.evidence, primary=chosen, others=[other])
        composed = interaction(dataclasses.replace(request, evidence=evidence), each_pair=False)
        if composed is None:
            continue
        said, notes = composed
        notices += [n for n in notes if n not in notices]
        if said and said[0].role == "absence":  # after what the labels do say about the other pairs
            silent.append((chosen, other, said[0]))
            continue
        sentences += said[:2]
    if silent:
        chosen = list(dict.fromkeys(c.name for c, _, _ in silent))
        partners = list(dict.fromkeys(o.name for _, o, _ in silent))
        labelled = list(dict.fromkeys(x.name for c, o, _ in silent for x in (c, o) if x.label is not None))
        # "acetaminophen and for aspirin and dipyridamole": a combination's own "and" stays readable
        read = " and for ".join(labelled) if any(" and " in n for n in labelled) else listed(labelled)
        if len(chosen) == 1 or len(partners) == 1:  # "A with B or C", "A or B with C"
            taking = f"taking {listed(chosen, 'or')} with {listed(partners, 'or')}"
        else:  # several pairs of several medicines
            taking = "; ".join(f"{c.name} with {o.name}" for c, o, _ in silent)
            taking = f"these combinations: {taking}"
        cited = list({c.key: c for _, _, s in silent for c in s.citations}.values())
        text = f"The label does not say: the FDA label text loaded for {read} does not mention {taking}."
        sentences.append(lead(text, citations=cited, role="absence"))
    return sentences, notices


def interaction(request, *, each_pair: bool = True):
    ev = request.evidence
    if request.primary is None:
        return None
    if each_pair and (choices := asked_pairs(request)):
        composed = _each_pair(request, choices)
        return composed if composed[0] else None
    pairs = _targets(request)
    listed = listed_pairs(request)
    if not pairs:  # no label text of either is loaded: a public list that pairs them still answers
        if not listed:
            return None
        return [listed_opening(request, listed), *(s for s, _ in listed[1:])], [LIST_ONLY]
    reacted = bool(_REACTED.search(_TREATED_ALLERGY.sub("", request.question)))
    found = []  # (strength, score, ranked, ctx, target)
    for ctx, target, names, by_class in pairs:
        ranked = ev.ranked(ctx, query=_with_query(request, names))
        shared = shared_class_terms(ctx, names)
        own_names = [n for n in names if n not in by_class]
        named = [
            r
            for r in mentions.naming(ranked, names, sections=INTERACTION_SECTIONS)
            if _about_taking_together(r, own_names)
            and not _only_by_qualified_enzyme_class(r.passage.text, names)
            and not only_as_another_kind(r.passage.text, names, by_class)
            and not _only_as_withdrawn(r.passage.text, names)
            and _names_outside_own_name(r.passage.text, names, ctx)
            and (
                reacted  # "my lips swelled on enalapril": a history of reacting to its class is the answer
                and _only_as_an_allergy(r.passage.text, names)
                or not _as_its_own_class(r.passage.text, names, shared)
                and not _only_as_an_allergy(r.passage.text, names)
            )
        ]
        for i, r in enumerate(named[:NAMING_SENTENCES_WEIGHED]):
            if i >= NAMING_SENTENCES_READ and polarity(r.passage.text) != "no":
                continue  # past the best three only a "do not" counts ("Discontinue consumption of alcohol")
            # a food or drink asked about: a sentence naming it as asked ("antacids") before one naming only a
            # related word ("calcium-fortified juices" for antacids)
            as_asked = target != ev.substance or any(
                p.search(r.passage.text) for p in mentions.patterns([target])
            )
            strength = STRENGTH[polarity(r.passage.text)]
            order = (
                as_asked,
                strength,
                spaced(r.passage.text),
                r.score,
            )  # "2 hours apart" before a bare fact
            found.append((order, (strength, r.score, r, ctx, target)))
    if found:
        found = [f for _, f in sorted(found, key=lambda o: tuple(-x for x in o[0]))]
        chosen, seen = [], set()
        for f in found:
            if f[2].passage.text not in seen:
                seen.add(f[2].passage.text)
                chosen.append(f)
        quoted = [quote(f[2], f[3]) for f in chosen[:2]]
        _, _, best, ctx, target = chosen[0]
        kind = combination_kind(request)
        opening = combination(kind, polarity(best.passage.text), ctx.name, target)
        if opening is None and kind == "permission" and stated_effect(asking_text(request), best.passage):
            opening = f"Yes, but with care: the {ctx.name} label says {target} can interact with it."
        if kind == "permission" and spaced(
            best.passage.text
        ):  # "give rifampin at least 1 hour before antacids"
            opening = (
                f"Yes, but not at the same time: the {ctx.name} label says to space {target} and it apart."
            )
        if opening is None and kind == "permission" and not listed:  # only studies that found no effect
            if said := no_effect_opening(
                asking_text(request), [f[2].passage for f in chosen], ctx.name, target
            ):
                return [lead(said, quoted[:1]), *quoted], [NO_EFFECT_NOTE]
        milder = polarity(best.passage.text) in ("fact", "caution", "depends")
        if listed and (opening is None or (milder and listed[0][1])):
            # the label states a fact or a caution; the list says how much it matters (a critical pair leads)
            return [
                listed_opening(request, listed),
                *quoted[:1],
                *(s for s, _ in listed[1:]),
                *quoted[1:],
            ], []
        return ([lead(opening, quoted[:1])] if opening else []) + quoted[:1] + [
            s for s, _ in listed
        ] + quoted[1:], []
    if listed:  # no label sentence names the other medicine, but a public list pairs them
        general = pick(
            ev.ranked(request.primary), 1, where=lambda r: r.passage.section == "drug_interactions"
        )
        return [listed_opening(request, listed), *(s for s, _ in listed[1:])] + [
            quote(r, request.primary) for r in general
        ], [LIST_ONLY]
    # nothing quotable: a raw mention in a section about taking medicines together (a table, a skipped part) is
    # pointed to; one in another section (pregnancy, uses, a trial's adverse reactions) says nothing about the
    # pair, so the honest absence follows, naming where the other medicine does appear
    elsewhere = []
    for ctx, target, names, by_class in pairs:  # by a class both belong to, the label speaks of itself
        shared = shared_class_terms(ctx, names)  # ("other" aside)
        # its own names first ("hydroxyzine" in "Do not use"), before a class word ("Purpose Antihistamine")
        own_names = sorted(set(names) - shared - by_class)
        where = mentions.raw_mention(ev.all_indexes(ctx), own_names)
        by_own_name = where is not None
        if where is None and by_class:
            where = mentions.raw_mention(ev.all_indexes(ctx), sorted(set(names) - shared))
        class_word_only = not by_own_name and where is not None
        others = sorted(f"{w} {t}" for t in shared for w in ("other", "another"))
        if where is None and (where := mentions.raw_mention(ev.all_indexes(ctx), others)) is not None:
            text = where[0].view.sections[where[1]].text
            target = next(m.group(0) for p in mentions.patterns(others) if (m := p.search(text)))
            target = target[0].lower() + target[1:]  # "Another PPI" -> "another PPI"
            if where[1].removesuffix("_table") in USE_SECTION_KEYS:
                where = None  # "... the effectiveness of amoxicillin and other antibacterial drugs": no pair
        if where is not None:
            index, key = where
            section = index.view.sections[key]
            from rxanswers.answers import citations

            title = re.sub(
                r"^[\d.\s]+", "", (section.title or key.replace("_", " ")).lower()
            )  # "4.3 pregnancy"
            in_section = [(i, p) for i, p in enumerate(index.passages) if p.section == key]
            naming = [p for _, p in in_section if any(pt.search(p.text) for pt in mentions.patterns(names))]
            withdrawn = bool(naming) and all(_only_as_withdrawn(p.text, names) for p in naming)
            own = [
                Ranked(index, i, 0.0)
                for i, p in in_section
                if any(pt.search(p.text) for pt in mentions.patterns(own_names))
            ]
            allergy = bool(own) and all(_only_as_an_allergy(r.passage.text, own_names) for r in own)
            if withdrawn or allergy or not key.removesuffix("_table").startswith(_COMBINATION_SECTION_STARTS):
                if not class_word_only:  # "Purpose Antihistamine" does not name hydroxyzine
                    # "abrupt discontinuation of benzodiazepines"; an allergy ("Do not use if you have ever had
                    # an allergic reaction to ... hydroxyzine") is quoted after the absence
                    elsewhere.append((ctx, target, title, own[0] if allergy and by_own_name else None))
                continue
            if by_own_name and own:  # quotable, though not as taking them together: quoted as it is
                best = quote(own[0], ctx)
                return [
                    lead(f"The {ctx.name} label names {target} in its {title} section:", [best]),
                    best,
                ], []
            if class_word_only and naming:
                continue  # its class named in sentences read above and found not about taking the two together
            if class_word_only:  # in a table: say which word of it is there
                target = next(m.group(0) for p in mentions.patterns(names) if (m := p.search(section.text)))
            text = (
                f"The {ctx.name} label names {target} in its {title} section, in a form this answer cannot quote "
                "(such as a table): see that section of the full label, or ask your pharmacist."
            )
            return [lead(text, citations=[citations.label_section(index.view, section)])], []
    from rxanswers.answers import citations

    ctxs = [c for c in [request.primary, *request.others] if c.label is not None]
    names = " or ".join(c.name for c in ctxs)
    target = pairs[0][1]
    both = len(ctxs) > 1
    text = f"The label does not say: the FDA label text loaded for {names} does not mention taking " + (
        "them together" if both else f"it with {target}"
    )
    said_elsewhere = []
    if elsewhere:  # "(the atorvastatin label names other statins only in its pregnancy section)"
        ctx, named, title, said = elsewhere[0]
        if said is None:
            text += f" (the {ctx.name} label names {named} only in its {title} section)"
        else:  # quoted next: the label does name it, only not as a combination
            text += f" (the {ctx.name} label names {named} only in an allergy warning)"
            said_elsewhere = [quote(said, ctx)]
    text += "."
    checked = lead(text, citations=[citations.whole_label(c.label) for c in ctxs], role="absence")
    same = said_elsewhere + [
        s for other in request.others[:1] if (s := _same_class(request.primary, other)) is not None
    ]
    general = pick(ev.ranked(request.primary), 1, where=lambda r: r.passage.section in ("drug_interactions",))
    return [checked, *same] + [quote(r, request.primary) for r in general], [
        "A label that does not mention a combination does not make it safe: ask your pharmacist."
    ]


def _same_class(a, b) -> Sentence | None:
    """ "Omeprazole and pantoprazole are both proton pump inhibitors (their FDA pharmacologic class)." when the
    two share one: the fact that matters most when their labels say nothing of the pair."""
    if a.drug is None or b.drug is None:
        return None
    theirs = {name.lower() for name, _ in selectors.drug_classes(b.drug)}
    for name, source in selectors.drug_classes(a.drug):
        if name.lower() in theirs:
            kind = lower_first(name)  # "Proton Pump Inhibitor" -> "proton pump inhibitor"; "HMG-CoA" kept
            kinds = kind if kind.endswith("s") else kind + "s"
            return Sentence(
                f"{a.name[:1].upper() + a.name[1:]} and {b.name} are both {kinds} (their FDA pharmacologic class).",
                [selectors.source_citation(source, f"pharmacologic class {name}")],
            )
    return None


# sections where a label speaks of taking medicines together (PK interaction tables included)
_COMBINATION_SECTION_STARTS = (
    "drug_interactions",
    "warnings",
    "precautions",
    "general_precautions",
    "contraindications",
    "boxed_warning",
    "clinical_pharmacology",
    "pharmacokinetics",
    "dosage_and_administration",
    "do_not_use",
    "ask_doctor",
    "when_using",
)


_OTHER_UNNAMED = re.compile(
    r"\b(?:conflict\w*|interact\w*|mix\w*|combin\w*)\b|\bwith (?:my |his |her |the |any |other |these |those |all )*"
    r"(?:other )?(?:medications?|meds|medicines?|drugs|pills|prescriptions?)\b",
    re.I,
)


def other_not_named(request):
    """ "Can I take warfarin with my other medications?" / "No conflict with Eliquis, right?" — a yes/no
    question about taking it with something not named: it depends on the other medicine; the label's drug
    interactions say which (the first ones quoted)."""
    ctx, ev = request.primary, request.evidence
    if not request.yes_no or ctx is None or ctx.label is None:
        return None
    if request.others or ev.substance or request.understanding.classes or ev.asked:
        return None
    asking = asking_text(request)
    if not _OTHER_UNNAMED.search(asking) or _FOOD_OR_DRINK.search(asking):
        return None  # it must ask about taking it with something; "eat bananas on spironolactone" names it
    found = pick(
        ev.ranked(ctx),
        2,
        where=lambda r: (
            r.passage.section in ("drug_interactions", "contraindications")
            and polarity(r.passage.text) in ("no", "harm", "caution", "ask")
            and not _NO_CHANGE.search(r.passage.text)
            and names_another_medicine(r.passage.text, ctx)
        ),
    )
    if not found:
        return None
    quoted = [quote(r, ctx) for r in found]
    opening = lead(
        f"It depends on the other medicine: the {ctx.name} label names medicines that interact with it, "
        "among them these.",
        quoted,
    )
    return [opening, *quoted], [
        "Name the other medicine to get what the labels say about that pair, or ask your pharmacist to check "
        "your whole list."
    ]


_FOOD_OR_DRINK = re.compile(
    r"\b(?:eat\w*|ate|drink\w*|drank|foods?|meals?|juice|coffee|tea|alcohol|beer|wine|milk|diet)\b", re.I
)
_NO_CHANGE = re.compile(r"\bno (?:dose |dosage )?adjustment\b|\bnot (?:necessary|needed|required)\b", re.I)
