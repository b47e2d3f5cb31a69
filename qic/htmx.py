"""One URL for a page and its HTMX fragment (style.md §7)."""

from django.core.paginator import Paginator
from django.shortcuts import render


def render_page_or_fragment(request, template_name, context, fragment="results", status=200):
    """Render the whole page, or only its ``{% partialdef fragment %}`` when HTMX asks.

    Views using this must be decorated with ``@vary_on_headers("HX-Request")`` so that
    caches never serve a fragment for a page or the reverse.
    """
    if request.htmx and not request.htmx.boosted:
        template_name = f"{template_name}#{fragment}"
    return render(request, template_name, context, status=status)


def paginate(request, queryset, per_page=25):
    """The requested page of ``queryset``; a bad or out-of-range number gives the nearest."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
