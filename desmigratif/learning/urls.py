from django.urls import path

from desmigratif.core.exports import moved_to_page
from desmigratif.learning import views

app_name = "learning"

urlpatterns = [
    # Learning houses
    path("", views.house_list, name="houses"),
    path("houses/new/", views.house_create, name="house_create"),
    path("houses/<int:house_id>/", views.house_detail, name="house"),
    path("houses/<int:house_id>/edit/", views.house_edit, name="house_edit"),
    path("houses/<int:house_id>/volunteers/add/", views.volunteer_add, name="volunteer_add"),
    path("houses/<int:house_id>/children/new/", views.child_create, name="child_create"),
    path("houses/<int:house_id>/sessions/new/", views.session_create, name="session_create"),
    # Children
    path("children/", views.child_list, name="children"),
    path("children/export.xlsx", moved_to_page("learning:children")),  # now ?format= (core.exports)
    path("children/<int:child_id>/", views.child_detail, name="child"),
    path("children/<int:child_id>/edit/", views.child_edit, name="child_edit"),
    path("children/<int:child_id>/leave/", views.child_leave, name="child_leave"),
    path("children/<int:child_id>/concerns/new/", views.concern_create, name="concern_create"),
    # Sessions
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/export.xlsx", moved_to_page("learning:sessions")),
    path("sessions/<int:session_id>/", views.session_detail, name="session"),
    # Concerns (restricted)
    path("concerns/", views.concern_list, name="concerns"),
    path("concerns/<int:concern_id>/", views.concern_detail, name="concern"),
]
