"""The consumer-wording vocabulary (``resources/consumer_terms.tsv``: how people say a condition or an effect,
and what labels call it), loaded and validated once. No database: question understanding reads it too."""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

CONSUMER_TERMS_FILE = Path(__file__).with_name("resources") / "consumer_terms.tsv"
_INITIAL_DOT = re.compile(r"(?<=\b[a-z])\.")  # "e. coli" is written for "e coli"


@dataclass(frozen=True)
class ConsumerTerm:
    said: tuple[str, ...]  # how people say it ("swollen ankles", "puffy ankles", ...)
    label_terms: tuple[str, ...]  # what labels call it ("peripheral edema", ...)
    kind: str


class ConsumerTerms:
    """The consumer-wording vocabulary (``resources/consumer_terms.tsv``), found in a question by word n-grams,
    the longest wording at each word first."""

    KINDS = frozenset({"adverse_reaction", "condition", "germ", "body_part", "lab", "other"})

    def __init__(self, rows: list[ConsumerTerm]):
        self.by_said = {said: row for row in rows for said in row.said}
        self.longest = max((len(w.split()) for w in self.by_said), default=0)

    def find(self, q: str):
        words = [(m.start(), m.end()) for m in re.finditer(r"[a-z0-9]+(?:['’-][a-z0-9]+)*", q)]
        found, i = [], 0
        while i < len(words):
            for n in range(min(self.longest, len(words) - i), 0, -1):
                start, end = words[i][0], words[i + n - 1][1]
                key = " ".join(q[a:b] for a, b in words[i : i + n])
                if key in self.by_said and " ".join(_INITIAL_DOT.sub(" ", q[start:end]).split()) == key:
                    found.append((start, end, self.by_said[key]))
                    i += n
                    break
            else:
                i += 1
        return found


def germs_in(question: str) -> list[ConsumerTerm]:
    """The germs a question names ("is cipro good for E. coli"), as consumer-term rows of kind ``germ``."""
    return [row for _, _, row in consumer_terms().find(question.lower()) if row.kind == "germ"]


@functools.lru_cache(maxsize=1)
def consumer_terms() -> ConsumerTerms:
    """Load and validate ``resources/consumer_terms.tsv`` (a bad row fails loudly with its line number)."""
    path = CONSUMER_TERMS_FILE
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        if reader.fieldnames != ["consumer", "label_terms", "kind", "note"]:
            raise ValueError(f"{path}: header must be consumer, label_terms, kind, note")
        for n, rec in enumerate(reader, 2):
            said = tuple(w.strip().lower() for w in rec["consumer"].split("|") if w.strip())
            terms = tuple(w.strip().lower() for w in rec["label_terms"].split("|") if w.strip())
            if not said or not terms or rec["kind"] not in ConsumerTerms.KINDS:
                raise ValueError(f"{path}:{n}: needs consumer wordings, label terms and a valid kind")
            rows.append(ConsumerTerm(said, terms, rec["kind"]))
    return ConsumerTerms(rows + _germ_rows({w for row in rows for w in row.said}))


def _germ_rows(listed: set[str]) -> list[ConsumerTerm]:
    """The germs label indications name (``understanding/data/pathogens.txt``), as people write them: "e coli"
    and "E. coli" are "escherichia coli", "serratia" its genus (a wording the TSV already lists keeps its own
    row)."""
    from rxanswers.answers.understanding.name_data import pathogens

    rows = []
    for germ in pathogens():
        genus, species = germ.split()
        said = tuple(w for w in (germ, f"{genus[0]} {species}") if w not in listed)
        if said:
            rows.append(ConsumerTerm(said, (germ,), "germ"))
    for genus in dict.fromkeys(germ.split()[0] for germ in pathogens()):  # "serratia", "chlamydia"
        if genus not in listed:
            rows.append(ConsumerTerm((genus,), (genus,), "germ"))
    return rows
