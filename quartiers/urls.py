from django.urls import path

from quartiers.views import (
    directory,
    followups,
    interventions,
    programme,
    sites,
    territories,
    users,
)

app_name = "quartiers"

urlpatterns = [
    # Territories
    path("quartiers/", territories.quartier_list, name="quartier_list"),
    path("quartiers/<str:code>/", territories.quartier_detail, name="quartier_detail"),
    # Sites
    path("sites/", sites.site_list, name="site_list"),
    path("sites/nouveau/", sites.site_create, name="site_create"),
    path("sites/<int:pk>/modifier/", sites.site_edit, name="site_edit"),
    path("sites/<int:pk>/supprimer/", sites.site_delete, name="site_delete"),
    path("sites/<int:pk>/statut/", sites.site_status_change, name="site_status_change"),
    path("sites/<int:pk>/trinome/<str:seat>/", sites.trinome_assign, name="trinome_assign"),
    path(
        "sites/<int:pk>/trinome/mandats/<int:mandate_pk>/terminer/",
        sites.trinome_end,
        name="trinome_end",
    ),
    path(
        "sites/<int:pk>/accompagnements/nouveau/",
        sites.accompaniment_create,
        name="accompaniment_create",
    ),
    path("accompagnements/<int:pk>/modifier/", sites.accompaniment_edit, name="accompaniment_edit"),
    path("sites/<int:pk>/relances/", followups.follow_up_list, name="follow_up_list"),
    path(
        "accompagnements/<int:pk>/interventions/",
        interventions.intervention_list,
        name="intervention_list",
    ),
    path(
        "interventions/<int:pk>/modifier/",
        interventions.intervention_edit,
        name="intervention_edit",
    ),
    path(
        "interventions/<int:pk>/supprimer/",
        interventions.intervention_delete,
        name="intervention_delete",
    ),
    path("sites/<int:pk>/acces/ajouter/", sites.site_member_add, name="site_member_add"),
    path(
        "sites/<int:pk>/acces/<int:access_pk>/retirer/",
        sites.site_member_remove,
        name="site_member_remove",
    ),
    # Directory
    path("structures/", directory.structure_list, name="structure_list"),
    path("structures/nouvelle/", directory.structure_create, name="structure_create"),
    path("structures/<int:pk>/", directory.structure_detail, name="structure_detail"),
    path("structures/<int:pk>/modifier/", directory.structure_edit, name="structure_edit"),
    path("personnes/", directory.personne_list, name="personne_list"),
    path("personnes/nouvelle/", directory.personne_create, name="personne_create"),
    path("personnes/<int:pk>/", directory.personne_detail, name="personne_detail"),
    path("personnes/<int:pk>/modifier/", directory.personne_edit, name="personne_edit"),
    # Programme
    path("centres-de-ressources/", programme.centre_list, name="centre_list"),
    path("centres-de-ressources/<int:pk>/", programme.centre_detail, name="centre_detail"),
    path("formation-action/", programme.cohort_list, name="cohort_list"),
    path("formation-action/nouvelle-cohorte/", programme.cohort_create, name="cohort_create"),
    path("formation-action/<int:year>/", programme.cohort_detail, name="cohort_detail"),
    path("formation-action/<int:year>/modifier/", programme.cohort_edit, name="cohort_edit"),
    path(
        "formation-action/<int:year>/sessions/nouvelle/",
        programme.session_create,
        name="session_create",
    ),
    path(
        "formation-action/<int:year>/sessions/<int:pk>/modifier/",
        programme.session_edit,
        name="session_edit",
    ),
    # Accounts, for national administrators
    path("utilisateurs/", users.user_list, name="user_list"),
    path("utilisateurs/inviter/", users.user_invite, name="user_invite"),
    path("utilisateurs/<int:pk>/", users.user_detail, name="user_detail"),
    path("utilisateurs/<int:pk>/reinviter/", users.user_reinvite, name="user_reinvite"),
]
