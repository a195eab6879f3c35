from django.contrib import admin
from django.urls import include, path

from desmigratif.agencies import views as agency_views
from desmigratif.api.api import api
from desmigratif.core import views as core_views

urlpatterns = [
    path("", include("desmigratif.core.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("desmigratif.accounts.urls")),
    path("people/", include("desmigratif.people.urls")),
    path("cases/", include("desmigratif.migration.urls")),
    path("cooperatives/", include("desmigratif.cooperatives.urls")),
    path("agencies/", include("desmigratif.agencies.urls")),
    # Public pages (no account needed)
    path("cek-p3mi/", agency_views.agency_check, name="agency_check"),
    path("migrasi-aman/", include("desmigratif.placement.urls")),
    path("audit/", include("desmigratif.audit.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
