from django.urls import path

from desmigratif.core.exports import moved_to_page
from desmigratif.facilitators import views

app_name = "facilitators"

urlpatterns = [
    # Facilitators (appointments). A list downloads as ?format=xlsx or ?format=csv (core.exports);
    # the former export.xlsx URLs redirect there.
    path("", views.facilitator_list, name="list"),
    path("export.xlsx", moved_to_page("facilitators:list")),
    path("<int:appointment_id>/", views.facilitator_detail, name="detail"),
    path("<int:appointment_id>/end/", views.facilitator_end, name="end"),
    path("<int:appointment_id>/account/", views.facilitator_account, name="account"),
    # Village deliberations
    path("deliberations/", views.deliberation_list, name="deliberations"),
    path("deliberations/new/", views.deliberation_create, name="deliberation_create"),
    path("deliberations/<int:deliberation_id>/", views.deliberation_detail, name="deliberation"),
    path("deliberations/<int:deliberation_id>/minutes/", views.deliberation_minutes, name="minutes"),
    path("deliberations/<int:deliberation_id>/appoint/", views.deliberation_appoint, name="appoint"),
    # Visits and activities
    path("visits/", views.visit_list, name="visits"),
    path("visits/export.xlsx", moved_to_page("facilitators:visits")),
    path("visits/new/", views.visit_create, name="visit_create"),
    # Monthly reports
    path("reports/", views.report_list, name="reports"),
    path("reports/export.xlsx", moved_to_page("facilitators:reports")),
    path("reports/new/", views.report_create, name="report_create"),
    path("reports/overdue/", views.report_overdue, name="overdue"),
    path("reports/<int:report_id>/", views.report_detail, name="report"),
    path("reports/<int:report_id>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:report_id>/approve/", views.report_approve, name="report_approve"),
    path("reports/<int:report_id>/return/", views.report_return, name="report_return"),
]
