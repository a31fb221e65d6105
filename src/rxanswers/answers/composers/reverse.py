"""'What drugs cause X': medicines whose loaded labels name the effect, each cited to its section."""

from __future__ import annotations

import re

from rxanswers.answers import selectors
from rxanswers.answers.asked import asked_terms
from rxanswers.answers.resources import REVERSE_SECTION_KEYS, SAFETY_NOTICE
from rxanswers.answers.schemas import Answer, AnswerResult, DrugRef, Sentence
from rxanswers.answers.words import STOPWORDS, WORD
from rxanswers.drugs.models import Drug


def reverse_answer(result: AnswerResult, match: re.Match) -> AnswerResult:
    """Medicines whose loaded FDA labels name the effect asked about, each cited to the section that does.
    Never a complete list, and said so."""
    from rxanswers.search.selectors import section_search

    noun, verb, effect = match.group(1).lower(), match.group(2).lower(), match.group(3).strip()
    effect = re.sub(r"^(?:a |an |the |my |your )", "", effect, flags=re.I)
    noun = noun if noun.endswith("s") else noun + "s"
    verb = re.sub(r"s\b", "", verb, count=1) if verb.split()[0].endswith("s") else verb
    if verb in ("induce", "trigger", "lead to", "give you", "make you"):
        verb = "cause"
    result.drugs = [
        DrugRef(
            name=f"{noun} that {verb} {effect}",
            brands=[],
            matched=match.group(0).strip(" ?.!"),
            id=None,
            kind="description",
        )
    ]
    asked = asked_terms(effect, set())
    words = " ".join(w for w in WORD.findall(effect.lower()) if w not in STOPWORDS)
    # the phrase as asked first ("frequent urination"), then the glossary's wordings of what it names
    plan = [(effect, words)] if words else []
    if len(words.split()) >= 2:  # "hypo pigmentation" is "hypopigmentation"
        joined = "".join(words.split()[:2])
        plan.append((joined, joined))
    if (
        asked and " " in asked[0][0].split(" (")[0] or asked and "(" in asked[0][0]
    ):  # a glossary phrase, not one word
        plan += [(asked[0][0], f) for f in sorted(set(asked[0][1]), key=len, reverse=True)[:3] if f != words]
    sentences: list[Sentence] = []
    seen: set[str] = set()
    found_as = ""
    for shown, query in plan:
        # the words in this order, as one phrase (full-text search matches them anywhere in the section)
        phrase = re.compile(r"\b" + r"\W+".join(re.escape(w) for w in query.split()) + r"(?:e?s)?\b", re.I)
        for hit in section_search(query, limit=60):
            if hit.section_key not in REVERSE_SECTION_KEYS or not hit.drug_name or hit.drug_name in seen:
                continue
            drug = Drug.objects.filter(slug=hit.drug_slug).first()
            view = next((v for v in selectors.label_views(drug) if v.version.id == hit.version_pk), None)
            section = view.sections.get(hit.section_key) if view else None
            if section is None or not phrase.search(section.text):
                continue
            seen.add(hit.drug_name)
            found_as = found_as or shown
            title = (section.title or section.key.replace("_", " ")).lower()
            sentences.append(
                Sentence(
                    f"The FDA label for {hit.drug_name} mentions {shown} in its {title} section.",
                    [view.citation(section)],
                )
            )
            if len(sentences) >= 5:
                break
        if len(sentences) >= 5:
            break
    if not sentences:
        result.abstained = f"no FDA label loaded in this database mentions {effect}"
        return result
    result.drugs[0].name = f"{noun} that {verb} {found_as}"  # in the words the labels were found to use
    result.answer = Answer(
        sentences=sentences,
        notices=[
            "This is not a complete list: only the labels loaded in this database were searched, and a label "
            "that mentions an effect does not mean that medicine caused yours. Ask your pharmacist.",
            SAFETY_NOTICE,
        ],
    )
    return result
