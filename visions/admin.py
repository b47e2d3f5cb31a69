from django.contrib import admin

from visions import models


class VisionVersionInline(admin.TabularInline):
    model = models.VisionVersion
    extra = 0
    readonly_fields = ["number", "statement", "horizon", "adopted_on", "adopted_by", "recorded_by"]
    can_delete = False


class ObjectiveInline(admin.TabularInline):
    model = models.Objective
    extra = 0
    fields = ["position", "title", "contrat_priority"]
    readonly_fields = ["position"]


@admin.register(models.Vision)
class VisionAdmin(admin.ModelAdmin):
    list_display = ["site", "status", "horizon", "adopted_on"]
    list_filter = ["status"]
    list_select_related = ["site"]
    search_fields = ["site__name", "statement"]
    readonly_fields = ["status", "adopted_on", "adopted_by"]
    autocomplete_fields = ["site"]
    inlines = [ObjectiveInline, VisionVersionInline]


class MeasurementInline(admin.TabularInline):
    model = models.Measurement
    extra = 0
    fields = ["date", "value", "comment", "entered_by"]
    readonly_fields = ["entered_by"]


@admin.register(models.Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "objective", "direction", "frequency"]
    list_filter = ["direction", "frequency"]
    list_select_related = ["objective"]
    search_fields = ["name", "objective__title", "objective__vision__site__name"]
    inlines = [MeasurementInline]


class MilestoneInline(admin.TabularInline):
    model = models.Milestone
    extra = 0


@admin.register(models.Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "site", "status", "porteur", "progress"]
    list_filter = ["status"]
    list_select_related = ["site", "porteur"]
    search_fields = ["title", "site__name"]
    autocomplete_fields = ["site", "porteur", "partners"]
    filter_horizontal = ["objectives"]
    inlines = [MilestoneInline]


@admin.register(models.SelfAssessment)
class SelfAssessmentAdmin(admin.ModelAdmin):
    list_display = ["site", "date", "author"]
    list_select_related = ["site", "author"]
    search_fields = ["site__name"]
    autocomplete_fields = ["site"]


@admin.register(models.TurnTheCurve)
class TurnTheCurveAdmin(admin.ModelAdmin):
    list_display = ["indicator", "updated_at"]
    list_select_related = ["indicator"]
    search_fields = ["indicator__name"]


@admin.register(models.MeasurementImport)
class MeasurementImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "site", "requested_by", "status", "imported", "created_at"]
    list_filter = ["status"]
    search_fields = ["filename", "site__name", "requested_by__email"]
    readonly_fields = [f.name for f in models.MeasurementImport._meta.concrete_fields]

    def has_add_permission(self, request):
        return False


@admin.register(models.IndicatorDefinition)
class IndicatorDefinitionAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "direction", "status", "maintainer"]
    list_filter = ["status", "direction"]
    search_fields = ["name", "definition"]


class TemplateObjectiveInline(admin.TabularInline):
    model = models.TemplateObjective
    extra = 0


class TemplateActionThemeInline(admin.TabularInline):
    model = models.TemplateActionTheme
    extra = 0


@admin.register(models.VisionTemplate)
class VisionTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]
    inlines = [TemplateObjectiveInline, TemplateActionThemeInline]


@admin.register(models.TemplateIndicator)
class TemplateIndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "objective", "definition", "unit"]
    raw_id_fields = ["objective", "definition"]
