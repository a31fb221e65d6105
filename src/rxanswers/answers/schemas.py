"""The answer contract (stable: the CLI, the API and the review app rely on it).

A citation is the unit of trust: it travels unchanged from the label store to the page, the JSON and the CLI.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Citation:
    """Where a sentence comes from. ``source`` is ``fda_label`` for label text; else a DataSource key."""

    source: str
    section: str = ""
    set_id: str = ""
    version: int | None = None
    effective_date: str | None = None  # ISO date
    url: str = ""  # the section at this exact label version on this site
    dailymed_url: str = ""
    version_id: int | None = None  # LabelVersion primary key
    section_id: int | None = None
    source_name: str = ""
    snapshot_date: str | None = None
    record: str = ""  # for tabular sources: which record ("ANDA 078340", "NCI term imatinib mesylate")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if self.source == "fda_label":
            return {
                k: data[k]
                for k in (
                    "source",
                    "set_id",
                    "version",
                    "effective_date",
                    "section",
                    "url",
                    "dailymed_url",
                    "version_id",
                    "section_id",
                )
            }
        return {k: v for k, v in data.items() if v not in ("", None)}

    @property
    def key(self) -> tuple:
        return (self.source, self.set_id, self.version_id, self.section, self.record)


@dataclass
class Sentence:
    text: str
    citations: list[Citation]
    role: str = "answer"  # answer | context | absence | coverage (what the loaded label text leaves out)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "citations": [c.to_dict() for c in self.citations], "role": self.role}


@dataclass
class Answer:
    sentences: list[Sentence]
    notices: list[str] = field(default_factory=list)  # safety lines: not facts, never cited

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    def citations(self) -> list[Citation]:
        seen: dict[tuple, Citation] = {}
        for sentence in self.sentences:
            for citation in sentence.citations:
                seen.setdefault(citation.key, citation)
        return list(seen.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "sentences": [s.to_dict() for s in self.sentences],
            "notices": list(self.notices),
        }


@dataclass
class DrugRef:
    """What the question is about. ``kind == "class"`` when the question names only a drug class
    ("statins", "pain medication"): then ``name`` is the class's lay name, ``classes`` its FDA
    pharmacologic classes (EPC), ``members`` some drugs in it, and ``id``/``slug`` are None."""

    name: str
    brands: list[str]
    matched: str
    id: int | None  # Drug primary key, None when known only from a glossary
    slug: str | None = None
    confidence: float = 1.0
    has_label: bool = False
    kind: str = "drug"  # drug | class
    classes: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = {
            "name": self.name,
            "brands": self.brands,
            "matched": self.matched,
            "id": self.id,
            "slug": self.slug,
            "confidence": round(self.confidence, 3),
            "has_label": self.has_label,
            "kind": self.kind,
            "classes": self.classes,
            "members": self.members,
        }
        return data


@dataclass
class AnswerResult:
    question: str
    drugs: list[DrugRef]
    intent: str | None
    secondary_intent: str | None
    answer: Answer | None
    abstained: str | None = None
    suggestions: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    review: dict[str, Any] = field(default_factory=lambda: {"status": "unreviewed"})
    id: Any = None
    generated_on: date | None = None
    form: str | None = None  # the answer form the question expects (yes_no, how, when, how_much, ...)
    staff_notes: list[str] = field(
        default_factory=list
    )  # operator instructions: staff views and the CLI only

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "question": self.question,
            "drugs": [d.to_dict() for d in self.drugs],
            "intent": self.intent,
            "secondary_intent": self.secondary_intent,
            "answer": self.answer.to_dict() if self.answer else None,
            "abstained": self.abstained,
            "suggestions": self.suggestions,
            "classes": self.classes,
            "form": self.form,
            "review": self.review,
        }
