from django.urls import path

from desmigratif.complaints import views

app_name = "complaints"

urlpatterns = [
    # The handling chain's pages
    path("", views.complaint_list, name="list"),
    path("overdue/", views.overdue_list, name="overdue"),
    path("new/", views.complaint_create, name="create"),
    path("<int:complaint_id>/", views.complaint_detail, name="detail"),
    # Actions on a complaint: note, escalate, resolve, close
    path("<int:complaint_id>/<slug:action>/", views.complaint_action, name="action"),
]
