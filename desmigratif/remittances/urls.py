from django.urls import path

from desmigratif.remittances import views

app_name = "remittances"

urlpatterns = [
    path("", views.remittance_list, name="list"),
    path("summary/", views.remittance_summary, name="summary"),
    path("new/<int:person_id>/", views.remittance_new, name="new"),
    path("<int:remittance_id>/", views.remittance_detail, name="detail"),
    path("<int:remittance_id>/deposit/", views.remittance_deposit, name="deposit"),
]
