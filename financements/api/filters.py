"""API filters of the financements app: every row filters by its site (and the site's
QPV, département, région, programme, cohort), by ``modified_since``, and by its fields."""

import django_filters
from django.utils.translation import gettext_lazy as _

from financements.enums import Decision, FunderKind, FundingStatus, ProposalStatus
from financements.models import Call, FundingLine, Proposal, Review
from quartiers.api.filters import IdFilter, SiteRelatedFilterSet


class FundingLineFilter(SiteRelatedFilterSet):
    action = IdFilter(field_name="action", label=_("Id de l'action."))
    funder = IdFilter(field_name="funder", label=_("Id du financeur (structure)."))
    funder_kind = django_filters.MultipleChoiceFilter(
        choices=FunderKind.choices, label=_("Type de financeur.")
    )
    status = django_filters.MultipleChoiceFilter(choices=FundingStatus.choices, label=_("Statut."))
    year = django_filters.NumberFilter(field_name="year", label=_("Année."))

    class Meta:
        model = FundingLine
        fields = ["site", "action", "funder", "funder_kind", "status", "year"]


class CallFilter(SiteRelatedFilterSet):
    class Meta:
        model = Call
        fields = ["site"]


class ProposalFilter(SiteRelatedFilterSet):
    call = IdFilter(field_name="call", label=_("Id de l'appel."))
    status = django_filters.MultipleChoiceFilter(choices=ProposalStatus.choices, label=_("Statut."))
    decision = django_filters.MultipleChoiceFilter(choices=Decision.choices, label=_("Décision."))

    class Meta:
        model = Proposal
        fields = ["site", "call", "status", "decision"]


class ReviewFilter(SiteRelatedFilterSet):
    proposal = IdFilter(field_name="proposal", label=_("Id de la proposition."))

    class Meta:
        model = Review
        fields = ["site", "proposal"]
