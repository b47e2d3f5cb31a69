from django.contrib import admin

from statistiques import models


@admin.register(models.Variable)
class VariableAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "theme", "unit"]
    list_filter = ["theme"]
    search_fields = ["code", "label"]


@admin.register(models.StatSource)
class StatSourceAdmin(admin.ModelAdmin):
    list_display = ["file_name", "theme", "publisher", "is_invented", "created_at"]
    search_fields = ["file_name", "url"]


@admin.register(models.StatImport)
class StatImportAdmin(admin.ModelAdmin):
    list_display = ["source", "imported_at", "imported_by", "created_count", "updated_count"]
    list_select_related = ["source", "imported_by"]
    readonly_fields = ["imported_at"]


@admin.register(models.StatValue)
class StatValueAdmin(admin.ModelAdmin):
    list_display = ["variable", "quartier", "is_benchmark", "vintage", "value", "secrecy"]
    list_filter = ["is_benchmark", "vintage", "variable__theme"]
    list_select_related = ["variable", "quartier"]
    raw_id_fields = ["quartier", "variable", "source"]
    search_fields = ["variable__code", "quartier__code"]
