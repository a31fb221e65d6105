"""Does a label speak of X? The ranked sentences that name X (any of its word forms and glossary synonyms),
and the checks an absence claim must pass first: X named nowhere in the raw text of any section of any loaded
label of the medicine (tables and skipped sections included), and no sentence close to X in meaning."""

from __future__ import annotations

import functools
import re

import numpy as np

from rxanswers.answers.evidence.index import LabelIndex
from rxanswers.answers.evidence.ranking import Ranked
from rxanswers.answers.resources import BODY_PART_WORDS, GENERIC_STEMS, WORD_NOT_AFTER, WORD_NOT_BEFORE
from rxanswers.answers.understanding.name_data import pathogens

# "strong CYP3A4 inhibitors": a class qualified by how strong its members are (text just before the class)
STRENGTH_QUALIFIER = re.compile(
    r"\b(?:strong|moderate|weak|potent|mild)\b(?:\s+(?:or|and|to|and/or)\s+\w+)?\s*(?:and\s+)?$", re.I
)
SEMANTIC_NEAR = 0.72  # a sentence this close in meaning to the asked words may name it in other words
_NEGATED = re.compile(r"\b(?:no|not|neither|nor|without|none|absence of)\b(?:\W+\w+){0,5}\W*$", re.I)


@functools.lru_cache(maxsize=8192)
def word_pattern(form: str) -> re.Pattern[str]:
    """A form as a whole word or phrase, plural allowed ("ulcer" matches "ulcers")."""
    escaped = re.sub(r"['’]", "['’]", re.escape(form.lower()))  # labels print ’ as often as '
    not_after = "".join(
        f"(?<!{re.escape(w)} )" for w in WORD_NOT_AFTER.get(form.lower(), ())
    )  # "breast milk"
    not_before = "".join(
        f"(?! {re.escape(w)}\\b)" for w in WORD_NOT_BEFORE.get(form.lower(), ())
    )  # "calcium levels"
    return re.compile(not_after + r"\b" + escaped + r"(?:e?s)?\b" + not_before, re.I)


def label_abbreviations(texts, forms: list[str]) -> dict[str, str]:
    """The abbreviations a label defines for an asked form, with the words it defines them by
    ("medullary thyroid carcinoma (MTC)" -> {"MTC": "medullary thyroid carcinoma"}), so its later sentences
    that use only "MTC" are found too."""
    found: dict[str, str] = {}
    wanted = [word_pattern(f).pattern.removesuffix(r"(?:e?s)?\b") for f in forms if len(f) > 3]
    if not wanted:
        return found
    defined = re.compile(r"(" + "|".join(wanted) + r")\s*\(([A-Z][A-Z0-9-]{1,7})\)", re.I)
    for text in texts:
        for m in defined.finditer(text):
            if m.group(2).isupper():
                found.setdefault(m.group(2), m.group(1))
    return found


def patterns(forms: list[str]) -> list[re.Pattern[str]]:
    return [word_pattern(f) for f in forms if len(f) > 2]


@functools.lru_cache(maxsize=4096)
def _any_form(forms: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern matching wherever any of ``patterns(forms)`` does (one search per sentence, not one per form)."""
    pats = patterns(list(forms))
    return re.compile("|".join(f"(?:{p.pattern})" for p in pats), re.I) if pats else None


def any_form(forms: list[str]) -> re.Pattern[str] | None:
    """One pattern for every wording of a term (None when none is long enough to look for)."""
    return _any_form(tuple(forms))


def naming(ranked: list[Ranked], forms: list[str], *, sections: set[str] | None = None) -> list[Ranked]:
    """The ranked sentences that name one of ``forms`` (best first)."""
    pattern = _any_form(tuple(forms))
    if pattern is None:
        return []
    return [
        r
        for r in ranked
        if (sections is None or r.passage.section in sections)
        and pattern.search(r.passage.text)
        and pattern.search(_without_germs(r.passage.text, forms))
    ]


def negated(text: str, forms: list[str]) -> bool:
    """True when the first mention of a form is negated ("no hair loss was reported", "not associated with")."""
    for p in patterns(forms):
        m = p.search(text)
        if m:
            return bool(_NEGATED.search(text[: m.start()]))
    return False


def raw_mention(indexes: list[LabelIndex], forms: list[str]) -> tuple[LabelIndex, str] | None:
    """(label, section key) of the first raw section text that names a form, in any section."""
    pattern = _any_form(tuple(forms))
    if pattern is None:
        return None
    for index in indexes:
        for key, section in index.view.sections.items():
            if pattern.search(section.text):
                return index, key
    return None


def _stem(word: str) -> str:
    """The first six letters, or a plural's singular ("dreams" -> "dream")."""
    if len(word) <= 6 and word.endswith("s"):
        return word[:-1]
    return word[:6]


def _word_stems(word: str) -> set[str]:
    """How a label may write an asked word: its stem (five letters or more, not generic, not an organ every
    label names) and for "-iness"/"-ness" words the root ("achiness" -> ache, "soreness" -> sore)."""
    stems = set()
    if len(word) >= 5 and _stem(word) not in GENERIC_STEMS and word not in _EVERY_LABEL_ORGANS:
        stems.add(_stem(word))
    for suffix in ("iness", "ness"):
        if word.endswith(suffix):
            root = word[: -len(suffix)]
            stems.update(r for r in (root, root + "e") if len(r) >= 4 and r[:6] not in GENERIC_STEMS)
            break
    return stems


_EVERY_LABEL_ORGANS = frozenset({"stomach", "blood", "heart", "kidney", "liver", "skin"})


def stem_pattern(forms: list[str]) -> re.Pattern[str] | None:
    """Stems of the asked words (``_word_stems``), and for a short body-part word ("eye problems") every word
    labels use for that part ("ocular", "vision")."""
    words = [w for f in forms for w in re.findall(r"[a-z]+", f.lower())]
    stems = {s for w in words for s in _word_stems(w)}
    parts = {p for w in words for p in BODY_PART_WORDS.get(w, ())}
    if not stems and not parts:
        return None
    alternatives = [re.escape(s) for s in sorted(stems)] + [re.escape(p) + r"\b" for p in sorted(parts)]
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")", re.I)


