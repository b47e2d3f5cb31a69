from django.urls import path

from financements.views import calls, carriers, lines, opendata, site

app_name = "financements"

urlpatterns = [
    # What the money says
    path("sites/<int:pk>/financements/", site.site_funding, name="site_funding"),
    path("financements/", site.national_funding, name="national_funding"),
    path(
        "sites/<int:pk>/financements/subventions.csv",
        opendata.site_scdl_export,
        name="site_scdl_export",
    ),
    path(
        "financements/subventions.csv", opendata.national_scdl_export, name="national_scdl_export"
    ),
    path("sites/<int:pk>/financements/import/", opendata.funding_import, name="funding_import"),
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
    # Appels à vision
    path("sites/<int:pk>/appels/", calls.call_list, name="call_list"),
    path("sites/<int:pk>/appels/nouveau/", calls.call_create, name="call_create"),
    path("appels/<int:pk>/", calls.call_detail, name="call_detail"),
    path("appels/<int:pk>/enveloppes/nouvelle/", calls.envelope_add, name="envelope_add"),
    path("appels/<int:pk>/criteres/nouveau/", calls.criterion_add, name="criterion_add"),
    path("appels/<int:pk>/propositions/nouvelle/", calls.proposal_create, name="proposal_create"),
    path("appels/propositions/<int:pk>/", calls.proposal_detail, name="proposal_detail"),
    path("appels/propositions/<int:pk>/evaluer/", calls.review_edit, name="review_edit"),
    path("appels/propositions/<int:pk>/decision/", calls.proposal_decide, name="proposal_decide"),
    path(
        "appels/propositions/<int:pk>/en-action/",
        calls.proposal_to_action,
        name="proposal_to_action",
    ),
    path(
        "appels/propositions/documents/<int:pk>/",
        calls.proposal_document_download,
        name="proposal_document_download",
    ),
    # Carriers, without an account
    path("appel/<str:token>/", carriers.carrier_submit, name="carrier_submit"),
    path("appel/proposition/<str:token>/", carriers.carrier_proposal, name="carrier_proposal"),
]
