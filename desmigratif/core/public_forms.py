"""The one guard of every public (no-login) form: a per-address rate limit and a honeypot field.

Public forms (a complaint, a broker report) are open to anyone, so they are open to floods and to
bots. Two cheap defences, shared by every such form:

- ``public_form`` limits the POSTs one client address may make to all public forms together
  (``PUBLIC_FORM_RATE``, default 10 an hour), counted with django-ratelimit in the default cache.
  A refused post gets a 429 page in the visitor's language. The count is per process unless the
  cache is shared (``REDIS_URL``; docs/production.md). The client address is ``core.net.client_ip``
  (``X-Forwarded-For`` as far as ``PROXY_COUNT`` trusts it).
- ``HoneypotForm`` adds a field people never see (hidden by CSS, skipped by keyboard and screen
  readers) that form-filling bots do fill. A post with it filled is answered as if it succeeded
  and nothing is saved, so the bot learns nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited  # type: ignore[import-untyped]

from desmigratif.core.net import client_ip
from desmigratif.regions.models import Village

RATE_GROUP = "public-forms"
HONEYPOT_FIELD = "website"
VILLAGE_RESULTS = 10
VILLAGE_UNKNOWN = _("Choose your village from the list (search by its name or code first).")


def rate_limited(request: HttpRequest) -> bool:
    """Count this POST against the client address; True when it is over the limit."""
    return bool(
        is_ratelimited(
            request=request,
            group=RATE_GROUP,
            key=lambda _group, req: client_ip(req),
            rate=settings.PUBLIC_FORM_RATE,
            method="POST",
            increment=True,
        )
    )


def public_form(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Refuse a POST over the shared public-form rate limit with the 429 page; GETs are free."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "POST" and rate_limited(request):
            return render(request, "core/rate_limited.html", status=429)
        return view(request, *args, **kwargs)

    return wrapped


class HoneypotForm(forms.Form):
    """Base of every public form: a trap field for bots (see the module docstring)."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1", "class": "hp-input"}),
    )

    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())


def villages_matching(term: str) -> list[Village]:
    """Villages whose name starts with, or whose code is, the term: the public village picker."""
    term = " ".join(term.split())[:60]
    if len(term) < 3:
        return []
    return list(
        Village.objects.filter(Q(code=term) | Q(name__istartswith=term))
        .select_related("district__regency")
        .order_by("name", "code")[:VILLAGE_RESULTS]
    )


def village_label(village: Village) -> str:
    return f"{village.name}, {village.district.name}, {village.district.regency.name} ({village.code})"


class VillageField(forms.Field):
    """A village chosen by code (the picker's radio buttons or a typed code)."""

    default_error_messages = {"required": VILLAGE_UNKNOWN}

    def to_python(self, value: Any) -> Village | None:
        code = str(value or "").strip()
        if not code:
            return None
        village = Village.objects.filter(code=code).first() if len(code) <= 13 else None
        if village is None:
            raise forms.ValidationError(VILLAGE_UNKNOWN)
        return village


def village_picker(request: HttpRequest, selected: str = "") -> dict[str, Any]:
    """Template context of the village picker: villages matching ``?desa=`` plus the chosen one."""
    query = request.GET.get("desa", "")
    found = villages_matching(query)
    if selected and all(v.code != selected for v in found):
        chosen = Village.objects.filter(code=selected).select_related("district__regency").first()
        if chosen is not None:
            found.insert(0, chosen)
    return {"villages": [(v, village_label(v)) for v in found], "village_query": query, "selected": selected}


def render_village_choices(request: HttpRequest) -> HttpResponse | None:
    """The htmx answer of a public form's village search: only the choices, from the same URL."""
    if getattr(request, "htmx", False) and request.method == "GET":
        return render(request, "core/village_picker.html#choices", village_picker(request))
    return None