@functools.cache
def _germ_names() -> re.Pattern[str]:
    """A germ's name as labels write it ("Haemophilus influenzae", "H. influenzae"): its words are no other
    thing's stem ("influenza" is not asked by "Haemophilus influenzae")."""
    genera = sorted({germ.split()[0] for germ in pathogens()})
    species = sorted({germ.split()[1] for germ in pathogens()})
    return re.compile(
        r"\b(?:(?:" + "|".join(genera) + r")\s|[A-Z]\.\s?)(?:" + "|".join(species) + r")\b", re.I
    )


def _without_germs(text: str, forms: list[str]) -> str:
    """``text`` with germ names blanked, unless a germ is what is asked."""
    if any(f.lower() in pathogens() for f in forms):
        return text
    return _germ_names().sub(" ", text)


def names_every_word(text: str, forms: list[str]) -> bool:
    """Some asked form has every one of its words in ``text`` in a label's wording ("allergic ... rhinitis"
    for "allergic rhinitis", "aches" for "achiness", "itchy, watery eyes" for "itchy eyes"): stronger than
    one shared word. Germ names are not read for other words' stems."""
    text = _without_germs(text, forms)
    for form in forms:
        words = [w for w in re.findall(r"[a-z]+", form.lower()) if len(w) > 2]
        if not words:
            continue
        wanted = [
            [re.escape(s) for s in _word_stems(w)]
            + [re.escape(w) + r"(?:e?s)?\b"]
            + [re.escape(p) + r"\b" for p in BODY_PART_WORDS.get(w, ())]
            for w in words
        ]
        if all(re.search(r"\b(?:" + "|".join(alts) + ")", text, re.I) for alts in wanted):
            return True
    return False


def names_two_words(text: str, forms: list[str]) -> bool:
    """Some asked form has two of its stemmable words in ``text`` (or its only one): "urinary ... infection" for
    "urinary tract infection", never "outflow tract" alone. A body part counts by the words labels use for it
    ("eye": ocular, cataract, ...)."""
    text = _without_germs(text, forms)
    for form in forms:
        wanted = []
        for word in re.findall(r"[a-z]+", form.lower()):
            alts = [re.escape(s) for s in _word_stems(word)]
            alts += [re.escape(p) + r"\b" for p in BODY_PART_WORDS.get(word, ())]
            if alts:
                wanted.append(alts)
        found = sum(1 for alts in wanted if re.search(r"\b(?:" + "|".join(alts) + ")", text, re.I))
        if wanted and found >= min(2, len(wanted)):
            return True
    return False


def naming_words(ranked: list[Ranked], forms: list[str], *, sections: set[str] | None = None) -> list[Ranked]:
    """The ranked sentences that use a word of an asked form ("ulcer" for "stomach ulcer": "ulceration")."""
    pattern = stem_pattern(forms)
    if pattern is None:
        return []
    return [
        r
        for r in ranked
        if (sections is None or r.passage.section in sections)
        and pattern.search(r.passage.text)
        and pattern.search(_without_germs(r.passage.text, forms))
    ]


def related_words(indexes: list[LabelIndex], forms: list[str]) -> bool:
    """True when a word of an asked form occurs (by its first six letters) anywhere in the raw label text
    ("stomach ulcer" -> "ulceration"): the label may speak of it in other words, so no absence is claimed."""
    pattern = stem_pattern(forms)
    if pattern is None:
        return False
    return any(pattern.search(section.text) for index in indexes for section in index.view.sections.values())


def semantically_near(indexes: list[LabelIndex], phrase_vector: np.ndarray) -> Ranked | None:
    """The sentence closest in meaning to the asked words, when it is close enough to name it otherwise."""
    best = None
    for index in indexes:
        if not len(index.passages):
            continue
        sims = index.vectors @ phrase_vector
        i = int(sims.argmax())
        if sims[i] >= SEMANTIC_NEAR and (best is None or sims[i] > best.score):
            best = Ranked(index, i, float(sims[i]))
    return best
