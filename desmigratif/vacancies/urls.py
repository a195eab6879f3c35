from django.urls import path

from desmigratif.vacancies import views

app_name = "vacancies"

urlpatterns = [
    # Vacancies (staff)
    path("", views.vacancy_list, name="list"),
    path("new/", views.vacancy_create, name="create"),
    path("<int:vacancy_id>/", views.vacancy_detail, name="detail"),
    path("<int:vacancy_id>/edit/", views.vacancy_edit, name="edit"),
    path("<int:vacancy_id>/verify/", views.vacancy_verify, name="verify"),
    path("<int:vacancy_id>/candidates/", views.vacancy_candidates, name="candidates"),
    # Matching for a person
    path("for-person/<int:person_id>/", views.person_matches, name="for_person"),
]
