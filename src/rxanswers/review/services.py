"""Writes of the editorial layer. Every function takes keyword-only arguments, runs in one transaction, checks
the acting user's role and writes an ``AuditRecord`` for each clinical action.

State machine of a ``Question``::

    draft --submit--> in_review --publish--> published --(label change | age)--> needs_rereview
      ^                  |  \\--reject--> rejected --revise--> draft              |
      |                  |                                                       +--publish (re-approve)--> published
      +----unpublish-----+-- (from published / needs_rereview)

Editing a published answer keeps the reviewed revision public and puts the new revision in review.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.text import slugify

from rxanswers.core.models import DataSource
from rxanswers.drugs.models import Drug
from rxanswers.labels.models import Label, LabelVersion
from rxanswers.review import roles
from rxanswers.review.models import (
    REVIEWER_STATEMENT,
    SENTENCE_ROLES,
    AnswerRevision,
    AuditRecord,
    Question,
    ReferenceIndex,
    ReviewerProfile,
    ReviewTask,
)

logger = logging.getLogger(__name__)

Status = Question.Status
Action = AuditRecord.Action
Reason = ReviewTask.Reason

DEFAULT_MAX_AGE_DAYS = 365
MAX_SENTENCES = 30
MAX_SENTENCE_CHARS = 2000
MAX_QUESTION_CHARS = 500
SLUG_MAX_CHARS = 100
_CREDENTIAL = re.compile(r"^[A-Za-z][A-Za-z0-9 .,'()/-]{0,59}$")


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


# --- accounts -------------------------------------------------------------------------------------------


def account_create(
    *,
    username: str,
    role: str,
    display_name: str = "",
    credential: str = "",
    email: str = "",
    password: str | None = None,
    actor=None,
):
    """Create an editor, medical reviewer or admin account. Reviewers need a display name and a credential."""
    if role not in roles.ROLE_GROUPS:
        raise ValidationError(f"role must be one of {', '.join(roles.ROLE_GROUPS)}")
    display_name = " ".join(display_name.split())
    credential = " ".join(credential.split())
    if role == "reviewer":
        if not display_name:
            raise ValidationError("a medical reviewer needs a display name (shown on reviewed answers)")
        if not credential or not _CREDENTIAL.match(credential):
            raise ValidationError("a medical reviewer needs a credential such as PharmD, RPh, BPharm or MD")
    User = get_user_model()
    with transaction.atomic():
        if User.objects.filter(username=username).exists():
            raise ValidationError(f"user {username!r} already exists")
        user = User(username=username, email=email, is_staff=(role == "admin"))
        if display_name:
            first, _, last = display_name.partition(" ")
            user.first_name, user.last_name = first[:150], last[:150]
        if password:
            validate_password(password, user)
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        user.groups.add(roles.ensure_groups()[role])
        if role == "reviewer":
            ReviewerProfile.objects.create(user=user, display_name=display_name, credential=credential)
        _audit(
            user=actor,
            action=Action.REVIEWER_CREATE,
            object_repr=f"{role} account {username}",
            details={"username": username, "role": role, "credential": credential},
        )
    return user


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
