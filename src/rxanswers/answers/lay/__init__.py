"""Lay glossary: plain-language wording for medical terms in FDA label text (pure Python, no Django).

* :func:`load_lay_terms` loads ``lay_terms.tsv`` (shipped next to this file) once and returns a
  :class:`LayGlossary`.
* :meth:`LayGlossary.rewrite` turns "Thrombocytopenia occurred in 5% of patients" into
  "Low levels of platelets (thrombocytopenia) occurred in 5% of patients".
* :func:`simplify_label_sentence` strips label cross-references and formatting without changing meaning.
* :func:`split_sentences` splits label text into sentences (abbreviation-, decimal- and bullet-aware).

Rows carry a review status: ``editor-reviewed`` (the editors' line-by-line check, ``reviews/``) or ``reviewed``
(pharmacist-approved); the term in parentheses stays the authoritative wording (see ``SOURCES.md``).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

__all__ = [
    "KINDS",
    "SOURCES",
    "LayGlossary",
    "LayTerm",
    "Rewrite",
    "load_lay_terms",
    "simplify_label_sentence",
    "split_sentences",
]

TSV_PATH = Path(__file__).with_name("lay_terms.tsv")
KINDS = frozenset({"adverse_reaction", "condition", "anatomy", "lab", "other"})
SOURCES = frozenset({"cdc", "nci", "editor"})
MAX_PARENTHETICALS = 3

# Abbreviations in the glossary that are also ordinary words or easily confused in lower case ("dress",
# "ild"): they match only when written with capitals in the text (DRESS, PML, HbA1c, NSAIDs).
ACRONYMS = frozenset(
    """
    copd dvt gerd pml ild vte nms cdad dress ptsd hiv ckd sjs ecg inr hba1c nsaid nsaids ldl-c
    """.split()
)

# Nouns whose plural is unusual or that are uncountable: the plain wording is not pluralised after them.
_UNCOUNTABLE_TAILS = frozenset(
    """
    damage pain loss sugar pressure function vision breath blood fluid gas hair heartbeat appetite
    bleeding itching swelling breathing sweating tiredness sleepiness weakness redness numbness
    inflammation scarring failure death disease tissue urine skin acid fat energy harm cancer
    """.split()
)


@dataclass(frozen=True, slots=True)
class LayTerm:
    term: str
    plain: str
    kind: str
    frequency: int
    source: str
    status: str

    @property
    def is_plain(self) -> bool:
        """True when the term is already plain language (no parenthetical is ever added for it)."""
        return self.plain.casefold() == self.term.casefold()


class Rewrite(NamedTuple):
    text: str
    replaced: list[tuple[str, str, str]]  # (term, plain, source) in order of appearance


def _plural(word: str) -> str:
    if word.endswith("is") and len(word) > 4:
        return word[:-2] + "es"
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def _surface_forms(term: str) -> list[str]:
    """Forms of ``term`` to look for in text: the term, hyphen-as-space, plural / singular of the last word."""
    forms = [term]
    if "-" in term:
        forms.append(term.replace("-", " "))
    extra = []
    for f in forms:
        head, _, last = f.rpartition(" ")
        prefix = head + " " if head else ""
        if last.endswith("s") and not last.endswith(("ss", "us", "is")) and len(last) > 4:
            extra.append(prefix + last[:-1])  # "palpitations" -> "palpitation"
        else:
            extra.append(prefix + _plural(last))
    return forms + extra


def _pluralise_plain(plain: str) -> str:
    words = plain.split(" ")
    last = words[-1]
    if (
        len(words) > 3
        or not last.isalpha()
        or last.endswith(("s", "ing", "ness"))
        or last.lower() in _UNCOUNTABLE_TAILS
    ):
        return plain
    return " ".join(words[:-1] + [_plural(last)])


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass
class LayGlossary:
    terms: list[LayTerm]
    _by_form: dict[str, LayTerm] = field(init=False, repr=False)
    _forms_plural: dict[str, bool] = field(init=False, repr=False)
    _longest: int = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_form = {}
        self._forms_plural = {}
        # Exact terms first so that a term never loses its own spelling to another term's plural form.
        for t in self.terms:
            self._by_form.setdefault(_norm(t.term), t)
        for t in self.terms:
            for form in _surface_forms(t.term)[1:]:
                key = _norm(form)
                if key not in self._by_form:
                    self._by_form[key] = t
                    # plural-of-singular: pluralise the plain wording when we insert it
                    self._forms_plural[key] = not t.term.endswith("s") and key.endswith("s")
        # Forms are looked up by word n-grams, longest first (one regular expression of ~2,000 alternatives
        # took 0.13 s to compile in every process).
        self._longest = max((len(f.split(" ")) for f in self._by_form), default=0)

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self) -> Iterator[LayTerm]:
        return iter(self.terms)

    def plain(self, term: str) -> LayTerm | None:
        """The glossary row for ``term`` (any case, singular or plural), or None."""
        return self._by_form.get(_norm(term))

    def lay_terms_for(self, phrase: str) -> list[LayTerm]:
        """Rows whose plain wording is ``phrase`` ("hair loss" -> alopecia, ...): maps lay questions to terms."""
        key = _norm(phrase)
        return [t for t in self.terms if _norm(t.plain) == key or _norm(t.term) == key]

    # --- rewriting ---------------------------------------------------------------------------------------

    def _protected(self, sentence: str, protect: Iterable[str]) -> tuple[list[tuple[int, int]], set[str]]:
        """Spans never to touch, and the terms already glossed in ``sentence`` by an earlier rewrite."""
        spans: list[tuple[int, int]] = []
        done: set[str] = set()
        for m in re.finditer(r"\([^()]*\)|\[[^\[\]]*\]", sentence):
            start, end = m.span()
            spans.append((start, end))
            inner = m.group(0)[1:-1].split(",")[0]
            row = self.plain(inner)
            if row is None or row.is_plain:
                continue
            before = sentence[:start].rstrip()
            for wording in {row.plain, _pluralise_plain(row.plain)}:
                if before.casefold().endswith(wording.casefold()):
                    spans.append((len(before) - len(wording), start))
                    done.add(row.term)
                    break
        for word in protect:
            if word and word.strip():
                for m in re.finditer(r"(?<![\w-])" + re.escape(word.strip()) + r"(?![\w-])", sentence, re.I):
                    spans.append(m.span())
        return spans, done

    def rewrite(
        self, sentence: str, *, max_parentheticals: int = MAX_PARENTHETICALS, protect: Iterable[str] = ()
    ) -> Rewrite:
        """Gloss medical terms as "plain words (term)": first occurrence only, longest match first.

        Never inside an existing parenthesis or bracket, never in ``protect`` (e.g. drug names), never
        part of a larger word or number; at most ``max_parentheticals`` glosses per sentence (glosses left
        by an earlier rewrite count, so rewriting is idempotent). Already-plain terms are left alone.
        """
        if not self._longest or not sentence:
            return Rewrite(sentence, [])
        spans, done = self._protected(sentence, protect)
        budget = max_parentheticals - len(done)
        seen = set(done)
        out: list[str] = []
        replaced: list[tuple[str, str, str]] = []
        pos = 0
        lead = len(sentence) - len(sentence.lstrip(" \t\"'“‘•\uf0b7-*"))
        letters = [c for c in sentence if c.isalpha()]
        shouting = sum(c.isupper() for c in letters) > 0.6 * max(1, len(letters))  # a heading in capitals
        for start, end, key in self._matches(sentence):
            if any(s < end and start < e for s, e in spans):
                continue
            found = sentence[start:end]
            row = self._by_form[key]
            if row.term in ACRONYMS and found.islower():
                continue
            if row.term in seen:
                continue
            if row.kind == "anatomy" and _MODIFIER_USE.match(sentence[end:]):
                continue  # "bone marrow depression": the body part names a condition, gloss nothing
            if _COMPOUND_ADJECTIVE.search(sentence[:start]):
                continue  # "cardiogenic shock": the gloss would split the condition's name
            seen.add(row.term)
            if row.is_plain or budget <= 0:
                continue
            plain = row.plain
            if self._forms_plural.get(key):
                plain = _pluralise_plain(plain)
            # An abbreviation right after the term ("... leukoencephalopathy (PML)") joins our parenthesis.
            after = re.match(r"\s*\(([A-Za-z][A-Za-z0-9-]{0,11})\)", sentence[end:])
            if sentence[end:].lstrip().startswith(("(", "[")) and not after:
                continue
            shown = found
            if found.isupper() and len(found) > 3 and shouting:
                plain = plain.upper()  # heading in capitals: "LIVER DAMAGE (HEPATOTOXICITY)"
            elif start == lead and found[:1].isupper():
                plain = plain[:1].upper() + plain[1:]
                if row.term not in ACRONYMS and not found[1:2].isupper():
                    shown = found[:1].lower() + found[1:]
            inner = f"{shown}, {after.group(1)}" if after else shown
            out.append(sentence[pos:start])
            out.append(f"{plain} ({inner})")
            pos = end + (after.end() if after else 0)
            replaced.append((row.term, row.plain, row.source))
            budget -= 1
        out.append(sentence[pos:])
        return Rewrite("".join(out), replaced)


_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def _matches_in(glossary: LayGlossary, sentence: str):
    """Spans of glossary forms in ``sentence``, left to right, the longest form at each word, whole words
    only (never part of a hyphenated or longer word), any case, any run of spaces between words."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(sentence)]
    lowered = [sentence[a:b].casefold() for a, b in words]
    # how many words from each one on are separated by spaces only (a form never spans punctuation)
    run = [1] * len(words)
    for k in range(len(words) - 2, -1, -1):
        if sentence[words[k][1] : words[k + 1][0]].isspace():
            run[k] = run[k + 1] + 1
    i = 0
    while i < len(words):
        for n in range(min(glossary._longest, run[i]), 0, -1):
            key = " ".join(lowered[i : i + n])
            if key in glossary._by_form:
                yield words[i][0], words[i + n - 1][1], key
                i += n
                break
        else:
            i += 1


