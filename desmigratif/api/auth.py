"""Token authentication for the JSON API: ``Authorization: Bearer dsm_…``, one key per client."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja.security import HttpBearer

from desmigratif.accounts.models import ApiToken

READ_ONLY_TOKEN = _("This API token is read-only; use a read-write token to make changes.")

# Writing last_used_at on every call would turn every read into a write; once a minute is enough.
_LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > _LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


def require_write(request: HttpRequest) -> None:
    token: ApiToken | None = getattr(request, "api_token", None)
    if token is None or token.read_only:
        raise PermissionDenied(READ_ONLY_TOKEN)
