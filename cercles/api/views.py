"""API resources of the cercles app: each one reads and writes exactly as its pages.

Creating a cercle and recording its meetings, decisions and commitments is editing the
site (``cercles.perms.can_manage_cercles``); out of sight is 404, visible but not
changeable is 403. The docstrings of the view sets are the API's documentation.
"""

from django.db.models import Prefetch

from cercles import perms
from cercles.api import filters
from cercles.api import serializers as s
from cercles.models import AgendaItem, Attendance, CercleMember, ProposalOption
from qic.api.fields import with_site_id
from qic.api.viewsets import ReadOnlyViewSet, ReadWriteViewSet
from visions.models import Objective


class _CercleRowViewSet(ReadWriteViewSet):
    def can_create(self, user):
        return perms.can_manage_cercles_somewhere(user)

    def create_extra(self, serializer):
        return {"created_by": self.request.user}


class CercleViewSet(_CercleRowViewSet):
    """Cercles de courageux et comité de pilotage des sites (un seul comité ouvert par
    site), avec les objectifs de la vision qu'ils portent. On les crée et modifie sur un
    site qu'on peut modifier ; un cercle ne se supprime pas, il se ferme (`closed_on`)."""

    serializer_class = s.CercleSerializer
    filterset_class = filters.CercleFilter
    ordering_fields = ["created_at", "name"]
    create_only_fields = ("site",)

    def optimize(self, queryset):
        return queryset.select_related("created_by").prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.only("id"))
        )


class CercleMemberViewSet(_CercleRowViewSet):
    """Membres des cercles : une personne, un rôle (animateur·rice, membre, invité·e), une
    date d'arrivée et de départ. Ajouter un membre rattache la personne au site du
    cercle. Les membres partis restent (avec `left_on`)."""

    serializer_class = s.CercleMemberSerializer
    filterset_class = filters.CercleMemberFilter
    ordering_fields = ["joined_on"]
    create_only_fields = ("cercle", "personne")

    def optimize(self, queryset):
        queryset = with_site_id(queryset).select_related("personne")
        return self.related_for_writes(queryset, "cercle")

    def create_extra(self, serializer):
        return {}


class MeetingViewSet(_CercleRowViewSet):
    """Réunions des cercles, numérotées dans chaque cercle, avec leur ordre du jour et les
    présences notées (en lecture : ils se saisissent sur la page de la réunion). Une
    nouvelle réunion prend le numéro suivant du cercle."""

    serializer_class = s.MeetingSerializer
    filterset_class = filters.MeetingFilter
    ordering_fields = ["created_at", "starts_at"]
    create_only_fields = ("cercle",)

    def optimize(self, queryset):
        queryset = self.related_for_writes(with_site_id(queryset), "cercle")
        return queryset.prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("position", "pk")),
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("member").order_by("pk"),
            ),
        )

    def create_extra(self, serializer):
        return {}


class DecisionViewSet(_CercleRowViewSet):
    """Décisions prises en réunion, avec leur date de revue (`review_on`) : la décision
    revient à l'ordre du jour de la réunion qui suit cette date."""

    serializer_class = s.DecisionSerializer
    filterset_class = filters.DecisionFilter
    ordering_fields = ["created_at"]
    create_only_fields = ("meeting",)

    def optimize(self, queryset):
        queryset = with_site_id(queryset).select_related("created_by")
        return self.related_for_writes(queryset, "cercle")


class CommitmentViewSet(_CercleRowViewSet):
    """Engagements pris en réunion : un texte, une personne qui le porte (membre du
    cercle), une échéance, éventuellement l'action du plan qu'il fait avancer. En retard
    (`overdue`) : encore à faire après l'échéance. Passer `status` à « fait » le date
    d'aujourd'hui."""

    serializer_class = s.CommitmentSerializer
    filterset_class = filters.CommitmentFilter
    ordering_fields = ["created_at", "due_on"]
    create_only_fields = ("meeting",)

    def optimize(self, queryset):
        queryset = with_site_id(queryset).select_related("created_by")
        return self.related_for_writes(queryset, "meeting__cercle")


class ProposalViewSet(ReadOnlyViewSet):
    """Propositions des cercles (avis, consentement, choix, date, volontaires), avec leurs
    options, leur date de clôture et, une fois closes, leur issue (`outcome`) et la
    décision du registre qui en résulte (`decision`). On les ouvre, y répond et les clôt
    sur les pages."""

    serializer_class = s.ProposalSerializer
    filterset_class = filters.ProposalFilter
    ordering_fields = ["opened_at", "closes_at"]

    def optimize(self, queryset):
        return with_site_id(queryset).prefetch_related(
            Prefetch("options", queryset=ProposalOption.objects.order_by("position", "pk"))
        )


class ProposalAnswerViewSet(ReadOnlyViewSet):
    """Vos réponses aux propositions des cercles dont vous êtes membre (celles des autres
    membres se lisent sur la page de la proposition, sauf si elle est anonyme)."""

    serializer_class = s.ProposalAnswerSerializer
    filterset_class = filters.ProposalAnswerFilter
    ordering_fields = ["updated_at"]

    def optimize(self, queryset):
        own = CercleMember.objects.of_user(self.request.user).values("pk")
        return with_site_id(queryset).filter(member__in=own)
