from django.urls import path

from desmigratif.core.exports import moved_to_page
from desmigratif.partners import views

app_name = "partners"

urlpatterns = [
    # Programmes and the villages they support. A list downloads as ?format=xlsx or ?format=csv
    # (core.exports); the former .xlsx URLs redirect there.
    path("", views.programme_list, name="list"),
    path("programmes.xlsx", moved_to_page("partners:list")),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:programme_id>/", views.programme_detail, name="programme"),
    path("programmes/<int:programme_id>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:programme_id>/villages/new/", views.support_create, name="support_create"),
    # Village support
    path("villages/", views.support_list, name="supports"),
    path("villages.xlsx", moved_to_page("partners:supports")),
    path("villages/<str:village_code>/", views.village, name="village"),
    # Organisations
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:organisation_id>/edit/", views.organisation_edit, name="organisation_edit"),
    # Referrals
    path("referrals/", views.referral_list, name="referrals"),
    path("referrals.xlsx", moved_to_page("partners:referrals")),
    path("referrals/new/", views.referral_create, name="referral_create"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral"),
    path("referrals/<int:referral_id>/status/", views.referral_status, name="referral_status"),
    # Aggregates (partners)
    path("figures/", views.figures, name="figures"),
]
