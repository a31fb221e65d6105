"""Re-review: flag published answers when a label they cite gets a new current version, or when their review is
older than the allowed age (``rxanswers review-due``).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from rxanswers.labels.models import Label, LabelVersion
from rxanswers.review.audit import Action, Reason, Status, _audit
from rxanswers.review.models import Question, ReferenceIndex, ReviewTask

logger = logging.getLogger(__name__)

DEFAULT_MAX_AGE_DAYS = 365

# --- re-review ------------------------------------------------------------------------------------------


def _flag(question: Question, *, reason: str, details: dict, why: str, action: str) -> ReviewTask:
    task = ReviewTask.objects.create(question=question, reason=reason, details=details)
    question.status = Status.NEEDS_REREVIEW
    question.save(update_fields=["status", "updated_at"])
    _audit(
        user=None,
        action=action,
        question=question,
        revision=question.published_revision,
        reason=why,
        details=details | {"task": task.pk},
    )
    return task


def questions_flag_for_label_change(*, changes: list[tuple[int, int | None, int]]) -> list[ReviewTask]:
    """A label got a new current version: flag every published answer citing that label (set id) -- exactly
    those -- as needing re-review, with a task holding the old and new version ids.

    ``changes`` is ``[(label_id, old_current_version_id | None, new_current_version_id)]`` as sent by
    ``labels.signals.label_current_changed``.
    """
    changes = [(int(lid), old, int(new)) for lid, old, new in changes or []]
    if not changes:
        return []
    labels = Label.objects.in_bulk([lid for lid, _, _ in changes])
    by_set: dict[str, tuple[Label, int | None, int]] = {}
    for lid, old, new in changes:
        if lid in labels:
            by_set[labels[lid].set_id] = (labels[lid], old, new)
    refs = ReferenceIndex.objects.filter(
        set_id__in=list(by_set), question__published_revision=F("revision")
    ).values_list("question_id", "set_id", "label_version_id", "section_key")
    cited: dict[tuple[int, str], dict] = defaultdict(lambda: {"versions": set(), "sections": set()})
    for question_id, set_id, version_id, section in refs:
        cited[(question_id, set_id)]["versions"].add(version_id)
        cited[(question_id, set_id)]["sections"].add(section)
    new_versions = LabelVersion.objects.in_bulk([new for _, _, new in by_set.values()])
    tasks = []
    with transaction.atomic():
        for (question_id, set_id), refs_of in sorted(cited.items()):
            label, old, new = by_set[set_id]
            if refs_of["versions"] == {new}:
                continue  # the answer already cites the new current version
            question = Question.objects.select_for_update().get(pk=question_id)
            already = question.tasks.filter(
                reason=Reason.LABEL_CHANGE, details__set_id=set_id, details__new_version_id=new
            )
            if already.exists():
                continue
            version = new_versions.get(new)
            drug_names = sorted(label.drugs.values_list("name", flat=True))
            effective = version.effective_date if version else None
            details = {
                "label_id": label.pk,
                "set_id": set_id,
                "label_title": label.title,
                "drug_names": drug_names,
                "old_version_id": old,
                "new_version_id": new,
                "new_version": version.version if version else None,
                "new_effective_date": effective.isoformat() if effective else None,
                "cited_version_ids": sorted(refs_of["versions"]),
                "cited_sections": sorted(refs_of["sections"]),
            }
            why = (
                f"The FDA label {set_id} ({', '.join(drug_names) or label.title}) has a new current version"
                f" {version.version_display if version else new}"
                f" (effective {effective or 'date not stated'}); this answer cites it."
            )
            tasks.append(
                _flag(
                    question,
                    reason=Reason.LABEL_CHANGE,
                    details=details,
                    why=why,
                    action=Action.FLAG_LABEL_CHANGE,
                )
            )
    return tasks


def questions_flag_outdated_citations() -> list[ReviewTask]:
    """Backstop for the signal: flag published answers citing a label whose current version they have not
    been reviewed against (e.g. a label ingested while the review app was not listening)."""
    rows = (
        ReferenceIndex.objects.filter(question__published_revision=F("revision"))
        .values_list("set_id", "label_version_id")
        .distinct()
    )
    cited: dict[str, set[int]] = defaultdict(set)
    for set_id, version_id in rows:
        cited[set_id].add(version_id)
    changes = []
    for label in Label.objects.filter(set_id__in=list(cited)).exclude(current_version=None):
        if cited[label.set_id] != {label.current_version_id}:
            old = max(cited[label.set_id])
            changes.append((label.pk, old, label.current_version_id))
    return questions_flag_for_label_change(changes=changes)


def questions_flag_stale(*, max_age_days: int | None = None, now=None) -> list[ReviewTask]:
    """Flag published answers last reviewed more than ``max_age_days`` ago (default: the
    RXANSWERS_REVIEW_MAX_AGE_DAYS setting, 365)."""
    if max_age_days is None:
        max_age_days = getattr(settings, "RXANSWERS_REVIEW_MAX_AGE_DAYS", DEFAULT_MAX_AGE_DAYS)
    now = now or timezone.now()
    cutoff = now - timedelta(days=max_age_days)
    open_age_task = ReviewTask.objects.filter(
        question=OuterRef("pk"), reason=Reason.AGE, done_at__isnull=True
    )
    due = (
        Question.objects.filter(published_revision__isnull=False, reviewed_at__lt=cutoff)
        .filter(~Exists(open_age_task))
        .order_by("reviewed_at", "pk")
    )
    tasks = []
    with transaction.atomic():
        for question in due.select_for_update():
            details = {"reviewed_at": question.reviewed_at.isoformat(), "max_age_days": max_age_days}
            why = f"Last reviewed {question.reviewed_at:%Y-%m-%d}, more than {max_age_days} days ago."
            tasks.append(_flag(question, reason=Reason.AGE, details=details, why=why, action=Action.FLAG_AGE))
    return tasks


def on_label_current_changed(sender, changes, **kwargs) -> None:
    """Receiver of ``labels.signals.label_current_changed`` (connected in ``ReviewConfig.ready``).

    Runs after the ingest transaction committed; a failure here must not hide the ingest result, so it is
    logged (``manage.py review_due`` runs ``questions_flag_outdated_citations`` to catch up).
    """
    try:
        questions_flag_for_label_change(changes=changes)
    except Exception:  # noqa: BLE001 - logged, and recoverable with questions_flag_outdated_citations
        logger.exception("re-review flagging failed for label changes %r", changes)
