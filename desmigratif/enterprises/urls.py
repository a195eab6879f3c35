from django.urls import path

from desmigratif.core.exports import moved_to_page
from desmigratif.enterprises import views

app_name = "enterprises"

urlpatterns = [
    # Enterprises. A list downloads as ?format=xlsx or ?format=csv (core.exports); the former
    # .xlsx URLs redirect there.
    path("", views.enterprise_list, name="list"),
    path("export.xlsx", moved_to_page("enterprises:list")),
    path("new/", views.enterprise_create, name="create"),
    path("<int:enterprise_id>/", views.enterprise_detail, name="detail"),
    path("<int:enterprise_id>/edit/", views.enterprise_edit, name="edit"),
    path("<int:enterprise_id>/status/", views.enterprise_status, name="status"),
    path("<int:enterprise_id>/progress/new/", views.progress_create, name="progress"),
    path("<int:enterprise_id>/products/new/", views.product_create, name="product_create"),
    path("<int:enterprise_id>/products/<int:product_id>/delete/", views.product_delete, name="product_delete"),
    path("<int:enterprise_id>/products/<int:product_id>/photo/", views.product_photo, name="product_photo"),
    # A village's progress
    path("villages/<str:village_code>/", views.village_progress, name="village"),
    # Trainings
    path("trainings/", views.training_list, name="trainings"),
    path("trainings/new/", views.training_create, name="training_create"),
    path("trainings/<int:training_id>/", views.training_detail, name="training"),
    path("trainings/<int:training_id>/participants.xlsx", moved_to_page("enterprises:training")),
    path("trainings/<int:training_id>/participants/add/", views.participant_add, name="participant_add"),
    path(
        "trainings/<int:training_id>/participants/<int:participant_id>/complete/",
        views.participant_complete,
        name="participant_complete",
    ),
    path("trainings/<int:training_id>/attendance/<str:day>/", views.attendance_sheet, name="attendance"),
]
