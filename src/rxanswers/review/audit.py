"""The audit record and the small pieces every editorial write shares: role checks, row locks, review tasks,
question slugs. Used inside the transactions of ``services``, ``rereview_services``, ``account_services`` and
``price_services``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.text import slugify

from rxanswers.review import roles
from rxanswers.review.models import AnswerRevision, AuditRecord, Question, ReviewTask

Status = Question.Status
Action = AuditRecord.Action
Reason = ReviewTask.Reason

SLUG_MAX_CHARS = 100

# --- helpers --------------------------------------------------------------------------------------------


def _audit(
    *,
    user,
    action: str,
    question: Question | None = None,
    revision: AnswerRevision | None = None,
    reason: str = "",
    details: dict | None = None,
    object_repr: str = "",
) -> AuditRecord:
    return AuditRecord.objects.create(
        actor=user,
        actor_name=roles.display_name(user),
        action=action,
        question=question,
        revision=revision,
        object_repr=(object_repr or (f"question “{question.text}”" if question else ""))[:500],
        reason=reason,
        details=details or {},
    )


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _locked(question: Question) -> Question:
    """Re-read the question inside the transaction, locking its row (PostgreSQL) against concurrent actions."""
    return Question.objects.select_for_update().get(pk=question.pk)


def _latest_revision(question: Question) -> AnswerRevision | None:
    return question.revisions.order_by("-number").first()


def _open_task(question: Question, reason: str) -> ReviewTask | None:
    return question.tasks.filter(reason=reason, done_at__isnull=True).first()


def _ensure_task(question: Question, reason: str, details: dict | None = None) -> ReviewTask:
    return _open_task(question, reason) or ReviewTask.objects.create(
        question=question, reason=reason, details=details or {}
    )


def _close_tasks(question: Question, user, reasons: list[str] | None = None) -> int:
    tasks = question.tasks.filter(done_at__isnull=True)
    if reasons is not None:
        tasks = tasks.filter(reason__in=reasons)
    return tasks.update(done_at=timezone.now(), done_by=user)


def question_slug(text: str, *, exclude_pk: int | None = None) -> str:
    """A readable, unique slug: ``how-does-besponsa-work-to-treat-acute-lymphoblastic-leukemia``."""
    base = slugify(text)[:SLUG_MAX_CHARS].strip("-")
    if len(slugify(text)) > SLUG_MAX_CHARS and "-" in base:
        base = base.rsplit("-", 1)[0]  # cut at a word boundary
    base = base or "question"
    slug, n = base, 2
    taken = Question.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug
