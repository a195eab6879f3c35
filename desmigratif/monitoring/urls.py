from django.urls import path

from desmigratif.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cohorts/", views.cohorts, name="cohorts"),
    path("map/", views.village_map_page, name="map"),
    path("indicators/", views.catalogue, name="catalogue"),
]
