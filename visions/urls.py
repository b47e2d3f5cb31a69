from django.urls import path

from visions.views import actions, assessments, indicators, library, overview, tree, vision

app_name = "visions"

urlpatterns = [
    path("visions/", overview.vision_overview, name="vision_overview"),
    # The vision of a site
    path("sites/<int:pk>/vision/", vision.vision_detail, name="vision_detail"),
    path("sites/<int:pk>/vision/nouvelle/", vision.vision_create, name="vision_create"),
    path("sites/<int:pk>/vision/modifier/", vision.vision_edit, name="vision_edit"),
    path("sites/<int:pk>/vision/statut/", vision.vision_status, name="vision_status"),
    path("sites/<int:pk>/vision/adopter/", vision.vision_adopt, name="vision_adopt"),
    path("sites/<int:pk>/vision/versions/", vision.version_diff, name="version_diff"),
    path("sites/<int:pk>/vision/arbre/", tree.vision_tree, name="vision_tree"),
    # Objectives
    path(
        "sites/<int:pk>/vision/objectifs/nouveau/",
        vision.objective_create,
        name="objective_create",
    ),
    path("visions/objectifs/<int:pk>/modifier/", vision.objective_edit, name="objective_edit"),
    path("visions/objectifs/<int:pk>/deplacer/", vision.objective_move, name="objective_move"),
    path("visions/objectifs/<int:pk>/supprimer/", vision.objective_delete, name="objective_delete"),
    # Indicators and measurements
    path(
        "visions/objectifs/<int:pk>/indicateurs/nouveau/",
        indicators.indicator_create,
        name="indicator_create",
    ),
    path("visions/indicateurs/<int:pk>/", indicators.indicator_detail, name="indicator_detail"),
    path(
        "visions/indicateurs/<int:pk>/modifier/",
        indicators.indicator_edit,
        name="indicator_edit",
    ),
    path(
        "visions/indicateurs/<int:pk>/supprimer/",
        indicators.indicator_delete,
        name="indicator_delete",
    ),
    path(
        "visions/indicateurs/<int:pk>/inverser-la-courbe/",
        indicators.curve_edit,
        name="curve_edit",
    ),
    path(
        "visions/indicateurs/<int:pk>/mesures/nouvelle/",
        indicators.measurement_create,
        name="measurement_create",
    ),
    path(
        "visions/indicateurs/<int:pk>/donnee-officielle/",
        indicators.indicator_official_measurement,
        name="indicator_official_measurement",
    ),
    path(
        "visions/mesures/<int:pk>/supprimer/",
        indicators.measurement_delete,
        name="measurement_delete",
    ),
    path("sites/<int:pk>/indicateurs/", indicators.indicator_grid, name="indicator_grid"),
    path(
        "sites/<int:pk>/indicateurs/<int:indicator_pk>/saisir/",
        indicators.indicator_grid_row,
        name="indicator_grid_row",
    ),
    path(
        "sites/<int:pk>/indicateurs/import/",
        indicators.measurement_import,
        name="measurement_import",
    ),
    path(
        "visions/imports/<int:pk>/",
        indicators.measurement_import_job,
        name="measurement_import_job",
    ),
    path(
        "sites/<int:pk>/indicateurs/modele.csv",
        indicators.measurement_template,
        name="measurement_template",
    ),
    # Actions
    path("sites/<int:pk>/actions/", actions.action_list, name="action_list"),
    path("sites/<int:pk>/actions/tableau/", actions.action_board, name="action_board"),
    path("sites/<int:pk>/actions/nouvelle/", actions.action_create, name="action_create"),
    path("visions/actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path("visions/actions/<int:pk>/modifier/", actions.action_edit, name="action_edit"),
    path("visions/actions/<int:pk>/supprimer/", actions.action_delete, name="action_delete"),
    path("visions/actions/<int:pk>/statut/", actions.action_move, name="action_move"),
    path(
        "visions/actions/<int:pk>/jalons/nouveau/",
        actions.milestone_create,
        name="milestone_create",
    ),
    path("visions/jalons/<int:pk>/basculer/", actions.milestone_toggle, name="milestone_toggle"),
    path("visions/jalons/<int:pk>/supprimer/", actions.milestone_delete, name="milestone_delete"),
    # The shared indicator library
    path("indicateurs/bibliotheque/", library.definition_list, name="definition_list"),
    path(
        "indicateurs/bibliotheque/nouvelle/",
        library.definition_create,
        name="definition_create",
    ),
    path(
        "indicateurs/bibliotheque/<int:pk>/",
        library.definition_detail,
        name="definition_detail",
    ),
    path(
        "indicateurs/bibliotheque/<int:pk>/modifier/",
        library.definition_edit,
        name="definition_edit",
    ),
    path(
        "visions/indicateurs/<int:pk>/proposer-a-la-bibliotheque/",
        library.indicator_propose,
        name="indicator_propose",
    ),
    # Vision templates
    path("visions/modeles/", library.template_list, name="template_list"),
    path("visions/modeles/<int:pk>/", library.template_detail, name="template_detail"),
    path(
        "sites/<int:pk>/vision/enregistrer-comme-modele/",
        library.template_create,
        name="template_create",
    ),
    path(
        "sites/<int:pk>/vision/depuis-un-modele/",
        library.vision_from_template,
        name="vision_from_template",
    ),
    # Self-assessment
    path(
        "sites/<int:pk>/auto-evaluation/",
        assessments.assessment_overview,
        name="assessment_overview",
    ),
    path(
        "sites/<int:pk>/auto-evaluation/nouvelle/",
        assessments.assessment_create,
        name="assessment_create",
    ),
    path(
        "visions/auto-evaluations/<int:pk>/",
        assessments.assessment_detail,
        name="assessment_detail",
    ),
    path(
        "visions/auto-evaluations/<int:pk>/modifier/",
        assessments.assessment_edit,
        name="assessment_edit",
    ),
]
