"""The medical things a question asks about ("does X cause hair loss?", "can X be used for anxiety"), as
glossary terms and plain wordings to look for in label text (over the lay glossary; the name index supplies
the English word list that keeps ordinary words from being read as misspelt symptoms)."""

from __future__ import annotations

import functools
import re

from rxanswers.answers import selectors
from rxanswers.answers.consumer_terms import consumer_terms
from rxanswers.answers.lay import load_lay_terms
from rxanswers.answers.resources import NOT_SYMPTOMS
from rxanswers.answers.words import STOPWORDS, WORD

ASKED_KINDS = ("adverse_reaction", "condition", "lab", "anatomy")
SE_SEARCH_KEYS = [
    "boxed_warning",
    "warnings_and_cautions",
    "warnings",
    "precautions",
    "adverse_reactions",
    "contraindications",
    "stop_use",
    "do_not_use",
    "ask_doctor",
]


@functools.lru_cache(maxsize=1)
def asked_index():
    """(regex over glossary terms and their plain wording, form -> rows, word -> rows of plain wordings)."""
    rows = [t for t in load_lay_terms() if t.kind in ASKED_KINDS]
    by_form: dict[str, list] = {}
    by_word: dict[str, list] = {}
    for t in rows:
        for form in {t.term.lower(), t.plain.lower()}:
            if len(form) >= 4:
                by_form.setdefault(form, []).append(t)
        for w in WORD.findall(t.plain.lower()) + WORD.findall(t.term.lower()):
            if len(w) >= 4 and w not in STOPWORDS and w not in NOT_SYMPTOMS:
                by_word.setdefault(w, []).append(t)
    for word_rows in by_word.values():  # most frequent terms first: they are what a question means
        word_rows.sort(key=lambda t: -t.frequency)
    longest = max((len(f.split()) for f in by_form), default=0)
    return _FormFinder(by_form, longest) if by_form else None, by_form, by_word


_TOKEN = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


class _Found:
    """A glossary form found in a question (the part of ``re.Match`` the callers use)."""

    __slots__ = ("start", "end", "text")

    def __init__(self, start: int, end: int, text: str):
        self.start, self.end, self.text = start, end, text

    def group(self, _: int = 0) -> str:
        return self.text


class _FormFinder:
    """Glossary forms in a lowercase question, longest at each word first, a plural "s"/"es" allowed on the
    last word; looked up by word n-grams (one regular expression of every form took 0.15 s to build)."""

    def __init__(self, forms: dict, longest: int):
        self.forms, self.longest = forms, longest

    def finditer(self, q: str):
        words = [(m.start(), m.end()) for m in _TOKEN.finditer(q)]
        i = 0
        while i < len(words):
            for n in range(min(self.longest, len(words) - i), 0, -1):
                start, end = words[i][0], words[i + n - 1][1]
                text = q[start:end]
                if " ".join(text.split()) != " ".join(w for w in (q[a:b] for a, b in words[i : i + n])):
                    continue  # a form never spans punctuation
                for candidate in (
                    text,
                    text[:-1] if text.endswith("s") else "",
                    text[:-2] if text.endswith("es") else "",
                ):
                    if candidate and candidate in self.forms:
                        yield _Found(start, end, text)
                        break
                else:
                    continue
                i += n
                break
            else:
                i += 1


# How people describe a symptom -> the noun the glossary's wordings use ("ankles are swollen" -> swelling).
_SYMPTOM_NOUNS = {
    "swollen": "swelling",
    "puffy": "swelling",
    "itchy": "itching",
    "dizzy": "dizziness",
    "tired": "tiredness",
    "sleepy": "sleepiness",
    "drowsy": "drowsiness",
    "nauseous": "nausea",
    "nauseated": "nausea",
    "bloated": "bloating",
    "constipated": "constipation",
    "depressed": "depression",
    "anxious": "anxiety",
    "bruise": "bruising",
    "bruises": "bruising",
    "sweaty": "sweating",
    "shaky": "shaking",
    "numb": "numbness",
    "confused": "confusion",
    "forgetful": "memory loss",
    "achy": "aches",
    "sunburn": "sunlight",
    "sunburned": "sunlight",
    "sun burn": "sunlight",
    "sunburns": "sunlight",
    "hair falling out": "hair loss",
    "hair fall out": "hair loss",
    "gain weight": "weight gain",
    "put on weight": "weight gain",
    "lose weight": "weight loss",
    "throw up": "vomiting",
    "throwing up": "vomiting",
    "can t sleep": "trouble sleeping",
    "cant sleep": "trouble sleeping",
    "stomach ache": "belly pain",
    "stomachache": "belly pain",
    "tummy ache": "belly pain",
}
_SYMPTOM_FORMS = re.compile(r"\b(?:" + "|".join(sorted(_SYMPTOM_NOUNS, key=len, reverse=True)) + r")\b")


