"""The application's URLs, plus a bare Django view: the floor a page's throughput is compared with."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


@login_not_required
def bare(request: HttpRequest) -> HttpResponse:
    """Through every middleware, with no query and no template."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare", bare), path("", include("desmigratif.urls"))]
