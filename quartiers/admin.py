from django.contrib import admin

from quartiers import models


@admin.register(models.Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(models.Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    list_select_related = ["region"]
    search_fields = ["code", "name"]


@admin.register(models.EPCI)
class EPCIAdmin(admin.ModelAdmin):
    list_display = ["siren", "name"]
    search_fields = ["siren", "name"]


@admin.register(models.Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "departement", "epci"]
    list_select_related = ["departement", "epci"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["departement", "epci"]


@admin.register(models.Quartier)
class QuartierAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "generation", "departement"]
    list_filter = ["generation"]
    list_select_related = ["departement"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["communes", "epci", "departement"]


@admin.register(models.Structure)
class StructureAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "siret"]
    list_filter = ["kind"]
    search_fields = ["name", "siret"]
    autocomplete_fields = ["commune", "members"]


@admin.register(models.Personne)
class PersonneAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "structure", "function"]
    list_select_related = ["structure"]
    search_fields = ["last_name", "first_name", "email"]
    autocomplete_fields = ["structure", "sites", "user"]


class TrinomeMandateInline(admin.TabularInline):
    model = models.TrinomeMandate
    extra = 0
    autocomplete_fields = ["personne", "structure"]


class SiteStatusChangeInline(admin.TabularInline):
    model = models.SiteStatusChange
    extra = 0


@admin.register(models.Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "programme", "cohort"]
    list_filter = ["status", "programme", "cohort"]
    search_fields = ["name"]
    autocomplete_fields = ["quartiers", "chef_de_projet"]
    inlines = [TrinomeMandateInline, SiteStatusChangeInline]


@admin.register(models.SiteFollowUp)
class SiteFollowUpAdmin(admin.ModelAdmin):
    list_display = ["site", "contacted_on", "channel", "created_by"]
    list_select_related = ["site", "created_by"]
    autocomplete_fields = ["site"]
    readonly_fields = ["created_by", "recipients"]


class InterventionInline(admin.TabularInline):
    model = models.Intervention
    extra = 0
    fields = ["date", "kind", "hours", "note"]


@admin.register(models.Accompaniment)
class AccompanimentAdmin(admin.ModelAdmin):
    list_display = ["centre", "site", "kind", "start_date", "end_date", "hours_done"]
    list_select_related = ["centre", "site"]
    autocomplete_fields = ["centre", "site"]
    readonly_fields = ["hours_done"]
    inlines = [InterventionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_hours_done()


class FormationSessionInline(admin.TabularInline):
    model = models.FormationSession
    extra = 0


@admin.register(models.Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["year", "name"]
    inlines = [FormationSessionInline]


@admin.register(models.SiteAccess)
class SiteAccessAdmin(admin.ModelAdmin):
    list_display = ["user", "site", "created_at"]
    list_select_related = ["user", "site"]
    autocomplete_fields = ["user", "site"]