LayGlossary._matches = _matches_in


# A condition named by an adjective + the term ("cardiogenic shock", "septic shock"); "chronic" etc. only qualify.
_COMPOUND_ADJECTIVE = re.compile(
    r"\b(?!(?:chronic|specific|basic|public|periodic|symptomatic|asymptomatic|systemic|toxic)\b)"
    r"[a-z]{3,}(?:genic|ic|tic)\s+$"
)


# A body-part term used as a modifier: followed by a lowercase word that is not a function word.
_MODIFIER_USE = re.compile(
    r" (?!(?:of|and|or|in|is|are|was|were|to|with|from|that|which|may|can|has|have|the|a|an|for|by|on|as)\b)[a-z]"
)


def _read_tsv(path: Path) -> list[LayTerm]:
    rows: list[LayTerm] = []
    with open(path, encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh, delimiter="\t"):
            rows.append(
                LayTerm(
                    term=rec["term"].strip(),
                    plain=rec["plain"].strip(),
                    kind=rec["kind"].strip(),
                    frequency=int(rec["frequency"] or 0),
                    source=rec["source"].strip(),
                    status=rec["status"].strip(),
                )
            )
    return rows


@lru_cache(maxsize=4)
def load_lay_terms(path: str | Path | None = None) -> LayGlossary:
    """Load (once) the shipped lay glossary, or the TSV at ``path``."""
    return LayGlossary(_read_tsv(Path(path) if path else TSV_PATH))


