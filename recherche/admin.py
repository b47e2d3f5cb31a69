from django.contrib import admin

from recherche.models import SearchEntry


@admin.register(SearchEntry)
class SearchEntryAdmin(admin.ModelAdmin):
    """Read only: the index is derived from the rows (``manage.py reindex`` rebuilds it)."""

    list_display = ("title", "kind", "site", "object_id")
    list_filter = ("kind",)
    search_fields = ("title",)
    list_select_related = ("site",)
    exclude = ("vector",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
