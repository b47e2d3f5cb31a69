"""API resources of the financements app: each one reads and writes exactly as its pages.

Funding lines are read and written like on an action's page; calls, proposals and
reviews are read (by the site's users and the calls' reviewers). Carriers never use the
API: their proposal is reached through its link only.
"""

from django.db.models import Prefetch

from financements.api import filters
from financements.api import serializers as s
from financements.models import Score
from qic.api.viewsets import FullViewSet, ReadOnlyViewSet
from visions import perms as visions_perms


class FundingLineViewSet(FullViewSet):
    """Lignes de financement des actions : financeur et type de financeur, année,
    montants demandé, accordé et versé (euros, deux décimales), statut (demandé, accordé,
    refusé, versé en partie, soldé), référence Dauphin ou du financeur, date de la
    convention, SIRET ou RNA du bénéficiaire. Mêmes contrôles que le formulaire : accordé
    au plus égal au demandé sauf confirmation, versé au plus égal à l'accordé."""

    serializer_class = s.FundingLineSerializer
    filterset_class = filters.FundingLineFilter
    ordering_fields = ["year", "convention_date"]
    create_only_fields = ("action",)

    def optimize(self, queryset):
        return queryset.select_related("action")

    def can_create(self, user):
        return visions_perms.can_contribute(user)

    def can_delete_object(self, user, obj):
        return self.can_change_object(user, obj)


class CallViewSet(ReadOnlyViewSet):
    """Appels à vision des sites : objectifs visés, dates d'ouverture et de clôture,
    enveloppes par financeur, grille d'évaluation, cercles qui évaluent."""

    serializer_class = s.CallSerializer
    filterset_class = filters.CallFilter
    ordering_fields = ["opens_on"]

    def optimize(self, queryset):
        return queryset.prefetch_related("objectives", "reviewer_cercles", "envelopes", "criteria")


class ProposalViewSet(ReadOnlyViewSet):
    """Propositions reçues par les appels, avec leur budget demandé par financeur et la
    décision du trinôme ; les évaluateurs d'un appel lisent ses propositions."""

    serializer_class = s.ProposalSerializer
    filterset_class = filters.ProposalFilter
    ordering_fields = ["created_at"]

    def optimize(self, queryset):
        return queryset.select_related("call").prefetch_related("objectives", "budget__envelope")


class ReviewViewSet(ReadOnlyViewSet):
    """Évaluations des propositions : une note par critère et un commentaire."""

    serializer_class = s.ReviewSerializer
    filterset_class = filters.ReviewFilter
    ordering_fields = ["updated_at"]

    def optimize(self, queryset):
        return queryset.select_related("proposal__call").prefetch_related(
            Prefetch("scores", queryset=Score.objects.order_by("criterion_id"))
        )
