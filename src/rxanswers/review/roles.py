"""Roles: Django auth groups. An editor writes questions and drafts; a medical reviewer (with a profile naming
them and their credential) approves, rejects, publishes, unpublishes and edits; an admin manages accounts.

A reviewer may do everything an editor may. Superusers are admins, but never reviewers by default: a clinical
approval always carries a named, credentialed reviewer.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group

from rxanswers.review.models import ADMIN_GROUP, EDITOR_GROUP, REVIEWER_GROUP

ROLE_GROUPS = {"editor": EDITOR_GROUP, "reviewer": REVIEWER_GROUP, "admin": ADMIN_GROUP}


def ensure_groups() -> dict[str, Group]:
    return {role: Group.objects.get_or_create(name=name)[0] for role, name in ROLE_GROUPS.items()}


def _groups(user) -> set[str]:
    if not user or not user.is_authenticated or not user.is_active:
        return set()
    cached = getattr(user, "_rx_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._rx_groups = cached
    return cached


def is_reviewer(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """A medical reviewer: in the group *and* with a profile (name + credential) to sign approvals."""
    return REVIEWER_GROUP in _groups(user) and hasattr(user, "reviewer")


def is_editor(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """May create questions and edit drafts (editors and reviewers)."""
    return EDITOR_GROUP in _groups(user) or is_reviewer(user)


def is_admin(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or ADMIN_GROUP in _groups(user)))


def can_view_workflow(user) -> bool:
    return is_editor(user) or is_admin(user)


def display_name(user) -> str:
    if user is None:
        return "system"
    if hasattr(user, "reviewer"):  # the reverse one-to-one raises (an AttributeError) when absent
        return user.reviewer.signature
    return user.get_full_name() or user.get_username()
