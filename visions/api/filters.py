"""API filters of the visions app: every row filters by its site (and the site's QPV,
département, région, programme, cohort), by ``modified_since``, and by its own fields."""

import django_filters
from django.utils.translation import gettext_lazy as _

from qic.api.filters import FilterSet, modified_since
from quartiers.api.filters import IdFilter, SiteRelatedFilterSet
from visions.enums import (
    ActionStatus,
    DefinitionStatus,
    Direction,
    Frequency,
    Track,
    VisionStatus,
)
from visions.models import (
    Action,
    Indicator,
    IndicatorDefinition,
    Measurement,
    Milestone,
    Objective,
    SelfAssessment,
    Vision,
    VisionTemplate,
    VisionVersion,
)


def _dates(label):
    return django_filters.DateFromToRangeFilter(label=label)


class VisionFilter(SiteRelatedFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=VisionStatus.choices, label=_("Statut."))

    class Meta:
        model = Vision
        fields = ["site", "status"]


class VisionVersionFilter(SiteRelatedFilterSet):
    modified_since = modified_since("created_at")
    vision = IdFilter(field_name="vision", label=_("Id de la vision."))
    adopted_on = _dates(
        _("Adoption : adopted_on_after et/ou adopted_on_before (AAAA-MM-JJ, inclus).")
    )

    class Meta:
        model = VisionVersion
        fields = ["site", "vision", "adopted_on"]


class ObjectiveFilter(SiteRelatedFilterSet):
    vision = IdFilter(field_name="vision", label=_("Id de la vision."))

    class Meta:
        model = Objective
        fields = ["site", "vision"]


class IndicatorFilter(SiteRelatedFilterSet):
    objective = IdFilter(field_name="objective", label=_("Id de l'objectif."))
    direction = django_filters.ChoiceFilter(choices=Direction.choices, label=_("Sens souhaité."))
    frequency = django_filters.ChoiceFilter(
        choices=Frequency.choices, label=_("Fréquence de mesure.")
    )
    track = django_filters.MultipleChoiceFilter(
        choices=Track.choices,
        label=_("Où en est l'indicateur (plusieurs possibles : ?track=en_retard&track=s_eloigne)."),
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        label=_("true : la valeur de la dernière période échue manque."),
    )

    def filter_overdue(self, queryset, name, value):
        overdue = queryset.overdue()
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))

    class Meta:
        model = Indicator
        fields = ["site", "objective", "direction", "frequency", "track", "overdue"]


class MeasurementFilter(SiteRelatedFilterSet):
    modified_since = modified_since("created_at")
    indicator = IdFilter(field_name="indicator", label=_("Id de l'indicateur."))
    date = _dates(_("Date de la valeur : date_after et/ou date_before (AAAA-MM-JJ, inclus)."))

    class Meta:
        model = Measurement
        fields = ["site", "indicator", "date"]


class ActionFilter(SiteRelatedFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ActionStatus.choices, label=_("Statut."))
    objective = IdFilter(field_name="objectives", label=_("Id d'un objectif servi."))
    porteur = IdFilter(field_name="porteur", label=_("Id de la structure qui porte l'action."))
    start_date = _dates(_("Début : start_date_after et/ou start_date_before (AAAA-MM-JJ, inclus)."))

    class Meta:
        model = Action
        fields = ["site", "status", "objective", "porteur", "start_date"]


class MilestoneFilter(SiteRelatedFilterSet):
    action = IdFilter(field_name="action", label=_("Id de l'action."))
    done = django_filters.BooleanFilter(field_name="done", label=_("Atteint ou non."))
    due_date = _dates(_("Échéance : due_date_after et/ou due_date_before (AAAA-MM-JJ, inclus)."))

    class Meta:
        model = Milestone
        fields = ["site", "action", "done", "due_date"]


class SelfAssessmentFilter(SiteRelatedFilterSet):
    date = _dates(_("Date : date_after et/ou date_before (AAAA-MM-JJ, inclus)."))

    class Meta:
        model = SelfAssessment
        fields = ["site", "date"]


class IndicatorDefinitionFilter(FilterSet):
    status = django_filters.ChoiceFilter(choices=DefinitionStatus.choices, label=_("Statut."))
    direction = django_filters.ChoiceFilter(choices=Direction.choices, label=_("Sens souhaité."))

    class Meta:
        model = IndicatorDefinition
        fields = ["status", "direction"]


class VisionTemplateFilter(FilterSet):
    class Meta:
        model = VisionTemplate
        fields: list[str] = []
