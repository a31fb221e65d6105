"""Writes of the editorial layer. Every function takes keyword-only arguments, runs in one transaction, checks
the acting user's role and writes an ``AuditRecord`` for each clinical action.

State machine of a ``Question``::

    draft --submit--> in_review --publish--> published --(label change | age)--> needs_rereview
      ^                  |  \\--reject--> rejected --revise--> draft              |
      |                  |                                                       +--publish (re-approve)--> published
      +----unpublish-----+-- (from published / needs_rereview)

Editing a published answer keeps the reviewed revision public and puts the new revision in review.

This module holds the question workflow; the other writes live in ``citation_services`` (sentences,
citations, reference index), ``account_services``, ``rereview_services`` and ``price_services``, with the
shared helpers in ``audit``. The public names of the first three are re-exported here.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rxanswers.drugs.models import Drug
from rxanswers.review import roles
from rxanswers.review.account_services import account_create
from rxanswers.review.audit import (
    SLUG_MAX_CHARS,
    Action,
    Reason,
    Status,
    _audit,
    _close_tasks,
    _ensure_task,
    _latest_revision,
    _locked,
    _require,
    question_slug,
)
from rxanswers.review.citation_services import (
    MAX_SENTENCE_CHARS,
    MAX_SENTENCES,
    citation_normalize,
    reference_index_rebuild,
    sentences_validate,
)
from rxanswers.review.models import AnswerRevision, Question
from rxanswers.review.rereview_services import (
    DEFAULT_MAX_AGE_DAYS,
    on_label_current_changed,
    questions_flag_for_label_change,
    questions_flag_outdated_citations,
    questions_flag_stale,
)

MAX_QUESTION_CHARS = 500

__all__ = [
    "Action",
    "DEFAULT_MAX_AGE_DAYS",
    "MAX_QUESTION_CHARS",
    "MAX_SENTENCES",
    "MAX_SENTENCE_CHARS",
    "Reason",
    "SLUG_MAX_CHARS",
    "Status",
    "account_create",
    "answer_publish",
    "answer_regenerate",
    "answer_reject",
    "answer_revise",
    "answer_unpublish",
    "citation_normalize",
    "on_label_current_changed",
    "question_create_from_answer",
    "question_slug",
    "question_submit",
    "questions_flag_for_label_change",
    "questions_flag_outdated_citations",
    "questions_flag_stale",
    "reference_index_rebuild",
    "revision_restore",
    "sentences_validate",
    "user_may_edit",
]

# --- questions and revisions ----------------------------------------------------------------------------


def question_create_from_answer(*, question_text: str, user) -> Question:
    """Run the composer on ``question_text`` and store its answer as revision 1 of a new draft question."""
    from rxanswers.answers.pipeline import answer_question
    from rxanswers.review.selectors import question_conditions

    _require(roles.is_editor(user), "only editors and reviewers may create questions")
    question_text = " ".join((question_text or "").split())
    if not question_text:
        raise ValidationError("type a question")
    if len(question_text) > MAX_QUESTION_CHARS:
        raise ValidationError(f"a question has at most {MAX_QUESTION_CHARS} characters")
    result = answer_question(question_text)
    sentences = [s.to_dict() for s in result.answer.sentences] if result.answer else []
    notices = list(result.answer.notices) if result.answer else []
    drug_ids = [d.id for d in result.drugs if d.id]
    drugs = list(Drug.objects.filter(pk__in=drug_ids))
    with transaction.atomic():
        question = Question.objects.create(
            text=question_text,
            slug=question_slug(question_text),
            intent=result.intent or "",
            secondary_intent=result.secondary_intent or "",
            conditions=question_conditions(question_text, drugs),
            created_by=user,
        )
        question.drugs.set(drugs)
        revision = AnswerRevision.objects.create(
            question=question,
            number=1,
            sentences=sentences_validate(sentences),
            notices=notices,
            author=user,
            note="Generated from FDA labeling by the answer composer"
            + (f" (no answer: {result.abstained})" if result.abstained else ""),
        )
        _audit(
            user=user,
            action=Action.CREATE,
            question=question,
            revision=revision,
            details={"intent": question.intent, "drugs": [d.name for d in drugs]},
        )
    return question


def question_submit(*, question: Question, user, note: str = "") -> Question:
    """Send a draft (or a rejected question an editor has reworked) to the medical reviewers."""
    _require(roles.is_editor(user), "only editors and reviewers may submit questions for review")
    with transaction.atomic():
        question = _locked(question)
        if question.status not in (Status.DRAFT, Status.REJECTED):
            raise ValidationError(f"a {question.get_status_display().lower()} question cannot be submitted")
        latest = _latest_revision(question)
        if latest is None or not latest.sentences:
            raise ValidationError("the answer is empty: write at least one cited sentence first")
        question.status = Status.IN_REVIEW
        question.save(update_fields=["status", "updated_at"])
        _ensure_task(question, Reason.NEW_DRAFT, {"revision": latest.number})
        _audit(user=user, action=Action.SUBMIT, question=question, revision=latest, reason=note)
    return question


def user_may_edit(user, question: Question) -> bool:
    if roles.is_reviewer(user):
        return True
    editable = (Status.DRAFT, Status.REJECTED, Status.IN_REVIEW)
    return roles.is_editor(user) and question.status in editable


def _new_revision(
    *, question: Question, user, sentences: list[dict], note: str, action: str, restored_from=None
) -> AnswerRevision:
    latest = _latest_revision(question)
    sentences = sentences_validate(sentences)
    if latest is not None and sentences == latest.sentences:
        raise ValidationError("nothing changed: the answer is the same as the current revision")
    revision = AnswerRevision.objects.create(
        question=question,
        number=(latest.number + 1) if latest else 1,
        sentences=sentences,
        notices=list(latest.notices) if latest else [],
        author=user,
        note=note[:500],
        restored_from=restored_from,
    )
    if question.status == Status.REJECTED:
        question.status = Status.DRAFT
    elif question.status == Status.PUBLISHED:
        question.status = Status.IN_REVIEW  # the reviewed revision stays public until this one is approved
        _ensure_task(question, Reason.NEW_DRAFT, {"revision": revision.number})
    question.save(update_fields=["status", "updated_at"])
    _audit(
        user=user,
        action=action,
        question=question,
        revision=revision,
        reason=note,
        details={"from_revision": latest.number if latest else None}
        | ({"restored_revision": restored_from.number} if restored_from else {}),
    )
    return revision


def answer_revise(*, question: Question, user, sentences: list[dict], note: str = "") -> AnswerRevision:
    """Store edited sentences as a new, immutable revision (every sentence cited or a reviewer statement)."""
    with transaction.atomic():
        question = _locked(question)
        _require(user_may_edit(user, question), "you may not edit this answer")
        return _new_revision(
            question=question, user=user, sentences=sentences, note=note, action=Action.REVISE
        )


def revision_restore(*, question: Question, user, number: int, note: str = "") -> AnswerRevision:
    """Make an old revision current again, as a new revision (history is never rewritten)."""
    with transaction.atomic():
        question = _locked(question)
        _require(user_may_edit(user, question), "you may not edit this answer")
        old = question.revisions.filter(number=number).first()
        if old is None:
            raise ValidationError(f"no revision {number}")
        return _new_revision(
            question=question,
            user=user,
            sentences=old.sentences,
            note=note or f"Restored revision {number}",
            action=Action.RESTORE,
            restored_from=old,
        )


def answer_regenerate(*, question: Question, user, note: str = "") -> AnswerRevision:
    """A new revision composed afresh from the current labeling (e.g. after a label change)."""
    from rxanswers.answers.pipeline import answer_question

    result = answer_question(question.text)
    if result.answer is None:
        raise ValidationError(f"the composer has no answer now: {result.abstained}")
    with transaction.atomic():
        question = _locked(question)
        _require(user_may_edit(user, question), "you may not edit this answer")
        revision = _new_revision(
            question=question,
            user=user,
            sentences=[s.to_dict() for s in result.answer.sentences],
            note=note or "Regenerated from the current FDA labeling",
            action=Action.REVISE,
        )
        AnswerRevision.objects.filter(pk=revision.pk).update(notices=list(result.answer.notices))
        revision.refresh_from_db()
        return revision


def answer_publish(*, question: Question, user, note: str = "") -> Question:
    """Approve the latest revision and publish it (re-approval when the question needed re-review).

    Signs it with the reviewer, rebuilds the reference index and closes the question's open review tasks.
    """
    from rxanswers.review.selectors import question_conditions

    _require(roles.is_reviewer(user), "only medical reviewers may approve and publish answers")
    with transaction.atomic():
        question = _locked(question)
        if question.status not in (Status.DRAFT, Status.IN_REVIEW, Status.NEEDS_REREVIEW):
            raise ValidationError(f"a {question.get_status_display().lower()} question cannot be published")
        latest = _latest_revision(question)
        if latest is None or not latest.sentences:
            raise ValidationError("the answer is empty: there is nothing to publish")
        sentences_validate(latest.sentences)  # the sources must still exist
        reapproval = question.status == Status.NEEDS_REREVIEW
        tasks = list(question.tasks.filter(done_at__isnull=True).values("id", "reason", "details"))
        now = timezone.now()
        question.status = Status.PUBLISHED
        question.published_revision = latest
        question.reviewed_by = user
        question.reviewed_at = now
        question.last_updated = now
        question.rejection_reason = ""
        question.conditions = question_conditions(question.text, list(question.drugs.all()))
        question.save()
        reference_index_rebuild(question=question)
        _close_tasks(question, user)
        _audit(
            user=user,
            action=Action.REAPPROVE if reapproval else Action.PUBLISH,
            question=question,
            revision=latest,
            reason=note,
            details={"closed_tasks": [{"id": t["id"], "reason": t["reason"]} for t in tasks]},
        )
    return question


def answer_reject(*, question: Question, user, reason: str) -> Question:
    """Reject the answer under review, with a reason.

    Rejecting pending edits of a published answer keeps the published revision; rejecting an answer that
    needed re-review takes it off the site.
    """
    _require(roles.is_reviewer(user), "only medical reviewers may reject answers")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("say why the answer is rejected")
    with transaction.atomic():
        question = _locked(question)
        if question.status not in (Status.DRAFT, Status.IN_REVIEW, Status.NEEDS_REREVIEW):
            raise ValidationError(f"a {question.get_status_display().lower()} question cannot be rejected")
        if question.status == Status.IN_REVIEW and question.is_public:
            question.status = Status.PUBLISHED
            _close_tasks(question, user, [Reason.NEW_DRAFT])
        else:
            question.status = Status.REJECTED
            question.published_revision = None
            _close_tasks(question, user)
        question.rejection_reason = reason
        question.save()
        reference_index_rebuild(question=question)
        _audit(
            user=user,
            action=Action.REJECT,
            question=question,
            revision=_latest_revision(question),
            reason=reason,
        )
    return question


def answer_unpublish(*, question: Question, user, reason: str) -> Question:
    """Take a published answer off the site (back to draft), with a reason."""
    _require(roles.is_reviewer(user), "only medical reviewers may unpublish answers")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("say why the answer is unpublished")
    with transaction.atomic():
        question = _locked(question)
        if not question.is_public:
            raise ValidationError("the question is not published")
        revision = question.published_revision
        question.status = Status.DRAFT
        question.published_revision = None
        question.save()
        reference_index_rebuild(question=question)
        _close_tasks(question, user)
        _audit(user=user, action=Action.UNPUBLISH, question=question, revision=revision, reason=reason)
    return question


def question_asked(*, question: Question) -> None:
    """Count one /ask that showed this reviewed answer first (the home page lists the most asked). One UPDATE,
    no other field touched: the page's "last updated" and the content version stay as they are."""
    from django.db.models import F

    with transaction.atomic():
        Question.objects.filter(pk=question.pk).update(times_asked=F("times_asked") + 1)
