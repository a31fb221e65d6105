"""Answer sentences and their citations, checked and rebuilt from the database (``sentences_validate``), and the
reference index from published sentences to label sections (``reference_index_rebuild``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from rxanswers.core.models import DataSource
from rxanswers.labels.models import LabelVersion
from rxanswers.review.models import REVIEWER_STATEMENT, SENTENCE_ROLES, Question, ReferenceIndex

MAX_SENTENCES = 30
MAX_SENTENCE_CHARS = 2000

# --- citations and sentences ----------------------------------------------------------------------------


def _label_citation(citation: dict) -> dict:
    """Rebuild a label citation from the database so a hand-edited citation cannot point anywhere untrue."""
    from rxanswers.answers.selectors import LabelView

    try:
        version_id = int(citation.get("version_id"))
    except (TypeError, ValueError):
        raise ValidationError("a label citation needs the label version id (version_id)") from None
    version = LabelVersion.objects.select_related("label").filter(pk=version_id).first()
    if version is None:
        raise ValidationError(f"label version {version_id} does not exist")
    if citation.get("set_id") and citation["set_id"] != version.label.set_id:
        raise ValidationError(f"label version {version_id} is not a version of set id {citation['set_id']}")
    view = LabelView(version=version)
    key = (citation.get("section") or "").strip()
    if not key:
        return view.label_citation().to_dict()
    sections = version.sections.filter(key=key)
    section = None
    if citation.get("section_id"):
        section = sections.filter(pk=citation["section_id"]).first()
    section = section or sections.order_by("order", "id").first()
    if section is None:
        raise ValidationError(f"label version {version_id} ({version.label.set_id}) has no section {key!r}")
    return view.citation(section).to_dict()


def _source_citation(citation: dict) -> dict:
    """A non-label citation must name a known data source (loaded, or in the source registry)."""
    from rxanswers.registry import REGISTRY

    key = citation.get("source") or ""
    source = DataSource.objects.filter(key=key).first()
    if source is not None:
        name, snapshot, home = source.name, source.snapshot_date, source.url
    elif key in REGISTRY:
        provenance = REGISTRY[key].provenance
        name, snapshot, home = provenance.name, provenance.snapshot_date, provenance.url
    else:
        raise ValidationError(f"unknown source {key!r}")
    url = str(citation.get("url") or "")
    if not url.startswith(("https://", "http://")):
        url = home
    out = {
        "source": key,
        "source_name": name,
        "snapshot_date": snapshot.isoformat() if snapshot else None,
        "record": str(citation.get("record") or "")[:500],
        "url": url,
    }
    return {k: v for k, v in out.items() if v not in ("", None)}


def citation_normalize(citation: dict) -> dict:
    if not isinstance(citation, dict) or not citation.get("source"):
        raise ValidationError("a citation must be an object with a source")
    if citation["source"] == "fda_label":
        return _label_citation(citation)
    return _source_citation(citation)


def sentences_validate(sentences: list[dict]) -> list[dict]:
    """Check and normalise answer sentences (the answers contract).

    Every sentence carries at least one citation, or is marked ``reviewer_statement`` (the reviewer's own
    words, shown as such). Citations are rebuilt from the database: a label citation must name a stored label
    version and one of its sections; any other citation must name a known data source.
    """
    if not isinstance(sentences, list):
        raise ValidationError("sentences must be a list")
    if len(sentences) > MAX_SENTENCES:
        raise ValidationError(f"an answer has at most {MAX_SENTENCES} sentences")
    out = []
    for n, sentence in enumerate(sentences, 1):
        if not isinstance(sentence, dict):
            raise ValidationError(f"sentence {n}: expected an object")
        text = " ".join(str(sentence.get("text") or "").split())
        if not text:
            continue  # an emptied sentence is a deleted sentence
        if len(text) > MAX_SENTENCE_CHARS:
            raise ValidationError(f"sentence {n}: at most {MAX_SENTENCE_CHARS} characters")
        role = sentence.get("role") or "answer"
        if role not in SENTENCE_ROLES:
            raise ValidationError(f"sentence {n}: unknown role {role!r}")
        citations, seen = [], set()
        for citation in sentence.get("citations") or []:
            normal = citation_normalize(citation)
            key = tuple(sorted((k, str(v)) for k, v in normal.items()))
            if key not in seen:
                seen.add(key)
                citations.append(normal)
        if not citations and role != REVIEWER_STATEMENT:
            raise ValidationError(
                f"sentence {n} (“{text[:60]}”) has no source: cite a label section or mark it as the "
                "reviewer's own statement"
            )
        out.append({"text": text, "citations": citations, "role": role})
    return out


# --- reference index ------------------------------------------------------------------------------------


def reference_index_rebuild(*, question: Question) -> int:
    """Replace the question's reference rows with those of its published revision (none if unpublished)."""
    ReferenceIndex.objects.filter(question=question).delete()
    revision = question.published_revision
    if revision is None:
        return 0
    rows, seen = [], set()
    for index, sentence in enumerate(revision.sentences):
        for citation in sentence.get("citations", []):
            if citation.get("source") != "fda_label" or not citation.get("version_id"):
                continue
            key = (index, citation["version_id"], citation.get("section") or "")
            if key in seen:
                continue
            seen.add(key)
            rows.append(
                ReferenceIndex(
                    question=question,
                    revision=revision,
                    sentence_index=index,
                    set_id=citation["set_id"],
                    label_version_id=citation["version_id"],
                    section_key=citation.get("section") or "",
                )
            )
    ReferenceIndex.objects.bulk_create(rows)
    return len(rows)
