from django.urls import path

from desmigratif.placement import views

app_name = "safe"

urlpatterns = [
    path("", views.index, name="index"),
    path("langkah/", views.steps, name="steps"),
    path("biaya/", views.costs, name="costs"),
    path("moratorium/", views.moratorium, name="moratorium"),
    path("pengaduan/", views.complain, name="complain"),
]
