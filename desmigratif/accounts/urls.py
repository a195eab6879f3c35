from django.contrib.auth import views as auth_views
from django.urls import path

from desmigratif.accounts import views

app_name = "accounts"

urlpatterns = [
    # Sign in and out
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.language_set, name="language"),
    # API tokens
    path("tokens/", views.api_tokens, name="api_tokens"),
    path("tokens/<int:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
