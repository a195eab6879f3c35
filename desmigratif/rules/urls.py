from django.urls import path

from desmigratif.rules import views

app_name = "rules"

urlpatterns = [
    path("", views.rules_index, name="index"),
    path("<slug:slug>/", views.table_rows, name="table"),
    path("<slug:slug>/new/", views.row_create, name="create"),
    path("<slug:slug>/<int:row_id>/", views.row_edit, name="edit"),
    path("<slug:slug>/<int:row_id>/end/", views.row_end, name="end"),
]
