from django.urls import path

from desmigratif.brokers import views

app_name = "brokers"

urlpatterns = [
    # Broker reports
    path("", views.report_list, name="list"),
    path("new/", views.report_create, name="create"),
    path("<int:report_id>/", views.report_detail, name="detail"),
    path("<int:report_id>/status/", views.report_status, name="status"),
    # Early warning: residents abroad without a procedural departure
    path("early-warning/", views.early_warning, name="early_warning"),
]
