from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from financements.models import (
    Call,
    CallEnvelope,
    Criterion,
    FundingLine,
    Proposal,
    ProposalBudget,
    Review,
    Score,
)
from qic.api.fields import CHANGE, ScopedRelatedField, object_url, site_id
from qic.api.serializers import ModelSerializer, ReadOnlyModelSerializer
from quartiers.models import Structure
from visions.models import Action


class FundingLineSerializer(ModelSerializer):
    url = object_url("fundingline")
    action = ScopedRelatedField(Action, action=CHANGE, help_text=gettext_lazy("L'action (id)."))
    site = site_id("action.site_id")
    funder = serializers.PrimaryKeyRelatedField(
        queryset=Structure.objects.all(), help_text=gettext_lazy("Le financeur (id de structure).")
    )

    class Meta:
        model = FundingLine
        fields = [
            "id",
            "url",
            "action",
            "site",
            "funder",
            "funder_kind",
            "year",
            "requested",
            "granted",
            "paid",
            "excess_confirmed",
            "status",
            "reference",
            "convention_date",
            "beneficiary_siret",
            "beneficiary_rna",
            "note",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]


class EnvelopeSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = CallEnvelope
        fields = ["funder", "funder_kind", "amount"]


class CriterionSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "label", "max_score"]


class CallSerializer(ReadOnlyModelSerializer):
    url = object_url("call")
    envelopes = EnvelopeSerializer(many=True, read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Call
        fields = [
            "id",
            "url",
            "site",
            "title",
            "description",
            "objectives",
            "opens_on",
            "closes_on",
            "reviewer_cercles",
            "envelopes",
            "criteria",
            "updated_at",
        ]


class BudgetSerializer(ReadOnlyModelSerializer):
    funder = serializers.IntegerField(source="envelope.funder_id", read_only=True)

    class Meta:
        model = ProposalBudget
        fields = ["envelope", "funder", "amount"]


# « Proposal » is the cercles' proposals' component: this one is the call's.
@extend_schema_serializer(component_name="CallProposal")
class ProposalSerializer(ReadOnlyModelSerializer):
    url = object_url("proposal")
    site = site_id("call.site_id")
    budget = BudgetSerializer(many=True, read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "url",
            "call",
            "site",
            "title",
            "summary",
            "lead_name",
            "lead_siret",
            "lead_rna",
            "partners",
            "objectives",
            "contact_name",
            "contact_email",
            "status",
            "decision",
            "decision_reason",
            "decided_on",
            "action",
            "budget",
            "created_at",
            "updated_at",
        ]


class ScoreSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = Score
        fields = ["criterion", "value"]


class ReviewSerializer(ReadOnlyModelSerializer):
    url = object_url("review")
    site = site_id("proposal.call.site_id")
    scores = ScoreSerializer(many=True, read_only=True)

    class Meta:
        model = Review
        fields = ["id", "url", "proposal", "site", "reviewer", "comment", "scores", "updated_at"]
