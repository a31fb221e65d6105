"""What a search returns -- drug names (``NameHit``), label sections (``SectionHit``), both (``SearchResults``) --
and the query length limit every search applies (``query_problem``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_QUERY_LENGTH = 200
CONFIDENT_SCORE = 90.0  # a top name hit at least this good ...
CONFIDENT_MARGIN = 5.0  # ... and this far ahead of the next drug is shown as "Showing results for X"


@dataclass(frozen=True)
class NameHit:
    drug_id: int
    drug_slug: str
    drug_name: str
    matched_name: str
    kind: str
    score: float  # 0-100


@dataclass(frozen=True)
class SectionHit:
    section_id: int
    section_key: str
    section_title: str
    snippet: str
    drug_slug: str | None
    drug_name: str | None
    set_id: str
    version: int | None
    effective_date: object
    label_title: str
    version_pk: int = 0  # LabelVersion primary key (for the /labels/<set_id>/v/<pk>/ URL)

    @property
    def anchor(self) -> str:
        """The section's id on its label version page (same rule as ``Section.anchor``)."""
        return f"section-{self.section_key.replace('_', '-')}"


@dataclass
class SearchResults:
    query: str
    names: list[NameHit] = field(default_factory=list)
    sections: list[SectionHit] = field(default_factory=list)
    # Set when the query's own words found no label text and the sections shown are those of the
    # confidently matched drug instead ("metformen" -> sections of metformin's label).
    sections_for_drug: NameHit | None = None

    @property
    def best_drug(self) -> NameHit | None:
        return self.names[0] if self.names else None

    @property
    def confident_drug(self) -> NameHit | None:
        """The top name hit when it is good (score >= 90) and clearly ahead of the runner-up."""
        if not self.names or self.names[0].score < CONFIDENT_SCORE:
            return None
        if len(self.names) > 1 and self.names[0].score - self.names[1].score < CONFIDENT_MARGIN:
            return None
        return self.names[0]


def query_problem(query: str | None) -> str:
    """Why a search query cannot be run ("" when it can): empty, or longer than MAX_QUERY_LENGTH."""
    text = " ".join((query or "").split())
    if not text:
        return "Enter a drug name or some words to search for."
    if len(text) > MAX_QUERY_LENGTH:
        return (
            f"Your search is {len(text)} characters long; the limit is {MAX_QUERY_LENGTH}. "
            "Please shorten it (a drug name or a few words work best)."
        )
    return ""
