"""Label versions of a drug and what changed between two of them (sections and sentences)."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from datetime import date

from django.db.models import Count

from rxanswers.drugs.facts import (
    InlineSegment,
    LabelHistory,
    SectionDiff,
    SectionView,
    SourceRef,
    VersionDiff,
    VersionInfo,
    _sources,
    _version_info,
    section_title,
    section_views,
)
from rxanswers.drugs.models import (
    Drug,
)
from rxanswers.labels.models import Label, LabelVersion

# --- label versions and diffs ----------------------------------------------------------------------------


def label_history(obj: Drug | Label | str) -> list[LabelHistory]:
    """Every version of a label (or of each label of a drug), newest first, with date, source and ingest time."""
    if isinstance(obj, Drug):
        labels = list(Label.objects.filter(drugs=obj))
    elif isinstance(obj, Label):
        labels = [obj]
    else:
        labels = list(Label.objects.filter(set_id=obj))
    if not labels:
        return []
    sources = _sources()
    versions = (
        LabelVersion.objects.filter(label__in=labels)
        .select_related("label")
        .annotate(section_count=Count("sections"))
    )
    by_label: dict[int, list[VersionInfo]] = defaultdict(list)
    for version in versions:
        by_label[version.label_id].append(_version_info(version, sources, version.section_count))
    histories = []
    for label in labels:
        infos = sorted(
            by_label.get(label.id, []),
            key=lambda v: (v.effective_date or date.min, v.version if v.version is not None else -1, v.pk),
            reverse=True,
        )
        histories.append(
            LabelHistory(
                set_id=label.set_id, title=label.title, dailymed_url=label.dailymed_url, versions=infos
            )
        )
    histories.sort(
        key=lambda h: (h.versions[0].is_current if h.versions else False, len(h.versions)), reverse=True
    )
    return histories


def label_version_get(set_id: str, version_pk: int) -> LabelVersion | None:
    return (
        LabelVersion.objects.filter(pk=version_pk, label__set_id=set_id)
        .select_related("label", "source")
        .first()
    )


def label_version_sections(version: LabelVersion) -> list[SectionView]:
    source = SourceRef.of(version.source)
    return section_views(list(version.sections.all().order_by("order", "id")), version, source)


def version_sources(version_pks: list[int]) -> dict[int, SourceRef]:
    """The data source of each label version (for citing search hits)."""
    sources = _sources()
    rows = LabelVersion.objects.filter(pk__in=version_pks).values_list("pk", "source_id")
    return {pk: sources[source_id] for pk, source_id in rows}


def version_info(version: LabelVersion) -> VersionInfo:
    return _version_info(version, _sources(), version.sections.count())


_SENTENCE_BREAK = re.compile(r"(?<=[.!?;:])\s+|\n+")
_WORDS = re.compile(r"\s+|[^\s]+")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_BREAK.split(text) if s and s.strip()]


def _inline(old: str, new: str) -> list[InlineSegment]:
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    segments: list[InlineSegment] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if segments and segments[-1].op == op:
            segments[-1].text += text
        else:
            segments.append(InlineSegment(op, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("equal", "".join(a[i1:i2]))
        else:
            add("delete", "".join(a[i1:i2]))
            add("insert", "".join(b[j1:j2]))
    return segments


def _keyed_sections(version: LabelVersion) -> dict[str, tuple[str, str, str]]:
    """key -> (title, anchor, text); repeated keys (several unclassified sections) are joined."""
    out: dict[str, tuple[str, str, list[str]]] = {}
    for section in version.sections.all().order_by("order", "id"):
        title, anchor, texts = out.setdefault(section.key, (section_title(section), section.anchor, []))
        texts.append(section.text)
    return {k: (t, a, "\n\n".join(texts)) for k, (t, a, texts) in out.items()}


def label_version_diff(old: LabelVersion, new: LabelVersion, *, context: int = 1) -> VersionDiff:
    """Section-by-section diff of two label versions: added, removed and changed sections.

    Each changed section has a unified diff (sentence by sentence) and an inline word diff.
    """
    sources = _sources()
    a, b = _keyed_sections(old), _keyed_sections(new)
    added, removed, changed, same = [], [], [], []
    for key in list(a) + [k for k in b if k not in a]:
        if key in a and key in b:
            (title, anchor, old_text), (new_title, _, new_text) = a[key], b[key]
            if old_text == new_text:
                same.append(key)
                continue
            unified = list(
                difflib.unified_diff(
                    _sentences(old_text),
                    _sentences(new_text),
                    fromfile=f"{key} (version {old.version_display}, {old.effective_date or 'undated'})",
                    tofile=f"{key} (version {new.version_display}, {new.effective_date or 'undated'})",
                    n=context,
                    lineterm="",
                )
            )
            changed.append(
                SectionDiff(key, new_title, anchor, "changed", unified, _inline(old_text, new_text))
            )
        elif key in b:
            title, anchor, text = b[key]
            added.append(
                SectionDiff(
                    key,
                    title,
                    anchor,
                    "added",
                    [f"+{s}" for s in _sentences(text)],
                    [InlineSegment("insert", text)],
                )
            )
        else:
            title, anchor, text = a[key]
            removed.append(
                SectionDiff(
                    key,
                    title,
                    anchor,
                    "removed",
                    [f"-{s}" for s in _sentences(text)],
                    [InlineSegment("delete", text)],
                )
            )
    return VersionDiff(
        old=_version_info(old, sources, old.sections.count()),
        new=_version_info(new, sources, new.sections.count()),
        added=added,
        removed=removed,
        changed=changed,
        unchanged_keys=same,
    )