# --- label sentence clean-up ---------------------------------------------------------------------------

_BULLETS = "•\uf0b7\u2022\u25cf\u25aa\u25e6\u2023\u2043\u2219▪●◦■□➢►"
_SECTION_NUM = r"\d{1,2}(?:\.\d{1,2})+"
_SECTION_LIST = rf"\(\s*{_SECTION_NUM}(?:\s*(?:,|;|and|or|&)\s*\d{{1,2}}(?:\.\d{{1,2}})*)*\s*\)"
_CLEANUPS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"[\u00ad\u200b\ufeff]"), ""),
    (re.compile(r"[\u00a0\u2002\u2003\u2009\u202f\t]"), " "),
    (re.compile("[" + _BULLETS + "]"), " "),
    (re.compile(r"^\s*EXCERPT:\s*", re.I), ""),
    # [see Warnings and Precautions (5.1)], [ see Use in Specific Populations ( 8.1 ) ]
    (re.compile(r"\s*\[\s*see\b[^\[\]]*\]", re.I), ""),
    # (see CLINICAL PHARMACOLOGY), (see Warnings and Precautions (5.2))
    (re.compile(r"\s*\(\s*see\b[^()]*(?:\([^()]*\)[^()]*)*\)", re.I), ""),
    # (5.1, 5.2), ( 8.1 ), (5.1 and 5.3)
    (re.compile(r"\s*" + _SECTION_LIST), ""),
    # (2, 12.1): a list with a dotted section number anywhere; "... 3A4. (7)": a bare number after punctuation
    (
        re.compile(
            r"\s*\((?=[^()]*\d\.\d)\s*\d{1,2}(?:\.\d{1,2})*(?:\s*(?:,|;|and|or|&)\s*\d{1,2}(?:\.\d{1,2})*)+\s*\)"
        ),
        "",
    ),
    (re.compile(r"(?<=[.;:])\s*\(\d{1,2}(?:\.\d{1,2})*(?:\s*,\s*\d{1,2}(?:\.\d{1,2})*)*\)"), ""),
    # (Table 2), [Table 3]
    (re.compile(r"\s*[\(\[]\s*tables?\s+\d+[a-z]?(?:\s*(?:,|and)\s*\d+[a-z]?)*\s*[\)\]]", re.I), ""),
    # leading "1.1 ", "5.12 " section numbers and "5 WARNINGS" style numbered headings
    (re.compile(rf"^\s*{_SECTION_NUM}\s+"), ""),
    (re.compile(r"^\s*\d{1,2}\s+(?=[A-Z]{3,}\b)"), ""),
    # table remnants: pipes, rules of dashes/underscores/equals
    (re.compile(r"\s*\|\s*"), " "),
    (re.compile(r"[-_=]{3,}"), " "),
    (re.compile(r"\s+"), " "),
    (re.compile(r"\s+([,.;:!?%)\]])"), r"\1"),
    (re.compile(r"([(\[])\s+"), r"\1"),
    (re.compile(r"([,;])\1+"), r"\1"),
]


