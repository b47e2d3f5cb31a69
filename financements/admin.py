from django.contrib import admin

from financements import models


@admin.register(models.FundingLine)
class FundingLineAdmin(admin.ModelAdmin):
    list_display = [
        "action",
        "funder",
        "funder_kind",
        "year",
        "requested",
        "granted",
        "paid",
        "status",
    ]
    list_filter = ["funder_kind", "status", "year"]
    search_fields = ["action__title", "funder__name", "reference"]
    raw_id_fields = ["action", "funder"]
    list_select_related = ["action", "funder"]


class EnvelopeInline(admin.TabularInline):
    model = models.CallEnvelope
    raw_id_fields = ["funder"]
    extra = 0


class CriterionInline(admin.TabularInline):
    model = models.Criterion
    extra = 0


@admin.register(models.Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "site", "opens_on", "closes_on"]
    search_fields = ["title", "site__name"]
    raw_id_fields = ["site"]
    filter_horizontal = ["objectives", "reviewer_cercles"]
    inlines = [EnvelopeInline, CriterionInline]


class BudgetInline(admin.TabularInline):
    model = models.ProposalBudget
    extra = 0


@admin.register(models.Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "call", "lead_name", "status", "decision"]
    list_filter = ["status", "decision"]
    search_fields = ["title", "lead_name", "contact_email"]
    raw_id_fields = ["call", "action", "decided_by"]
    exclude = ["carrier_token_hash"]
    inlines = [BudgetInline]


@admin.register(models.ProposalDocument)
class ProposalDocumentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "proposal", "uploaded_at"]
    raw_id_fields = ["proposal"]


class ScoreInline(admin.TabularInline):
    model = models.Score
    extra = 0


@admin.register(models.Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["proposal", "reviewer", "updated_at"]
    raw_id_fields = ["proposal", "reviewer"]
    inlines = [ScoreInline]
