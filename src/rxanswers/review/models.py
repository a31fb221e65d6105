"""The editorial layer: questions, immutable answer revisions, reviewer profiles, the audit log, the reference
index (published answer sentence -> label set id / version / section) and the review tasks it drives.

Writes go through ``review.services`` (roles checked, one transaction, one audit record per clinical action);
reads through ``review.selectors``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from rxanswers.drugs.models import Drug
from rxanswers.labels.models import LabelVersion

# Auth group names (created by migration 0002; ``roles.ensure_groups`` recreates them if deleted).
EDITOR_GROUP = "editor"
REVIEWER_GROUP = "medical reviewer"
ADMIN_GROUP = "admin"

# Sentence roles in an answer revision: the composer's roles plus the reviewer's own statement.
REVIEWER_STATEMENT = "reviewer_statement"
SENTENCE_ROLES = ("answer", "context", "absence", "coverage", REVIEWER_STATEMENT)


class ReviewerProfile(models.Model):
    """Who a medical reviewer is, as readers see it: "Medically reviewed by NAME, CREDENTIAL"."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviewer")
    display_name = models.CharField(max_length=200)
    credential = models.CharField(max_length=60, help_text="e.g. PharmD, RPh, BPharm, MD")
    bio = models.TextField(
        blank=True, max_length=1500, help_text="shown on /reviewers/: training, practice, areas of expertise"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.signature

    @property
    def signature(self) -> str:
        return f"{self.display_name}, {self.credential}"


class Question(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"
        NEEDS_REREVIEW = "needs_rereview", "Needs re-review"

    text = models.CharField(max_length=500)
    slug = models.SlugField(max_length=120, unique=True, help_text="stable: never changes once created")
    drugs = models.ManyToManyField(Drug, blank=True, related_name="questions")
    intent = models.CharField(max_length=40, blank=True)
    secondary_intent = models.CharField(max_length=40, blank=True)
    conditions = models.JSONField(
        default=list, blank=True, help_text="condition terms from the question and the drugs' indications"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    times_asked = models.PositiveIntegerField(
        default=0, help_text="how often /ask showed this reviewed answer first (the home page's most asked)"
    )
    rejection_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, help_text="any change, including re-review flags")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    last_updated = models.DateTimeField(
        null=True, blank=True, help_text="when the published answer was last approved (shown to readers)"
    )
    published_revision = models.ForeignKey(
        "AnswerRevision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-updated_at", "id"]
        indexes = [models.Index(fields=["status", "reviewed_at"])]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("review:question", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.published_revision_id is not None


class ImmutableModel(models.Model):
    """Rows written once: saving an existing row or deleting one raises."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError(f"{type(self).__name__} rows are immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(f"{type(self).__name__} rows are immutable")


class AnswerRevision(ImmutableModel):
    """One version of an answer. ``sentences`` follow the answers contract:
    ``[{"text", "citations": [{"source", "set_id", "version", "effective_date", "section", "url", ...}], "role"}]``
    where ``role`` may also be ``reviewer_statement`` (the reviewer's own words, shown as such)."""

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    sentences = models.JSONField(default=list)
    notices = models.JSONField(default=list, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=500, blank=True)
    restored_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["question_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="uniq_revision_number"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id} revision {self.number}"

    @property
    def text(self) -> str:
        return " ".join(s["text"] for s in self.sentences)


class AuditRecord(ImmutableModel):
    """Who did what to which object, when, and why. Written for every clinical action; never edited."""

    class Action(models.TextChoices):
        CREATE = "create", "Created question"
        REVISE = "revise", "Revised answer"
        RESTORE = "restore", "Restored revision"
        SUBMIT = "submit", "Submitted for review"
        PUBLISH = "publish", "Approved and published"
        REAPPROVE = "reapprove", "Re-approved and published"
        REJECT = "reject", "Rejected"
        UNPUBLISH = "unpublish", "Unpublished"
        FLAG_LABEL_CHANGE = "flag_label_change", "Flagged: label changed"
        FLAG_AGE = "flag_age", "Flagged: review due by age"
        REVIEWER_CREATE = "reviewer_create", "Reviewer account created"
        PRICE_PROPOSE = "price_propose", "List price entered"
        PRICE_APPROVE = "price_approve", "List price approved"
        PRICE_REJECT = "price_reject", "List price rejected"
        PRICE_WITHDRAW = "price_withdraw", "List price withdrawn"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="empty for automatic actions (label change, age)",
    )
    actor_name = models.CharField(max_length=300, blank=True, help_text="as shown at the time")
    action = models.CharField(max_length=32, choices=Action.choices)
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.PROTECT, related_name="audit_records"
    )
    revision = models.ForeignKey(
        AnswerRevision, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_repr = models.CharField(max_length=500)
    reason = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name or 'system'} {self.action} {self.object_repr}"
        )


class ReferenceIndex(models.Model):
    """One row per (published answer sentence, label citation): what re-review on label change is driven by.

    Rebuilt for a question whenever its published revision changes; empty for unpublished questions.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="references")
    revision = models.ForeignKey(AnswerRevision, on_delete=models.PROTECT, related_name="+")
    sentence_index = models.PositiveIntegerField()
    set_id = models.CharField(max_length=64, db_index=True)
    label_version = models.ForeignKey(LabelVersion, on_delete=models.PROTECT, related_name="+")
    section_key = models.CharField(max_length=100, blank=True, help_text="empty: the label as a whole")

    class Meta:
        ordering = ["question_id", "sentence_index", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "sentence_index", "label_version", "section_key"], name="uniq_reference"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}#{self.sentence_index} -> {self.set_id} v{self.label_version_id} {self.section_key}"


class ReviewTask(models.Model):
    """Something a reviewer must look at: a new draft, a changed label, or an answer due by age."""

    class Reason(models.TextChoices):
        NEW_DRAFT = "new_draft", "New draft"
        LABEL_CHANGE = "label_change", "Label changed"
        AGE = "age", "Due for review by age"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="tasks")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    details = models.JSONField(
        default=dict,
        blank=True,
        help_text="label_change: label_id, set_id, old_version_id, new_version_id, cited versions and sections",
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["done_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.question_id}"

    @property
    def is_open(self) -> bool:
        return self.done_at is None
