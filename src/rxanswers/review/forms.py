"""The answer edit form: one fieldset per sentence (text, citation checkboxes, an optional extra label-section
link, "reviewer's own statement"). Plain form fields, so the whole workflow works with a keyboard alone."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.http import QueryDict

from rxanswers.labels.models import LabelVersion
from rxanswers.review.models import REVIEWER_STATEMENT

EXTRA_ROWS = 2  # blank sentences offered for adding text
MAX_ROWS = 40
_SECTION_LINK = re.compile(
    r"/labels/(?P<set_id>[^/\s#?]+)/v/(?P<pk>\d+)/?(?:[?][^#\s]*)?(?:#section-(?P<anchor>[\w-]+))?"
)


@dataclass
class EditRow:
    index: int
    text: str = ""
    role: str = "answer"
    cited: set[int] = field(default_factory=set)  # indexes into the citation pool
    link: str = ""

    @property
    def is_statement(self) -> bool:
        return self.role == REVIEWER_STATEMENT

    @property
    def number(self) -> int:
        return self.index + 1


def _pool_key(c: dict) -> tuple:
    return (c.get("source"), c.get("set_id"), c.get("version_id"), c.get("section"), c.get("record"))


def rows_from_sentences(sentences: list[dict], pool: list[dict]) -> list[EditRow]:
    index = {_pool_key(c): i for i, c in enumerate(pool)}
    rows = [
        EditRow(
            index=i,
            text=s["text"],
            role=s.get("role", "answer"),
            cited={index[_pool_key(c)] for c in s.get("citations", []) if _pool_key(c) in index},
        )
        for i, s in enumerate(sentences)
    ]
    return rows + [EditRow(index=len(rows) + k) for k in range(EXTRA_ROWS)]


def rows_from_post(post: QueryDict) -> list[EditRow]:
    try:
        count = min(int(post.get("count", "0")), MAX_ROWS)
    except ValueError:
        count = 0
    rows = []
    for i in range(count):
        cited = set()
        for value in post.getlist(f"s{i}-cite"):
            if value.isdigit():
                cited.add(int(value))
        role = post.get(f"s{i}-role") or "answer"
        if post.get(f"s{i}-statement"):
            role = REVIEWER_STATEMENT
        elif role == REVIEWER_STATEMENT:
            role = "answer"
        rows.append(
            EditRow(
                index=i,
                text=post.get(f"s{i}-text", ""),
                role=role,
                cited=cited,
                link=post.get(f"s{i}-link", "").strip(),
            )
        )
    return rows


def citation_from_link(link: str) -> dict:
    """A label citation from a section link of this site (``/labels/<set id>/v/<pk>/#section-<key>``)."""
    match = _SECTION_LINK.search(link)
    if not match:
        raise ValidationError(
            f"“{link[:80]}” is not a label section link; copy one from a label version page "
            "(it looks like /labels/SET-ID/v/123/#section-adverse-reactions)"
        )
    version = LabelVersion.objects.select_related("label").filter(pk=int(match["pk"])).first()
    if version is None or version.label.set_id != match["set_id"]:
        raise ValidationError(f"no label version {match['pk']} of set id {match['set_id']}")
    anchor = match["anchor"] or ""
    key = ""
    if anchor:
        keys = version.sections.values_list("key", flat=True).distinct()
        key = next((k for k in keys if k.replace("_", "-") == anchor), "")
        if not key:
            raise ValidationError(f"label version {version.pk} has no section “{anchor}”")
    return {"source": "fda_label", "set_id": version.label.set_id, "version_id": version.pk, "section": key}


def sentences_from_rows(rows: list[EditRow], pool: list[dict]) -> list[dict]:
    """Sentences (answers contract) from the form rows; the service validates and normalises them."""
    sentences = []
    for row in rows:
        text = " ".join(row.text.split())
        if not text:
            continue
        citations = [pool[i] for i in sorted(row.cited) if 0 <= i < len(pool)]
        citations = [{k: v for k, v in c.items() if k != "label"} for c in citations]
        if row.link:
            citations.append(citation_from_link(row.link))
        sentences.append({"text": text, "citations": citations, "role": row.role})
    return sentences
