from django.contrib import admin

from cercles import models


class CercleMemberInline(admin.TabularInline):
    model = models.CercleMember
    extra = 0
    autocomplete_fields = ["personne"]


@admin.register(models.Cercle)
class CercleAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "site", "closed_on"]
    list_filter = ["kind"]
    list_select_related = ["site"]
    search_fields = ["name", "site__name"]
    autocomplete_fields = ["site"]
    inlines = [CercleMemberInline]


class AgendaItemInline(admin.TabularInline):
    model = models.AgendaItem
    extra = 0


@admin.register(models.Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["cercle", "sequence", "starts_at", "status"]
    list_filter = ["status"]
    list_select_related = ["cercle"]
    search_fields = ["cercle__name", "place"]
    raw_id_fields = ["cercle"]
    inlines = [AgendaItemInline]


@admin.register(models.Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "cercle", "meeting", "review_on"]
    raw_id_fields = ["meeting"]


@admin.register(models.Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "owner", "due_on", "status", "done_on"]
    list_filter = ["status"]
    list_select_related = ["owner"]
    raw_id_fields = ["meeting", "owner"]


@admin.register(models.MeetingDocument)
class MeetingDocumentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "meeting", "content_type", "size", "uploaded_at"]
    raw_id_fields = ["meeting"]
    # The file is served by cercles.views.documents only, which checks access.
    exclude = ["file"]


class ProposalOptionInline(admin.TabularInline):
    model = models.ProposalOption
    extra = 0


@admin.register(models.Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "cercle", "form", "status", "closes_at"]
    list_filter = ["form", "status"]
    list_select_related = ["cercle"]
    search_fields = ["title", "cercle__name"]
    raw_id_fields = ["cercle"]
    inlines = [ProposalOptionInline]


@admin.register(models.ProposalAnswer)
class ProposalAnswerAdmin(admin.ModelAdmin):
    list_display = ["proposal", "member", "option", "value", "updated_at"]
    list_filter = ["value"]
    raw_id_fields = ["proposal", "member", "option"]


@admin.register(models.MeetingReply)
class MeetingReplyAdmin(admin.ModelAdmin):
    list_display = ["meeting", "member", "answer", "updated_at"]
    list_filter = ["answer"]
    raw_id_fields = ["meeting", "member"]
