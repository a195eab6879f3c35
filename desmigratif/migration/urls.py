from django.urls import path

from desmigratif.migration import views

app_name = "migration"

urlpatterns = [
    # Cases
    path("", views.case_list, name="list"),
    path("expiring/", views.expiring_documents, name="expiring"),
    path("reminders/<int:reminder_id>/done/", views.reminder_done, name="reminder_done"),
    path("new/<int:person_id>/", views.case_open, name="open"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/advance/", views.case_advance, name="advance"),
    path("<int:case_id>/close/", views.case_close, name="close"),
    # Documents of a case
    path("<int:case_id>/documents/<int:document_id>/", views.document_edit, name="document"),
    path("<int:case_id>/documents/<int:document_id>/file/", views.document_file, name="document_file"),
]
