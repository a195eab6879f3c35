"""Writes to accounts: API tokens and the user's language."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.models import ApiToken, RoleAssignment, User
from desmigratif.accounts.roles import ROLE_REGION_LEVELS, region_level
from desmigratif.audit.models import AuditEvent
from desmigratif.audit.services import audit_record
from desmigratif.regions.models import District, Province, Regency, Village

TOKEN_NAME_REQUIRED = _("Give the token a name, so you can tell it apart later.")
TOKEN_ALREADY_REVOKED = _("This token was already revoked.")
ROLE_REGION_LEVEL_WRONG = _("This role is assigned to a region of another level.")
ROLE_REGION_UNKNOWN = _("This region code is not in the region list.")


@transaction.atomic
def api_token_create(*, user: User, name: str, read_only: bool, actor: Any) -> tuple[ApiToken, str]:
    """Create a token and return it with its key, which is shown once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": [ValidationError(TOKEN_NAME_REQUIRED)]})
    token = ApiToken(user=user, name=name[:100], read_only=read_only)
    raw = token.set_new_key()
    token.save(force_insert=True)
    audit_record(
        actor=actor,
        event=AuditEvent.API_TOKEN_CREATED,
        subject=token,
        region_code="",
        changes={"name": [None, token.name], "read_only": [None, read_only]},
        label=user.username,
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Any) -> ApiToken:
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        raise ValidationError(TOKEN_ALREADY_REVOKED)
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        event=AuditEvent.API_TOKEN_REVOKED,
        subject=locked,
        region_code="",
        label=locked.user.username,
    )
    return locked


def user_set_language(*, user: User, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


@transaction.atomic
def role_assign(*, user: User, role: str, region_code: str) -> RoleAssignment:
    """Give a user a role for a region; the region's level must suit the role."""
    level = region_level(region_code)
    if level not in ROLE_REGION_LEVELS[role]:
        raise ValidationError({"region_code": [ValidationError(ROLE_REGION_LEVEL_WRONG)]})
    region_models: dict[int, Any] = {1: Province, 2: Regency, 3: District, 4: Village}
    if level and not region_models[level].objects.filter(code=region_code).exists():
        raise ValidationError({"region_code": [ValidationError(ROLE_REGION_UNKNOWN)]})
    assignment, _created = RoleAssignment.objects.update_or_create(
        user=user, role=role, region_code=region_code, defaults={"is_active": True}
    )
    return assignment