def simplify_label_sentence(sentence: str) -> str:
    """Strip label cross-references, section numbers, bullets and table remnants; keep the medical meaning."""
    text = sentence
    for pattern, repl in _CLEANUPS:
        text = pattern.sub(repl, text)
    text = text.strip()
    text = re.sub(r"^[-*,;:]\s*", "", text)  # dangling list dash or comma left at the start
    return text


# --- sentence splitting ----------------------------------------------------------------------------------

# Abbreviations that do not end a sentence even before a capital ("Dr. Smith", "U.S. Food ...").
_NO_BREAK = frozenset(
    "e.g i.e vs dr mr mrs ms prof fig figs no nos approx ca st inc ltd co jr sr u.s u.k et al ph.d m.d "
    "b.i.d t.i.d q.i.d q.d p.o i.v i.m s.c sec ref vol".split()
)
_HEADING_RE = re.compile(
    r"^((?:[A-Z][A-Z0-9&/'’(),.-]*:?\s+){0,9}[A-Z][A-Z0-9&/'’(),.-]*[A-Z0-9):])\s+(?=[A-Z][a-z]|\d|["
    + _BULLETS
    + "])"
)
_BOUNDARY_RE = re.compile(r"([.!?])([\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9" + _BULLETS + "])")


def _split_heading(chunk: str) -> list[str]:
    m = _HEADING_RE.match(chunk)
    if m:
        head = m.group(1)
        letters = re.sub(r"[^A-Za-z]", "", head)
        if (len(head.split()) >= 2 or len(letters) >= 8 or head.endswith(":")) and letters.isupper():
            return [head.strip(), chunk[m.end() :]]
    return [chunk]


# A section cross-reference standing between two sentences (Highlights text): "... regimens. ( 2.2 , 2.3 ) The".
_REF_AFTER_STOP = re.compile(r"([.!?])\s*\(\s*\d+(?:\.\d+)*(?:\s*,\s*\d+(?:\.\d+)*)*\s*\)(?=\s)")


# A numbered sub-heading run into the text after a sentence that lost its full stop (Highlights text):
# "reduce dose gradually whenever possible 2.1 Major Depressive Disorder".
_NUMBERED_HEADING = re.compile(r"(?<=[a-z)])\s+\d{1,2}\.\d{1,2}(?=\s+[A-Z][a-z])")


def split_sentences(text: str) -> list[str]:
    """Split label text into sentences.

    Robust to abbreviations (e.g., i.e., Dr., U.S.), decimals ("2.5 mg", "≥ 10%"), single-letter
    initials ("C. difficile"); every bullet starts a new sentence; an all-caps heading at the start of a
    block ("WARNING: LACTIC ACIDOSIS Postmarketing cases ...") becomes its own sentence.
    """
    if not text:
        return []
    text = re.sub(r"[\u00ad\u200b\ufeff]", "", text).replace("\u00a0", " ")
    text = _REF_AFTER_STOP.sub(r"\1", text)  # "regimens. ( 2.2 , 2.3 ) The upper dose": a boundary
    text = _NUMBERED_HEADING.sub(
        ".", text
    )  # "... whenever possible 2.1 Depression Adults The ...": a boundary
    blocks = re.split(r"\n\s*\n|[" + _BULLETS + r"]|\n(?=\s*(?:[-*]\s|\d{1,2}(?:\.\d{1,2})+\s))", text)
    sentences: list[str] = []
    for block in blocks:
        block = " ".join(block.split())
        if not block:
            continue
        for chunk in _split_heading(block):
            start = 0
            for m in _BOUNDARY_RE.finditer(chunk):
                if m.group(1) == ".":
                    word = re.search(r"([A-Za-z][A-Za-z.]*)$", chunk[start : m.start(1)])
                    token = word.group(1).lower() if word else ""
                    if token in _NO_BREAK or (len(token) == 1 and token.isalpha()):
                        continue
                    if re.search(r"\d$", chunk[: m.start(1)]) and chunk[m.end() : m.end() + 1].isdigit():
                        continue  # "Table 2. 5 patients" is rare; "2. 5" inside lists is not a sentence end
                end = m.end(2)
                piece = chunk[start:end].strip()
                if piece:
                    sentences.append(piece)
                start = m.end()
            rest = chunk[start:].strip()
            if rest:
                sentences.extend(_split_heading(rest) if rest is not chunk else [rest])
    return [s for s in sentences if re.search(r"[A-Za-z0-9]", s)]
