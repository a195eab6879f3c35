from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from desmigratif.accounts.models import ApiToken, User
from desmigratif.core.selectors import one


def api_tokens_for_user(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def get_api_token_for_user(user: User, token_id: int) -> ApiToken:
    token = one(ApiToken.objects.filter(user=user, pk=token_id))
    if token is None:
        raise Http404
    return token
