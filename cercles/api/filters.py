"""API filters of the cercles app: every row filters by its site (and the site's QPV,
département, région, programme, cohort), by ``modified_since``, and by its own fields."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercles.enums import (
    CercleKind,
    CommitmentStatus,
    MeetingStatus,
    MemberRole,
    ProposalForm,
    ProposalStatus,
)
from cercles.models import (
    Cercle,
    CercleMember,
    Commitment,
    Decision,
    Meeting,
    Proposal,
    ProposalAnswer,
)
from quartiers.api.filters import IdFilter, SiteRelatedFilterSet


def _dates(label):
    return django_filters.DateFromToRangeFilter(label=label)


class CercleFilter(SiteRelatedFilterSet):
    kind = django_filters.ChoiceFilter(choices=CercleKind.choices, label=_("Type."))
    active = django_filters.BooleanFilter(
        field_name="closed_on", lookup_expr="isnull", label=_("true : cercles non fermés.")
    )

    class Meta:
        model = Cercle
        fields = ["site", "kind", "active"]


class CercleMemberFilter(SiteRelatedFilterSet):
    cercle = IdFilter(field_name="cercle", label=_("Id du cercle."))
    personne = IdFilter(field_name="personne", label=_("Id de la personne."))
    role = django_filters.ChoiceFilter(choices=MemberRole.choices, label=_("Rôle."))
    current = django_filters.BooleanFilter(
        method="filter_current", label=_("true : membres aujourd'hui ; false : les autres.")
    )

    class Meta:
        model = CercleMember
        fields = ["site", "cercle", "personne", "role", "current"]

    def filter_current(self, queryset, name, value):
        current = CercleMember.objects.current().values("pk")
        return queryset.filter(pk__in=current) if value else queryset.exclude(pk__in=current)


class MeetingFilter(SiteRelatedFilterSet):
    cercle = IdFilter(field_name="cercle", label=_("Id du cercle."))
    status = django_filters.MultipleChoiceFilter(choices=MeetingStatus.choices, label=_("Statut."))
    date = django_filters.DateFromToRangeFilter(
        field_name="starts_at__date",
        label=_("Jour de la réunion : date_after et/ou date_before (AAAA-MM-JJ, inclus)."),
    )
    upcoming = django_filters.BooleanFilter(
        method="filter_upcoming", label=_("true : pas encore terminées ; false : passées.")
    )

    class Meta:
        model = Meeting
        fields = ["site", "cercle", "status", "date", "upcoming"]

    def filter_upcoming(self, queryset, name, value):
        ended = queryset.filter(ends_at__lt=timezone.now()).values("pk")
        return queryset.exclude(pk__in=ended) if value else queryset.filter(pk__in=ended)


class DecisionFilter(SiteRelatedFilterSet):
    meeting = IdFilter(field_name="meeting", label=_("Id de la réunion."))
    cercle = IdFilter(field_name="cercle", label=_("Id du cercle."))
    review_on = _dates(_("À revoir : review_on_after et/ou review_on_before (AAAA-MM-JJ, inclus)."))

    class Meta:
        model = Decision
        fields = ["site", "meeting", "cercle", "review_on"]


class CommitmentFilter(SiteRelatedFilterSet):
    meeting = IdFilter(field_name="meeting", label=_("Id de la réunion."))
    cercle = IdFilter(field_name="meeting__cercle", label=_("Id du cercle."))
    owner = IdFilter(field_name="owner", label=_("Id de la personne qui le porte."))
    status = django_filters.MultipleChoiceFilter(
        choices=CommitmentStatus.choices, label=_("Statut.")
    )
    due_on = _dates(_("Échéance : due_on_after et/ou due_on_before (AAAA-MM-JJ, inclus)."))
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("true : encore à faire et en retard.")
    )

    class Meta:
        model = Commitment
        fields = ["site", "meeting", "cercle", "owner", "status", "due_on", "overdue"]

    def filter_overdue(self, queryset, name, value):
        late = Commitment.objects.overdue().values("pk")
        return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)


class ProposalFilter(SiteRelatedFilterSet):
    cercle = IdFilter(field_name="cercle", label=_("Id du cercle."))
    form = django_filters.ChoiceFilter(choices=ProposalForm.choices, label=_("Forme."))
    status = django_filters.ChoiceFilter(choices=ProposalStatus.choices, label=_("Statut."))

    class Meta:
        model = Proposal
        fields = ["site", "cercle", "form", "status"]


class ProposalAnswerFilter(SiteRelatedFilterSet):
    proposal = IdFilter(field_name="proposal", label=_("Id de la proposition."))

    class Meta:
        model = ProposalAnswer
        fields = ["site", "proposal"]
