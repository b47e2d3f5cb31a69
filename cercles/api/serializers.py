"""How cercles, their members, meetings, decisions and commitments read and write in the
API (field names: the model's; descriptions in French in the schema)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from cercles import services
from cercles.enums import CommitmentStatus, MemberRole
from cercles.models import (
    AgendaItem,
    Attendance,
    Cercle,
    CercleMember,
    Commitment,
    Decision,
    Meeting,
    Proposal,
    ProposalAnswer,
    ProposalOption,
)
from qic.api.fields import CHANGE, ScopedRelatedField, object_url, request_user, site_id
from qic.api.serializers import (
    ModelSerializer,
    ReadOnlyModelSerializer,
    Serializer,
    UserSummarySerializer,
)
from quartiers.models import Personne, Site
from visions.models import Action, Objective


def _not_of_site(field, obj):
    return serializers.ValidationError(
        {field: [_("« %(object)s » n'appartient pas au site de ce cercle.") % {"object": obj}]}
    )


class CercleSerializer(ModelSerializer):
    url = object_url("cercle")
    site = ScopedRelatedField(Site, action=CHANGE, help_text=gettext_lazy("Le site (id)."))
    objectives = ScopedRelatedField(
        Objective,
        many=True,
        required=False,
        help_text=gettext_lazy("Les objectifs de la vision du site que le cercle porte (ids)."),
    )
    created_by = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Cercle
        fields = [
            "id",
            "url",
            "site",
            "kind",
            "name",
            "purpose",
            "objectives",
            "closed_on",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        site = attrs.get("site") or self.instance.site
        for objective in attrs.get("objectives", []):
            if objective.vision.site_id != site.pk:
                raise _not_of_site("objectives", objective)
        return attrs


class PersonneSummarySerializer(Serializer):
    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(read_only=True, help_text=gettext_lazy("Prénom et nom."))


class CercleMemberSerializer(ModelSerializer):
    url = object_url("cerclemember")
    cercle = ScopedRelatedField(Cercle, action=CHANGE, help_text=gettext_lazy("Le cercle (id)."))
    site = site_id("cercle.site_id")
    personne = ScopedRelatedField(
        Personne,
        help_text=gettext_lazy(
            "La personne (id, voir `personnes/`) : elle est rattachée au site du cercle."
        ),
    )
    personne_name = serializers.CharField(
        source="personne.full_name", read_only=True, help_text=gettext_lazy("Prénom et nom.")
    )

    class Meta:
        model = CercleMember
        fields = [
            "id",
            "url",
            "cercle",
            "site",
            "personne",
            "personne_name",
            "role",
            "joined_on",
            "left_on",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]

    def create(self, validated_data):
        membership = services.cercle_member_add(
            cercle=validated_data["cercle"],
            personne=validated_data["personne"],
            role=validated_data.get("role", MemberRole.MEMBRE),
            joined_on=validated_data.get("joined_on") or timezone.localdate(),
            author=request_user(self),
        )
        if validated_data.get("left_on"):
            membership.left_on = validated_data["left_on"]
            membership.save()
        return membership


class AgendaItemSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["id", "position", "title", "notes", "commitment", "decision"]
        read_only_fields = fields


class AttendanceSerializer(ReadOnlyModelSerializer):
    personne = serializers.IntegerField(
        source="member.personne_id", read_only=True, help_text=gettext_lazy("Id de la personne.")
    )

    class Meta:
        model = Attendance
        fields = ["member", "personne", "status"]
        read_only_fields = fields


class MeetingSerializer(ModelSerializer):
    url = object_url("meeting")
    cercle = ScopedRelatedField(Cercle, action=CHANGE, help_text=gettext_lazy("Le cercle (id)."))
    site = site_id("cercle.site_id")
    agenda_items = AgendaItemSerializer(
        many=True,
        read_only=True,
        help_text=gettext_lazy("L'ordre du jour, dans l'ordre (il se prépare sur les pages)."),
    )
    attendances = AttendanceSerializer(
        many=True,
        read_only=True,
        help_text=gettext_lazy("Les présences notées (elles se saisissent sur les pages)."),
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "url",
            "cercle",
            "site",
            "sequence",
            "starts_at",
            "ends_at",
            "place",
            "video_url",
            "status",
            "minutes",
            "agenda_items",
            "attendances",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["sequence", "created_at", "updated_at"]

    def create(self, validated_data):
        status = validated_data.pop("status", None)
        minutes = validated_data.pop("minutes", "")
        meeting = services.meeting_create(author=request_user(self), **validated_data)
        if status or minutes:
            meeting.status = status or meeting.status
            meeting.minutes = minutes
            meeting.save()
        return meeting


class DecisionSerializer(ModelSerializer):
    url = object_url("decision")
    meeting = ScopedRelatedField(
        Meeting, action=CHANGE, help_text=gettext_lazy("La réunion où elle a été prise (id).")
    )
    site = site_id("cercle.site_id")
    created_by = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "url",
            "cercle",
            "meeting",
            "site",
            "text",
            "review_on",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["cercle", "created_at", "updated_at"]


class CommitmentSerializer(ModelSerializer):
    url = object_url("commitment")
    meeting = ScopedRelatedField(
        Meeting, action=CHANGE, help_text=gettext_lazy("La réunion où il a été pris (id).")
    )
    site = site_id("meeting.cercle.site_id")
    owner = ScopedRelatedField(
        Personne, help_text=gettext_lazy("Qui le porte (id) : un membre actuel du cercle.")
    )
    action = ScopedRelatedField(
        Action,
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "L'action du plan que l'engagement fait avancer (id), du même site."
        ),
    )
    overdue = serializers.BooleanField(
        source="is_overdue",
        read_only=True,
        help_text=gettext_lazy("Encore à faire et l'échéance est passée."),
    )
    created_by = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "url",
            "meeting",
            "site",
            "text",
            "owner",
            "due_on",
            "action",
            "status",
            "done_on",
            "overdue",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["done_on", "created_at", "updated_at"]
        extra_kwargs = {
            "status": {
                "help_text": gettext_lazy(
                    "« fait » date l'engagement d'aujourd'hui (done_on) ; revenir à « à faire » "
                    "efface cette date."
                )
            }
        }

    def validate(self, attrs):
        meeting = attrs.get("meeting") or self.instance.meeting
        owner = attrs.get("owner")
        if owner is not None and not (self.instance and owner.pk == self.instance.owner_id):
            members = CercleMember.objects.filter(cercle_id=meeting.cercle_id, left_on__isnull=True)
            if not members.filter(personne=owner).exists():
                raise serializers.ValidationError(
                    {
                        "owner": [
                            _("« %(personne)s » n'est pas membre du cercle.") % {"personne": owner}
                        ]
                    }
                )
        action = attrs.get("action")
        if action is not None and action.site_id != meeting.cercle.site_id:
            raise _not_of_site("action", action)
        if "status" in attrs:
            was_done = self.instance is not None and self.instance.status == CommitmentStatus.FAIT
            if attrs["status"] != CommitmentStatus.FAIT:
                attrs["done_on"] = None
            elif not was_done:
                attrs["done_on"] = timezone.localdate()
        return super().validate(attrs)


class ProposalOptionSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = ProposalOption
        fields = ["id", "position", "label", "starts_at", "ends_at"]


class ProposalSerializer(ModelSerializer):
    url = object_url("proposal")
    site = site_id("cercle.site_id")
    options = ProposalOptionSerializer(many=True, read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "url",
            "cercle",
            "site",
            "form",
            "title",
            "text",
            "closes_at",
            "quorum",
            "hide_results",
            "anonymous",
            "multiple",
            "max_volunteers",
            "status",
            "outcome",
            "decision",
            "meeting",
            "options",
            "opened_at",
            "closed_at",
            "updated_at",
        ]


class ProposalAnswerSerializer(ModelSerializer):
    url = object_url("proposalanswer")
    site = site_id("proposal.cercle.site_id")

    class Meta:
        model = ProposalAnswer
        fields = [
            "id",
            "url",
            "proposal",
            "site",
            "member",
            "option",
            "value",
            "reason",
            "updated_at",
        ]
