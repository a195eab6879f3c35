from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from desmigratif.accounts import selectors, services
from desmigratif.accounts.forms import ApiTokenForm
from desmigratif.accounts.models import User


def _set_language_cookie(response: HttpResponseBase, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=cast(Any, settings.LANGUAGE_COOKIE_SAMESITE),
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )


class LoginView(auth_views.LoginView):
    """Django's login view; it also restores the language the user chose last time."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        if user.language in dict(settings.LANGUAGES):
            _set_language_cookie(response, user.language)
        return response


@login_not_required
@require_POST
def language_set(request: HttpRequest) -> HttpResponseRedirect:
    """Switch the interface language; remembered on the account when signed in."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            assert isinstance(request.user, User)
            services.user_set_language(user=request.user, language=language)
        _set_language_cookie(response, language)
    return response


@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponseBase:
    """The user's own API tokens: list, and create one (its key is shown once)."""
    assert isinstance(request.user, User)
    form = ApiTokenForm(request.POST or None)
    new_key = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _token, new_key = services.api_token_create(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    read_only=form.cleaned_data["read_only"],
                    actor=request.user,
                )
                form = ApiTokenForm()
            except ValidationError as exc:
                form.add_error(None, exc)
        if not new_key:
            status = 400
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "tokens": selectors.api_tokens_for_user(request.user), "new_key": new_key},
        status=status,
    )


@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponseRedirect:
    assert isinstance(request.user, User)
    token = selectors.get_api_token_for_user(request.user, token_id)
    try:
        services.api_token_revoke(token=token, actor=request.user)
        messages.success(request, _("The token was revoked."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("accounts:api_tokens")
