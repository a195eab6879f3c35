from django.urls import path

from desmigratif.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cohorts/", views.cohorts, name="cohorts"),
    path("map/", views.village_map_page, name="map"),
    path("indicators/", views.catalogue, name="catalogue"),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:pk>/", views.report, name="report"),
    path("reports/<int:pk>/pdf/", views.report_file, name="report_file"),
]
