"""The application's URLs, plus the floors a page's throughput is compared with.

``bench/bare``: through every middleware, no session, no query, no template (the issue's bare view).
``bench/signed-in``: what every signed-in page does before its own work: the session (from Redis
when ``REDIS_URL`` is set, as bench/pages.py sets it), the user with their roles in one query; no
template. ``bench/chrome``: that, plus the base template
(navigation, language switch) around an empty page. Neither is a page of the application; they show
how much of a page's cost is the framework's and the sign-in's, whatever the page.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm


@login_not_required
def bare(request: HttpRequest) -> HttpResponse:
    """Through every middleware, with no query and no template."""
    return HttpResponse("ok", content_type="text/plain")


def signed_in(request: HttpRequest) -> HttpResponse:
    """The session, the user and their roles, as every signed-in page reads them."""
    return HttpResponse("ok" if has_perm(request.user, Perm.PEOPLE_VIEW) else "no", content_type="text/plain")


def chrome(request: HttpRequest) -> HttpResponse:
    """The base template around an empty page, for a signed-in user."""
    return render(request, "base.html", {})


urlpatterns = [
    path("bench/bare", bare),
    path("bench/signed-in", signed_in),
    path("bench/chrome", chrome),
    path("", include("desmigratif.urls")),
]
