"""Editor, medical reviewer and admin accounts."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from rxanswers.review import roles
from rxanswers.review.audit import Action, _audit
from rxanswers.review.models import ReviewerProfile

_CREDENTIAL = re.compile(r"^[A-Za-z][A-Za-z0-9 .,'()/-]{0,59}$")


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
