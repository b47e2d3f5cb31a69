from django.urls import path

from accounts import proconnect, views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", views.LogoutView.as_view(), name="logout"),
    path("proconnect/connexion/", proconnect.login_start, name="proconnect_login"),
    path("proconnect/retour/", proconnect.login_callback, name="proconnect_callback"),
    path("mot-de-passe/oublie/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe/oublie/envoye/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/reinitialiser/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/reinitialise/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("connexion/code/", views.second_factor_verify, name="second_factor_verify"),
    path(
        "compte/double-authentification/",
        views.second_factor_setup,
        name="second_factor_setup",
    ),
    path("compte/", views.profile, name="profile"),
    path("compte/mot-de-passe/", views.PasswordChangeView.as_view(), name="password_change"),
    path("compte/jetons/nouveau/", views.api_token_create, name="api_token_create"),
    path("compte/jetons/<int:pk>/revoquer/", views.api_token_revoke, name="api_token_revoke"),
    path("invitation/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
]
