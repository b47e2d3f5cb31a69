from django.urls import path

from financements.views import lines, site

app_name = "financements"

urlpatterns = [
    # What the money says
    path("sites/<int:pk>/financements/", site.site_funding, name="site_funding"),
    path("financements/", site.national_funding, name="national_funding"),
    # The funding lines of an action
    path("visions/actions/<int:pk>/financements/", lines.action_funding, name="action_funding"),
    path(
        "visions/actions/<int:pk>/financements/nouveau/",
        lines.funding_line_create,
        name="funding_line_create",
    ),
    path(
        "financements/lignes/<int:pk>/modifier/",
        lines.funding_line_edit,
        name="funding_line_edit",
    ),
    path(
        "financements/lignes/<int:pk>/supprimer/",
        lines.funding_line_delete,
        name="funding_line_delete",
    ),
]
