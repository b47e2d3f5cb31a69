from django.contrib import admin

from pratiques import models


class DocumentInline(admin.TabularInline):
    model = models.PracticeDocument
    extra = 0
    fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


class CommentInline(admin.TabularInline):
    model = models.PracticeComment
    extra = 0
    raw_id_fields = ["author"]


@admin.register(models.Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["title", "site", "theme", "status", "published_at"]
    list_filter = ["status", "theme", "objective_theme"]
    search_fields = ["title", "problem", "what_was_done"]
    raw_id_fields = ["site", "origin_action", "contact"]
    filter_horizontal = ["partners"]
    autocomplete_fields: list[str] = []
    readonly_fields = ["status", "published_at", "published_by", "created_by"]
    inlines = [DocumentInline, CommentInline]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "indicators":
            kwargs["widget"] = admin.widgets.FilteredSelectMultiple(db_field.verbose_name, False)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(models.PracticeBookmark)
class PracticeBookmarkAdmin(admin.ModelAdmin):
    list_display = ["practice", "user", "created_at"]
    raw_id_fields = ["practice", "user"]


@admin.register(models.PracticeAdoption)
class PracticeAdoptionAdmin(admin.ModelAdmin):
    list_display = ["practice", "site", "action", "created_at"]
    raw_id_fields = ["practice", "site", "action", "adopted_by"]
