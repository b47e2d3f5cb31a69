"""The results page (`/recherche/?q=`), its live fragments, and one kind's results."""

from dataclasses import dataclass
from math import ceil

from django.http import Http404
from django.views.decorators.vary import vary_on_headers

from qic.htmx import render_page_or_fragment
from recherche import registry
from recherche.forms import SearchForm
from recherche.search import KIND_PAGE_SIZE, PAGE_LIMIT, PREVIEW_LIMIT, search

# The header's field asks for this fragment (its hx-target): a short list under it.
PREVIEW_TARGET = "recherche-apercu"


@vary_on_headers("HX-Request", "HX-Target")
def search_page(request):
    form = SearchForm(request.GET or None)
    query = form.query()
    preview = bool(request.htmx) and request.htmx.target == PREVIEW_TARGET
    groups = search(request.user, query, limit=PREVIEW_LIMIT if preview else PAGE_LIMIT)
    context = {"form": form, "query": query, "groups": groups}
    fragment = "preview" if preview else "results"
    return render_page_or_fragment(request, "recherche/search.html", context, fragment=fragment)


@dataclass
class _Paginator:
    num_pages: int


@dataclass
class KindPage:
    """What includes/pagination.html reads of a page, for one kind's results."""

    number: int
    paginator: _Paginator

    def has_previous(self):
        return self.number > 1

    def has_next(self):
        return self.number < self.paginator.num_pages

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1


@vary_on_headers("HX-Request")
def search_kind(request, kind):
    index = registry.get(kind)
    if index is None:
        raise Http404
    form = SearchForm(request.GET or None)
    query = form.query()
    try:
        number = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        number = 1
    number = min(number, 10_000)
    groups = search(
        request.user,
        query,
        kinds=[kind],
        limit=KIND_PAGE_SIZE,
        offset=(number - 1) * KIND_PAGE_SIZE,
    )
    group = groups[0] if groups else None
    total = group.total if group else 0
    context = {
        "form": form,
        "query": query,
        "index": index,
        "group": group,
        "page_obj": KindPage(number, _Paginator(max(1, ceil(total / KIND_PAGE_SIZE)))),
        "page_limit": PAGE_LIMIT,
    }
    return render_page_or_fragment(request, "recherche/search_kind.html", context)
