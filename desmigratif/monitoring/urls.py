from django.urls import path

from desmigratif.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("indicators/", views.catalogue, name="catalogue"),
]