@functools.lru_cache(maxsize=1)
def _glossary_words() -> tuple[str, ...]:
    return tuple(asked_index()[2])


def close_word(word: str) -> str | None:
    """A misspelt symptom word's glossary word ("dizzyness" -> "dizziness"), when one is clearly close."""
    from rapidfuzz import fuzz, process

    hit = process.extractOne(word, _glossary_words(), scorer=fuzz.ratio, score_cutoff=85)
    return hit[0] if hit else None


_CAUSE_VERB = re.compile(  # "cause <a noun>" to the end of the clause ("make you burn easier in the sun" is not one)
    r"\b(?:cause[sd]?|causing|lead to|leads to|result in)\s+([a-z][a-z' -]{3,40}?)\s*(?:\?|$|,|\.|\b(?:or|and)\b)",
    re.I,
)


def effect_phrase(question: str, exclude: set[str]) -> tuple[str, list[str], list[str]] | None:
    """What "can X cause ...?" names when no glossary term does ("dissociation"): the words after the verb,
    without medicine names, vague words ("problems") or anything that is not a dictionary word (a misspelling
    could hide a mention, so nothing unrecognised is ever claimed absent)."""
    m = _CAUSE_VERB.search(question)
    if m is None:
        return None
    index = selectors.name_index()
    words = [
        w
        for w in WORD.findall(m.group(1).lower())
        if w not in STOPWORDS and w not in NOT_SYMPTOMS and not any(w in name.split() for name in exclude)
    ]
    if not words or len(words) > 3 or not any(len(w) >= 6 for w in words):
        return None
    if not all(index.is_english(w) for w in words):
        return None
    phrase = " ".join(words)
    return phrase, [phrase], [phrase]


def _initials_upper(said: str, medical_name: str) -> str:
    """ "adhd" -> "ADHD" when it is the medical name's initials (condition_index decides the same for conditions)."""
    from rxanswers.answers.condition_index import _acronym_of

    return " ".join(w.upper() if _acronym_of(w, medical_name) else w for w in said.split())


_POSSESSIVE_PLACE = re.compile(r"\b(in|on|around|under|behind|inside) (?:my|his|her|their|your|our) ")


def asked_terms(question: str, exclude: set[str]) -> list[tuple[str, list[str], list[str]]]:
    """Medical things the question asks about (see :func:`asked_terms_with_kinds`), without their kinds."""
    return [(label, forms, every) for label, forms, every, _ in asked_terms_with_kinds(question, exclude)]


MIN_RESPELLING_SCORE = 80


def _spelled(said: str, row) -> str:
    """The wording to show for a misspelled one ("halucinations" -> "hallucinations"): the row's closest wording
    made of English words; a wording of English words is shown as the person wrote it."""
    from rapidfuzz import fuzz

    from rxanswers.answers.understanding.name_data import _english_words

    english = _english_words()[0]
    if all(w in english for w in said.split()):
        return said
    spelled = [w for w in row.said if all(x in english for x in w.split())] + list(row.label_terms)
    # the closest, a wording with the same ending first ("dissassociation" -> "dissociation", not "disassociating");
    # none close enough ("uti", "adhd": initials) keeps the wording as written
    best = max(spelled, key=lambda w: (w[-3:] == said[-3:], fuzz.ratio(w, said)), default=said)
    return best if fuzz.ratio(best, said) >= MIN_RESPELLING_SCORE else said


