from django.urls import path

from desmigratif.cooperatives import shu_views as views

app_name = "shu"

urlpatterns = [
    path("", views.shu_list, name="list"),
    path("<int:distribution_id>/", views.shu_detail, name="detail"),
]
