from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path(
        "rgpd/personnes/<int:pk>/export/",
        views.export,
        {"kind": "personne"},
        name="personne_export",
    ),
    path(
        "rgpd/personnes/<int:pk>/anonymiser/",
        views.anonymise,
        {"kind": "personne"},
        name="personne_anonymise",
    ),
    path("rgpd/comptes/<int:pk>/export/", views.export, {"kind": "compte"}, name="user_export"),
    path(
        "rgpd/comptes/<int:pk>/anonymiser/",
        views.anonymise,
        {"kind": "compte"},
        name="user_anonymise",
    ),
]