def asked_terms_with_kinds(question: str, exclude: set[str]) -> list[tuple[str, list[str], list[str], str]]:
    """Medical things the question asks about: [(wording for the reader, forms whose sentences answer it,
    every form whose absence must be checked before saying the label does not mention it)].

    Whole glossary terms or plain wordings first ("hair loss" -> alopecia); else single content words that
    occur in plain wordings ("liver" -> liver damage (hepatotoxicity), liver inflammation (hepatitis), ...)."""
    pattern, by_form, by_word = asked_index()
    q = question.lower()
    for name in sorted(exclude, key=lambda n: (-len(n), n)):  # longest first: the same text in every process
        q = q.replace(name, " ")
    q = _POSSESSIVE_PLACE.sub(r"\1 ", q)  # "sores in my mouth" is the listed "sores in mouth"
    out: list[tuple[str, list[str], list[str], str]] = []
    covered: set[str] = set()
    # the words people use first ("excessive hair growth" -> hirsutism, hypertrichosis): resources/consumer_terms
    for start, end, row in consumer_terms().find(q):
        if row.kind == "other":  # populations, routes and kinds of medicine are not what is asked about
            continue
        said = q[start:end]
        forms = sorted({said, *row.label_terms})
        every = sorted(set(forms) | {r.term.lower() for t in row.label_terms for r in by_form.get(t, ())})
        medical = row.label_terms[0]
        spelled = _spelled(said, row)
        shown = _initials_upper(spelled, medical)
        respelled_as_medical = spelled != said and spelled == medical  # "pancreatitus" -> "pancreatitis"
        if not respelled_as_medical and not (
            " " in said and said != medical and said.rstrip("s") == medical.rstrip("s")
        ):
            shown = f"{shown} ({medical})"  # not "skin reactions (skin reaction)"
        out.append((shown, forms, every, row.kind))
        covered.update(WORD.findall(said))
        q = q[:start] + " " * (end - start) + q[end:]
    q = _SYMPTOM_FORMS.sub(lambda m: _SYMPTOM_NOUNS[m.group(0)], q)
    if pattern is not None:
        for m in pattern.finditer(q):
            text = m.group(0)
            key = text if text in by_form else text.rstrip("s").removesuffix("e")
            rows = by_form.get(key) or by_form.get(text[:-1]) or []
            if not rows or key in NOT_SYMPTOMS:
                continue
            t = rows[0]
            # also every term whose plain wording contains the phrase ("swelling" -> edema, peripheral edema,
            # angioedema ...): an absence claim must have looked for all of them
            phrase = re.compile(r"\b" + re.escape(key) + r"\b")
            wider = [r for rs in by_form.values() for r in rs if phrase.search(r.plain.lower())]
            forms = sorted({f for r in rows for f in (r.term.lower(), r.plain.lower()) if len(f) >= 4})
            every = sorted(set(forms) | {r.term.lower() for r in wider if len(r.term) >= 4})
            if len(key.split()) == 1:  # one everyday word ("swelling"): its most frequent kinds answer too
                # (edema: "swelling from fluid buildup"), not terms that merely mention it ("rheumatoid
                # arthritis: immune disease that causes joint pain and swelling")
                kinds = [r for r in wider if r.plain.lower().startswith(key)]
                kinds.sort(key=lambda r: -r.frequency)
                forms = sorted(set(forms) | {r.term.lower() for r in kinds[:6] if len(r.term) >= 4})
            shown = t.plain if t.plain.lower() != t.term.lower() else t.term
            label = f"{shown} ({t.term})" if t.plain.lower() != t.term.lower() else t.term
            out.append((label, forms, every, t.kind))
            covered.update(WORD.findall(text))
    if not out:
        out = _joined_words(q, _loose_words(q, by_word, covered))
    return out[:3]


def _joined_words(q: str, found: list[tuple[int, int, tuple]]) -> list[tuple[str, list[str], list[str], str]]:
    """Loose words side by side in the question are one thing asked ("inflamed eyelids"): one term whose only
    form is the phrase (a sentence must name both words), every form of both kept for absence checks."""
    out: list[tuple[str, list[str], list[str], str]] = []
    last_end = -10
    for start, end, term in found:
        if out and q[last_end:start].strip() == "":
            shown, _, every, kind = out[-1]
            phrase = f"{shown} {term[0]}"
            out[-1] = (phrase, [phrase], sorted(set(every) | set(term[2])), kind)
        else:
            out.append(term)
        last_end = end
    return out


def _loose_words(q: str, by_word: dict, covered: set[str]) -> list[tuple[int, int, tuple]]:
    """(start, end, term) of the single content words of ``q`` that occur in glossary wordings."""
    found: list[tuple[int, int, tuple]] = []
    for m in WORD.finditer(q):
        w = m.group(0)
        if (
            w not in by_word
            and len(w) >= 6
            and w not in STOPWORDS
            and w not in NOT_SYMPTOMS
            and w not in covered
            and not selectors.name_index().is_english(w)
        ):
            w = close_word(w) or w  # "dizzyness" -> dizziness; never "effects" -> defects
        if w in covered or w in STOPWORDS or w in NOT_SYMPTOMS or w not in by_word:
            continue
        # quoted sentences name one of the first terms ("liver": liver damage, ...); an absence claim
        # ("does not mention swelling") must have looked for every term whose wording has the word
        rows = by_word[w]
        forms = sorted({w} | {r.term.lower() for r in rows[:12] if len(r.term) >= 4})
        every = sorted({w} | {r.term.lower() for r in rows if len(r.term) >= 4})
        found.append((m.start(), m.end(), (w, forms, every, "word")))
    return found
