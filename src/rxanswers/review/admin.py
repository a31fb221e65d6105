"""Admin: accounts and reviewer profiles are managed here; clinical objects are read-only (they change only
through the review workflow, which writes the audit log)."""

from __future__ import annotations

from django.contrib import admin

from rxanswers.review import roles
from rxanswers.review.audit import _audit
from rxanswers.review.models import (
    AnswerRevision,
    AuditRecord,
    Question,
    ReferenceIndex,
    ReviewerProfile,
    ReviewTask,
)


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    list_display = ("display_name", "credential", "user", "created_at")
    search_fields = ("display_name", "credential", "user__username")
    raw_id_fields = ("user",)
    fields = ("user", "display_name", "credential", "bio")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        obj.user.groups.add(roles.ensure_groups()["reviewer"])
        _audit(
            user=request.user,
            action=AuditRecord.Action.REVIEWER_CREATE,
            object_repr=f"reviewer profile {obj.signature} ({obj.user.get_username()})",
            details={"username": obj.user.get_username(), "credential": obj.credential, "changed": change},
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ("text", "status", "reviewed_by", "reviewed_at", "last_updated")
    list_filter = ("status",)
    search_fields = ("text", "slug")


@admin.register(AnswerRevision)
class AnswerRevisionAdmin(ReadOnlyAdmin):
    list_display = ("question", "number", "author", "created_at", "note")
    search_fields = ("question__text",)


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor_name", "action", "object_repr", "reason")
    list_filter = ("action",)
    search_fields = ("object_repr", "actor_name", "reason")


@admin.register(ReferenceIndex)
class ReferenceIndexAdmin(ReadOnlyAdmin):
    list_display = ("question", "sentence_index", "set_id", "label_version", "section_key")
    search_fields = ("set_id", "question__text")


@admin.register(ReviewTask)
class ReviewTaskAdmin(ReadOnlyAdmin):
    list_display = ("question", "reason", "created_at", "done_at", "done_by")
    list_filter = ("reason",)
