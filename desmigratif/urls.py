from django.contrib import admin
from django.urls import include, path

from desmigratif.agencies import views as agency_views
from desmigratif.api.api import api
from desmigratif.brokers import views as broker_views
from desmigratif.complaints import views as complaint_views
from desmigratif.core import views as core_views
from desmigratif.screening import views as screening_views
from desmigratif.vacancies import views as vacancy_views

urlpatterns = [
    path("", include("desmigratif.core.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("desmigratif.accounts.urls")),
    path("people/", include("desmigratif.people.urls")),
    path("cases/", include("desmigratif.migration.urls")),
    path("cases/<int:case_id>/screening/", screening_views.case_screen, name="case_screen"),
    path("cooperatives/", include("desmigratif.cooperatives.urls")),
    path("cooperatives/<int:cooperative_id>/loans/", include("desmigratif.cooperatives.loan_urls")),
    path("cooperatives/<int:cooperative_id>/shu/", include("desmigratif.cooperatives.shu_urls")),
    path("agencies/", include("desmigratif.agencies.urls")),
    path("remittances/", include("desmigratif.remittances.urls")),
    path("vacancies/", include("desmigratif.vacancies.urls")),
    path("rules/", include("desmigratif.rules.urls")),
    # Public pages (no account needed)
    path("cek-p3mi/", agency_views.agency_check, name="agency_check"),
    path("migrasi-aman/", include("desmigratif.placement.urls")),
    path("cek-tawaran/", screening_views.offer_check, name="offer_check"),
    path("lowongan/", vacancy_views.public_list, name="vacancy_search"),
    path("lowongan/<int:vacancy_id>/", vacancy_views.public_detail, name="vacancy_public"),
    path("complaints/", include("desmigratif.complaints.urls")),
    path("brokers/", include("desmigratif.brokers.urls")),
    path("enterprises/", include("desmigratif.enterprises.urls")),
    path("partners/", include("desmigratif.partners.urls")),
    path("facilitators/", include("desmigratif.facilitators.urls")),
    path("learning/", include("desmigratif.learning.urls")),
    # Public pages (no account needed)
    path("cek-p3mi/", agency_views.agency_check, name="agency_check"),
    path("pengaduan/", complaint_views.public_submit, name="complaint_submit"),
    path("pengaduan/terima/", complaint_views.public_receipt, name="complaint_receipt"),
    path("pengaduan/status/", complaint_views.public_status, name="complaint_status"),
    path("lapor-calo/", broker_views.public_report, name="broker_report"),
    path("lapor-calo/terima/", broker_views.public_thanks, name="broker_thanks"),
    path("audit/", include("desmigratif.audit.urls")),
    path("monitoring/", include("desmigratif.monitoring.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
