from django.urls import path

from desmigratif.people import views

app_name = "people"

urlpatterns = [
    # People
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/edit/", views.person_edit, name="edit"),
    path("<int:person_id>/reveal-nik/", views.person_reveal_nik, name="reveal_nik"),
    # Consent
    path("<int:person_id>/consents/new/", views.consent_add, name="consent_add"),
    path(
        "<int:person_id>/consents/<int:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    # Households and family links
    path("<int:person_id>/household/new/", views.household_create, name="household_create"),
    path("<int:person_id>/family-links/new/", views.family_link_add, name="family_link_add"),
    path("households/<int:household_id>/", views.household_detail, name="household"),
    path(
        "households/<int:household_id>/members/<int:member_id>/remove/",
        views.household_member_remove,
        name="household_member_remove",
    ),
]
